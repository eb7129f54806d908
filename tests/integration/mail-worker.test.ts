import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import type { DB } from '../../src/db/schema.ts';
import {
  claimDueMails,
  enqueueMail,
  listMails,
  mailBackoffMs,
  MAX_MAIL_ATTEMPTS,
  retryMail,
  type NewMail,
} from '../../src/mail/outbox.ts';
import { createMailTransport, type MailTransport } from '../../src/mail/transport.ts';
import { createMailWorker } from '../../src/mail/worker.ts';
import { decodeMimeWords, parseMail, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const MAIL_FROM = '区政府办公室 <noreply@portal.example.gov.cn>';

function mail(n: number, to = `citizen${n}@example.cn`): NewMail {
  return {
    kind: 'case_reply',
    caseId: null,
    to,
    subject: `关于您第${n}号来信的答复（区长信箱）`,
    text: `尊敬的市民${n}：\n\n您反映的“小区噪声扰民”问题已转区生态环境局办理。\n\n区政府办公室`,
  };
}

function testClock(start: Date) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}

function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function outboxRows(db: Kysely<DB>) {
  return db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

let tdb: TestDatabase;
let sink: SmtpSink;
let transports: MailTransport[];
let clock: ReturnType<typeof testClock>;

beforeEach(async () => {
  tdb = await createTestDatabase();
  sink = await startSmtpSink();
  transports = [];
  clock = testClock(new Date('2026-03-02T02:00:00Z'));
});

afterEach(async () => {
  for (const t of transports) t.close();
  await sink.close();
  await tdb.destroy();
});

function transportTo(smtpUrl: string | null): MailTransport {
  const transport = createMailTransport({ smtpUrl, mailFrom: MAIL_FROM, dataDir: tdb.dir });
  transports.push(transport);
  return transport;
}

function workerOn(database: Pick<Database, 'db' | 'kind'>, transport: MailTransport, options: { batchSize?: number; pollMs?: number } = {}) {
  return createMailWorker({
    db: database.db,
    kind: database.kind,
    transport,
    clock,
    logger: captureLogs().logger,
    pollMs: options.pollMs ?? 1000,
    batchSize: options.batchSize,
  });
}

describe('mail worker over SMTP', () => {
  it('delivers each pending mail exactly once with its Chinese subject and body intact', async () => {
    await enqueueMail(tdb.db, mail(1), clock.now());
    // Inside a transaction, as a case change writes it.
    await tdb.db.transaction().execute((trx) => enqueueMail(trx, mail(2), clock.now()));
    await enqueueMail(tdb.db, mail(3), clock.now());
    const worker = workerOn(tdb, transportTo(sink.url));

    expect(await worker.runOnce()).toEqual({ sent: 3, failed: 0 });

    expect(sink.messages).toHaveLength(3);
    const received = [...sink.messages].sort((a, b) => a.to[0].localeCompare(b.to[0]));
    for (const [i, message] of received.entries()) {
      const expected = mail(i + 1);
      expect(message.to).toEqual([expected.to]);
      expect(message.subject).toBe(expected.subject);
      expect(message.text).toBe(expected.text);
      expect(message.from).toBe('noreply@portal.example.gov.cn');
      expect(decodeMimeWords(message.headers.get('from')!)).toBe(MAIL_FROM);
    }
    // A stable id per row, with one per-database tag: a resend after a crash is recognisable.
    const ids = sink.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(3);
    const tags = ids.map((id) => /^<outbox-\d+\.([0-9a-f]{16})@portal>$/.exec(id)?.[1]);
    expect(new Set(tags)).toEqual(new Set([tags[0]]));

    for (const row of await outboxRows(tdb.db)) {
      expect(row).toMatchObject({ status: 'sent', sent_at: clock.now().toISOString(), locked_until: null, attempts: 0 });
    }

    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sink.messages).toHaveLength(3);
  });

  it('never sends a mail whose transaction rolled back', async () => {
    await expect(
      tdb.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, mail(1), clock.now());
        throw new Error('case change refused');
      }),
    ).rejects.toThrow('case change refused');

    expect(await listMails(tdb.db, { limit: 10 })).toEqual([]);
    expect(await workerOn(tdb, transportTo(sink.url)).runOnce()).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps mails while the server is down and delivers them once it is back', async () => {
    const { port, url } = sink;
    await sink.close();
    await enqueueMail(tdb.db, mail(1), clock.now());
    await enqueueMail(tdb.db, mail(2), clock.now());
    const { logger, lines } = captureLogs();
    const worker = createMailWorker({ db: tdb.db, kind: tdb.kind, transport: transportTo(url), clock, logger, pollMs: 1000 });

    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 2 });
    for (const row of await outboxRows(tdb.db)) {
      expect(row).toMatchObject({
        status: 'pending',
        attempts: 1,
        locked_until: null,
        sent_at: null,
        next_attempt_at: new Date(clock.now().getTime() + 30_000).toISOString(),
      });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
    }
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(2);
    // The log names the mail but holds none of the citizen's data.
    expect(warnings[0]).toMatchObject({ mailKind: 'case_reply', attempt: 1 });
    expect(JSON.stringify(lines)).not.toMatch(/尊敬的市民|citizen\d@example\.cn/);

    // Not due before its backoff ends.
    clock.advance(29_000);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });

    sink = await startSmtpSink({ port });
    clock.advance(2_000);
    expect(await worker.runOnce()).toEqual({ sent: 2, failed: 0 });
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['citizen1@example.cn', 'citizen2@example.cn']);
    expect((await outboxRows(tdb.db)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('backs off 30 s doubling, gives up after 8 attempts, and a retry sends to the corrected address', async () => {
    sink.failNext(MAX_MAIL_ATTEMPTS, 550);
    await enqueueMail(tdb.db, mail(1, 'typo@exmaple.cn'), clock.now());
    const worker = workerOn(tdb, transportTo(sink.url));

    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_MAIL_ATTEMPTS; attempt++) {
      expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
      const [row] = await outboxRows(tdb.db);
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toMatch(/550/);
      const wait = Date.parse(row.next_attempt_at) - clock.now().getTime();
      waits.push(wait);
      clock.advance(wait);
    }
    expect(waits.slice(0, 7)).toEqual([30, 60, 120, 240, 480, 960, 1920].map((s) => s * 1000));
    expect(mailBackoffMs(9)).toBe(3_600_000);

    const [failed] = await listMails(tdb.db, { status: 'failed', limit: 10 });
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_MAIL_ATTEMPTS, to_address: 'typo@exmaple.cn' });
    // A failed mail waits for the office, however much time passes.
    clock.advance(7 * 24 * 3600_000);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });

    expect(await retryMail(tdb.db, failed.id, clock.now(), 'citizen1@example.cn')).toBe(true);
    expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0].to).toEqual(['citizen1@example.cn']);
    expect(sink.messages[0].subject).toBe(mail(1).subject);
    // Only a failed mail can be put back.
    expect(await retryMail(tdb.db, failed.id, clock.now())).toBe(false);
  });

  it('never sends a mail twice when two workers on one database claim at the same time', async () => {
    const second = openDatabase(tdb.url);
    try {
      for (let n = 1; n <= 30; n++) await enqueueMail(tdb.db, mail(n), clock.now());
      const a = workerOn(tdb, transportTo(sink.url), { batchSize: 4 });
      const b = workerOn(second, transportTo(sink.url), { batchSize: 4 });

      const sentBy = { a: 0, b: 0 };
      for (;;) {
        const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
        sentBy.a += ra.sent;
        sentBy.b += rb.sent;
        if (ra.sent + rb.sent === 0) break;
      }

      expect(sentBy.a + sentBy.b).toBe(30);
      expect(sentBy.a).toBeGreaterThan(0);
      expect(sentBy.b).toBeGreaterThan(0);
      expect(sink.messages).toHaveLength(30);
      expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(30);
      expect(new Set(sink.messages.map((m) => m.to[0])).size).toBe(30);
    } finally {
      await second.close();
    }
  });

  it('polls in the background, survives a failing run, and stops after the current run', async () => {
    const { logger, lines } = captureLogs();
    const worker = createMailWorker({ db: tdb.db, kind: tdb.kind, transport: transportTo(sink.url), clock, logger, pollMs: 20 });
    worker.start();
    await enqueueMail(tdb.db, mail(1), clock.now());
    await vi.waitFor(() => expect(sink.messages).toHaveLength(1));

    // The outbox is unreachable for a while: each run fails, the loop goes on.
    await sql`alter table outbox rename to outbox_away`.execute(tdb.db);
    await vi.waitFor(() => expect(lines.some((l) => l.msg === 'mail worker run failed')).toBe(true));
    await sql`alter table outbox_away rename to outbox`.execute(tdb.db);
    await enqueueMail(tdb.db, mail(2), clock.now());
    await vi.waitFor(() => expect(sink.messages).toHaveLength(2));

    await worker.stop();
    await enqueueMail(tdb.db, mail(3), clock.now());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.messages).toHaveLength(2);
    expect((await listMails(tdb.db, { status: 'pending', limit: 10 })).map((r) => r.to_address)).toEqual(['citizen3@example.cn']);
  });
});

describe('mail worker without SMTP_URL', () => {
  it('writes each mail as a complete .eml file under DATA_DIR/mail', async () => {
    await enqueueMail(tdb.db, mail(7), clock.now());
    const transport = transportTo(null);
    expect(await workerOn(tdb, transport).runOnce()).toEqual({ sent: 1, failed: 0 });

    const dir = join(tdb.dir, 'mail');
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^outbox-1\.[0-9a-f]{16}@portal\.eml$/);
    const parsed = parseMail(await readFile(join(dir, files[0]), 'utf8'));
    expect(parsed.subject).toBe(mail(7).subject);
    expect(parsed.text).toBe(mail(7).text);
    expect(parsed.headers.get('to')).toBe('citizen7@example.cn');
    expect(parsed.headers.get('message-id')).toBe(`<${files[0].replace(/\.eml$/, '')}>`);
    const [row] = await outboxRows(tdb.db);
    expect(row).toMatchObject({ status: 'sent', sent_at: clock.now().toISOString() });

    // Sent again after a crash, the same Message-ID replaces the file rather than adding one.
    await transport.send({ ...mail(7), messageId: parsed.headers.get('message-id')! });
    expect(await readdir(dir)).toEqual(files);
  });
});

describe('claiming on each dialect', () => {
  async function claimSql(dialect: 'postgres' | 'sqlite') {
    const statements: string[] = [];
    const db = new Kysely<DB>({
      dialect: {
        createAdapter: () => (dialect === 'postgres' ? new PostgresAdapter() : new SqliteAdapter()),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => (dialect === 'postgres' ? new PostgresIntrospector(k) : new SqliteIntrospector(k)),
        createQueryCompiler: () => (dialect === 'postgres' ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
      },
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
    await claimDueMails(db, dialect, clock.now(), 5);
    await db.destroy();
    return statements.join('\n');
  }

  it('skips rows another PostgreSQL instance is claiming, in one statement', async () => {
    const pgSql = await claimSql('postgres');
    expect(pgSql).toMatch(/^update "outbox" set "locked_until" = \$1 where "id" in \(select .* for update skip locked\) returning \*$/);
    expect(await claimSql('sqlite')).not.toMatch(/for update/);
  });
});
