// Several portal instances on one PostgreSQL database, as a city runs them behind a load balancer:
// two real server processes take a few hundred concurrent letters, one is stopped mid-way, and
// still every accepted letter has its own gap-free reference and its receipt mail goes out once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/cases/references.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { DB } from '../../src/db/schema.ts';
import { claimDueMails, enqueueMail } from '../../src/mail/outbox.ts';
import { DEFAULT_LETTER_LIMITS } from '../../src/domain/codes.ts';
import { LETTER } from '../helpers/cases.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_URL = process.env.TEST_DATABASE_URL;
const SKIP_REASON = 'needs a PostgreSQL server (TEST_DATABASE_URL): runs in the postgres project only';

const SUBMISSIONS = 300;
const CONCURRENCY = 20;
const STOP_AFTER = 150;

interface Instance {
  name: string;
  origin: string;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  // Even a failed test leaves no server behind.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `portal-${name}-`));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: '1', MAIL_POLL_MS: '200', LOG_LEVEL: 'silent', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const origin = `http://127.0.0.1:${port}`;
  // server.ts prints its URL once it listens; a process that dies first fails the test with its stderr.
  const deadline = Date.now() + 45_000;
  while (!out.includes('门户已启动')) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening:\n${err}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start within 45 s:\n${out}\n${err}`);
    await sleep(50);
  }
  const res = await fetch(`${origin}/letters/mayor`);
  expect(res.status, `${name} answers`).toBe(200);
  return { name, origin, child, stdout: () => out, stderr: () => err, exited };
}

/** A fresh PostgreSQL database that nothing has migrated or seeded yet. */
async function createEmptyDatabase(serverUrl: string): Promise<string> {
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function sleep(ms: number) {
  return new Promise((done) => setTimeout(done, ms));
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

interface Outcome {
  index: number;
  email: string;
  instance: string;
  status: number | null;
  reference: string | null;
  error: string | null;
}

async function submitLetter(instance: Instance, index: number): Promise<Outcome> {
  const email = `citizen${index}@example.com`;
  const outcome: Outcome = { index, email, instance: instance.name, status: null, reference: null, error: null };
  try {
    const res = await fetch(`${instance.origin}/letters/mayor`, {
      method: 'POST',
      redirect: 'manual',
      // As the load balancer reports it: each citizen writes from an address of their own.
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: instance.origin, 'x-forwarded-for': `10.0.${index >> 8}.${index & 255}` },
      body: new URLSearchParams({ ...LETTER, email, subject: `${LETTER.subject}（第${index}封）` }),
      signal: AbortSignal.timeout(30_000),
    });
    outcome.status = res.status;
    await res.arrayBuffer();
    const receipt = res.headers.getSetCookie().find((c) => c.startsWith('receipt='));
    if (receipt) outcome.reference = decodeURIComponent(receipt.split(';')[0]!.slice('receipt='.length)).split(':')[0]!;
  } catch (error) {
    outcome.error = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  }
  return outcome;
}

describe('two server instances on one PostgreSQL database', () => {
  it(
    'give every accepted letter its own gap-free reference and send each receipt exactly once, though one instance stops mid-way',
    { timeout: 240_000 },
    async (ctx) => {
      ctx.skip(!SERVER_URL, SKIP_REASON);
      const database: TestDatabase = await createTestDatabase();
      cleanups.push(() => database.destroy());
      const sink: SmtpSink = await startSmtpSink();
      cleanups.push(() => sink.close());
      const env = { DATABASE_URL: database.url, SMTP_URL: sink.url };
      const [a, b] = await Promise.all([startInstance('a', env), startInstance('b', env)]);

      const outcomes: Outcome[] = [];
      let next = 0;
      let stopped = false;
      let pendingAtStop: number[] = [];
      let stopping: Promise<void> | undefined;
      const stopA = async () => {
        // The mails still waiting when A goes away: B must send them.
        const rows = await database.db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute();
        pendingAtStop = rows.map((r) => r.id);
        a.child.kill('SIGTERM');
      };
      const worker = async () => {
        while (next < SUBMISSIONS) {
          const index = next++;
          // Spread over both until A is stopped; from then on the load balancer only knows B.
          const target = !stopped && index % 2 === 0 ? a : b;
          outcomes.push(await submitLetter(target, index));
          if (!stopped && outcomes.length >= STOP_AFTER) {
            stopped = true;
            stopping = stopA();
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await stopping;
      // A shuts down cleanly: it finishes the mails it had claimed before it closes the database.
      expect(await a.exited, a.stderr()).toBe(0);

      const accepted = outcomes.filter((o) => o.status === 303);
      const refused = outcomes.filter((o) => o.status !== 303);
      // Only letters in flight to A when it stopped may have failed; B took every letter it was sent.
      expect(refused.every((o) => o.instance === 'a'), JSON.stringify(refused.slice(0, 5))).toBe(true);
      expect(refused.length).toBeLessThanOrEqual(CONCURRENCY);
      expect(accepted.filter((o) => o.instance === 'a').length).toBeGreaterThan(50);
      expect(accepted.filter((o) => o.instance === 'b').length).toBeGreaterThan(150);
      expect(accepted.every((o) => o.reference !== null)).toBe(true);
      expect(new Set(accepted.map((o) => o.reference)).size).toBe(accepted.length);

      // Gap-free 1..n for the channel and year, and nothing a citizen was told is missing.
      const cases = await database.db
        .selectFrom('cases')
        .select(['id', 'reference', 'email'])
        .where('channel', '=', 'mayor_mailbox')
        .orderBy('reference')
        .execute();
      expect(cases.length).toBeGreaterThanOrEqual(accepted.length);
      // Per year (a run across midnight on 31 December starts a second series at 000001).
      const counters = await database.db.selectFrom('reference_counters').selectAll().where('channel', '=', 'mayor_mailbox').execute();
      expect(counters.reduce((sum, c) => sum + c.last_number, 0)).toBe(cases.length);
      for (const { year, last_number } of counters) {
        const references = cases.map((c) => c.reference).filter((r) => r.startsWith(formatReference('mayor_mailbox', year, 0).slice(0, -6)));
        expect(references).toEqual(Array.from({ length: last_number }, (_, i) => formatReference('mayor_mailbox', year, i + 1)));
      }
      const caseByReference = new Map(cases.map((c) => [c.reference, c]));
      const submittedEvents = await database.db.selectFrom('case_events').select('case_id').where('type', '=', 'submitted').execute();
      const eventsPerCase = new Map<number, number>();
      for (const e of submittedEvents) eventsPerCase.set(e.case_id, (eventsPerCase.get(e.case_id) ?? 0) + 1);
      const outbox = await database.db.selectFrom('outbox').select(['id', 'case_id', 'to_address', 'kind']).execute();
      for (const o of accepted) {
        const row = caseByReference.get(o.reference!);
        expect(row?.email, o.reference!).toBe(o.email);
        expect(eventsPerCase.get(row!.id)).toBe(1);
        expect(outbox.filter((m) => m.case_id === row!.id).map((m) => [m.kind, m.to_address])).toEqual([['receipt', o.email]]);
      }
      expect(outbox).toHaveLength(cases.length);

      // B carries on with the outbox alone, including what A had queued but not sent.
      await waitFor('the outbox to be sent', 120_000, async () => {
        const pending = await database.db.selectFrom('outbox').select('id').where('status', '!=', 'sent').limit(1).execute();
        return pending.length === 0 && sink.messages.length >= outbox.length;
      });
      // A mail claimed twice would arrive moments after the first copy: give it the time to show.
      await sleep(1_000);
      expect(sink.messages).toHaveLength(outbox.length);
      const tag = (await database.db.selectFrom('settings').select('value').where('key', '=', 'mail_message_id_tag').executeTakeFirstOrThrow()).value;
      const messageIds = sink.messages.map((m) => m.messageId).sort();
      expect(messageIds).toEqual(outbox.map((m) => `<outbox-${m.id}.${tag}@portal>`).sort());
      const recipients = sink.messages.flatMap((m) => m.to).sort();
      expect(recipients).toEqual(cases.map((c) => c.email!).sort());
      for (const id of pendingAtStop) {
        expect(messageIds.filter((m) => m === `<outbox-${id}.${tag}@portal>`), `mail ${id} pending when A stopped`).toHaveLength(1);
      }
      ctx.annotate(`${accepted.length} accepted, ${refused.length} refused by the stopping instance, ${pendingAtStop.length} mails pending when it stopped`);

      b.child.kill('SIGTERM');
      expect(await b.exited, b.stderr()).toBe(0);
    },
  );

  it('claim each due mail for one worker only, however many claim at the same moment', { timeout: 60_000 }, async (ctx) => {
    ctx.skip(!SERVER_URL, SKIP_REASON);
    const database = await createTestDatabase();
    cleanups.push(() => database.destroy());
    const now = new Date();
    for (let i = 0; i < 400; i++) {
      await enqueueMail(database.db, { kind: 'receipt', caseId: null, to: `citizen${i}@example.com`, subject: '回执', text: '已收到' }, now);
    }
    // Two instances' connection pools, ten connections each, all claiming small batches at once.
    const instances = [openDatabase(database.url), openDatabase(database.url)];
    cleanups.push(async () => {
      for (const instance of instances) await instance.close();
    });
    const claimed: number[] = [];
    const claimer = async (db: Kysely<DB>) => {
      for (;;) {
        const rows = await claimDueMails(db, 'postgres', now, 3);
        if (rows.length === 0) return;
        claimed.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all(instances.flatMap(({ db }) => Array.from({ length: 10 }, () => claimer(db))));
    const ids = (await database.db.selectFrom('outbox').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(claimed.sort((x, y) => x - y)).toEqual(ids);
  });

  it('start together on an empty database: one migrates and seeds, the other waits and finds it done', { timeout: 120_000 }, async (ctx) => {
    ctx.skip(!SERVER_URL, SKIP_REASON);
    const url = await createEmptyDatabase(SERVER_URL!);
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const env = { DATABASE_URL: url, SMTP_URL: sink.url };
    const instances = await Promise.all([startInstance('first', env), startInstance('second', env)]);

    // Exactly one of them created the administrator and printed the one-time password.
    const printed = instances.filter((i) => i.stdout().includes('已创建区政府办公室管理员账号'));
    expect(printed).toHaveLength(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const count = async (table: string) => (await client.query(`select count(*)::int as n from ${table}`)).rows[0].n;
      expect(await count('users')).toBe(1);
      expect(await count('departments')).toBeGreaterThan(1);
      expect(await count('category_deadlines')).toBe(Object.keys(DEFAULT_LETTER_LIMITS).length);
      expect(await count('kysely_migration')).toBe(readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts')).length);
      const years = await client.query('select count(*)::int as n, min(year) as first, max(year) as last from calendar_years');
      expect(years.rows[0]).toEqual({ n: 23, first: 2004, last: 2026 });
    } finally {
      await client.end();
    }
    for (const instance of instances) {
      instance.child.kill('SIGTERM');
      expect(await instance.exited, instance.stderr()).toBe(0);
    }
  });
});
