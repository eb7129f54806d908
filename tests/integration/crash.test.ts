// The server is killed (SIGKILL: no shutdown, no flush) while citizens keep submitting letters.
// After the crash every letter that was given a reference is stored whole, nothing is stored by
// halves, the reference numbers run without a gap, and the restarted server carries on.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byId, textOf } from '../helpers/html.ts';
import { numberedLetter, postLetter, startServer, type Acknowledged, type ServerProcess } from '../helpers/server-process.ts';

const CONCURRENT = 4;
const MAX_LETTERS = 3000;

let dir: string;
let databaseFile: string;
let servers: ServerProcess[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-crash-'));
  databaseFile = join(dir, 'portal.sqlite');
  servers = [];
});

afterEach(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ServerProcess> {
  const server = await startServer(`sqlite:${databaseFile}`, dir);
  servers.push(server);
  return server;
}

/**
 * A few citizens submit one letter after another until the server dies under them. Returns what the
 * server acknowledged and every failure that happened while it was still alive (there must be none).
 */
async function submitUntilKilled(server: ServerProcess) {
  const acknowledged: Acknowledged[] = [];
  const failuresWhileAlive: string[] = [];
  let next = 1;
  let killed = false;
  const citizen = async () => {
    while (next <= MAX_LETTERS) {
      const n = next++;
      try {
        acknowledged.push(await postLetter(server.url, n));
      } catch (error) {
        if (!killed) failuresWhileAlive.push(String(error));
        return;
      }
    }
  };
  const load = Promise.all(Array.from({ length: CONCURRENT }, citizen));
  // Kill once the load is well under way: a few dozen letters in, requests in flight on every connection.
  const started = Date.now();
  while (acknowledged.length < 30 && Date.now() - started < 30_000 && next <= MAX_LETTERS) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 300));
  killed = true;
  await server.stop('SIGKILL');
  await load;
  return { acknowledged, failuresWhileAlive, sent: next - 1 };
}

type Row = Record<string, unknown>;

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('crash under load (SQLite only: PostgreSQL keeps its own write-ahead log)', () => {
  it('keeps every acknowledged letter whole, nothing by halves, and numbers without a gap', { timeout: 180_000 }, async () => {
    const first = await start();
    const { acknowledged, failuresWhileAlive, sent } = await submitUntilKilled(first);
    expect(failuresWhileAlive).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    // The kill came mid-load: some submissions never got their answer.
    expect(sent).toBeGreaterThan(acknowledged.length);

    // The file as the crash left it (opening it replays the write-ahead log, as the next start does).
    const file = new SqliteDatabase(databaseFile);
    let maxNumber: number;
    try {
      expect(file.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(file.pragma('foreign_key_check')).toEqual([]);

      const cases = file.prepare('select * from cases order by reference').all() as Row[];
      const byReference = new Map(cases.map((c) => [c.reference as string, c]));
      for (const ack of acknowledged) {
        const letter = numberedLetter(ack.n);
        const row = byReference.get(ack.reference);
        expect(row, `${ack.reference} (letter ${ack.n}) was acknowledged but is missing`).toBeDefined();
        expect(row).toMatchObject({
          channel: 'mayor_mailbox',
          status: 'submitted',
          category: 'suggestion',
          applicant_name: letter.name,
          phone: letter.phone,
          email: ack.email,
          subject: letter.subject,
          content: letter.content,
        });
      }

      // Every stored case, acknowledged or not, is whole: exactly one 'submitted' event, and its
      // receipt mail exactly when an address was given; nothing points at a case that is not there.
      const events = file.prepare("select case_id, count(*) as n from case_events where type = 'submitted' group by case_id").all() as Row[];
      const eventCount = new Map(events.map((e) => [e.case_id as number, e.n as number]));
      const mails = file.prepare("select case_id, count(*) as n from outbox where kind = 'receipt' group by case_id").all() as Row[];
      const mailCount = new Map(mails.map((m) => [m.case_id as number, m.n as number]));
      for (const row of cases) {
        expect(eventCount.get(row.id as number) ?? 0, `events of ${row.reference}`).toBe(1);
        expect(mailCount.get(row.id as number) ?? 0, `receipt mails of ${row.reference}`).toBe(row.email ? 1 : 0);
      }
      expect(file.prepare('select count(*) as n from case_events').get()).toEqual({ n: cases.length });
      expect(file.prepare('select count(*) as n from outbox').get()).toEqual({ n: mails.length });
      expect(file.prepare('select count(*) as n from case_events where case_id not in (select id from cases)').get()).toEqual({ n: 0 });
      expect(file.prepare('select count(*) as n from outbox where case_id not in (select id from cases)').get()).toEqual({ n: 0 });

      // XZ2026-000001 … up to the highest, each once, and the counter where the numbers stop.
      const numbers = cases.map((c) => Number(/^XZ\d{4}-(\d{6})$/.exec(c.reference as string)![1])).sort((a, b) => a - b);
      maxNumber = numbers.length;
      expect(numbers).toEqual(Array.from({ length: maxNumber }, (_, i) => i + 1));
      expect(file.prepare("select last_number from reference_counters where channel = 'mayor_mailbox'").get()).toEqual({ last_number: maxNumber });
      // Stored but unanswered: at most the requests that were in flight when the process died.
      expect(maxNumber - acknowledged.length).toBeLessThanOrEqual(CONCURRENT);
    } finally {
      file.close();
    }

    // The restarted server on the same file: the next letter takes the next number, and a citizen
    // finds a letter filed just before the crash.
    const second = await start();
    const after = await postLetter(second.url, MAX_LETTERS + 1);
    expect(Number(after.reference.slice(-6))).toBe(maxNumber + 1);
    const last = acknowledged.at(-1)!;
    const lookup = await fetch(`${second.url}/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: second.url },
      body: new URLSearchParams({ reference: last.reference, code: last.queryCode }),
    });
    expect(lookup.status).toBe(200);
    const page = textOf(byId(await lookup.text(), 'main')!.inner);
    expect(page).toContain(last.reference);
    expect(page).toContain(last.subject);
    await second.stop('SIGTERM');

    const reopened = new SqliteDatabase(databaseFile, { readonly: true });
    try {
      expect(reopened.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(reopened.prepare('select count(*) as n from cases').get()).toEqual({ n: maxNumber + 1 });
    } finally {
      reopened.close();
    }
  });

  it('on restart, deletes the file of an upload a crash cut off before its commit', { timeout: 120_000 }, async () => {
    // What a crash between staging a file and committing its row leaves: a temporary file no row names.
    const attachments = join(dir, 'attachments');
    mkdirSync(attachments, { recursive: true });
    const orphan = join(attachments, `${'c'.repeat(32)}.part`);
    writeFileSync(orphan, 'half a file');
    const yesterday = new Date(Date.now() - 24 * 60 * 60_000);
    utimesSync(orphan, yesterday, yesterday);

    await start();
    const deadline = Date.now() + 30_000;
    while (existsSync(orphan) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    expect(existsSync(orphan)).toBe(false);
  });
});
