// Reminders: became_overdue events, the daily digests to departments and the office, and the
// assignment mail on dispatch — delivered by the real mail worker to an in-process SMTP server.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CompiledQuery } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import {
  approveReply,
  confirmCase,
  dispatchMany,
  rateReply,
  reopenCase,
  saveDraft,
  startConsultation,
  submitForReview,
  transferCase,
  type CaseDeps,
} from '../../src/cases/service.ts';
import type { Role, StaffUser } from '../../src/domain/roles.ts';
import { createMailTransport, type MailTransport } from '../../src/mail/transport.ts';
import { createMailWorker, type MailWorker } from '../../src/mail/worker.ts';
import { overdueCandidatesQuery } from '../../src/reminders/queries.ts';
import { createReminderScheduler, type ReminderRun, type ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { RUNNING_STATUSES } from '../../src/domain/case-state.ts';
import { createUser } from '../../src/users/service.ts';
import { departmentId, DISCLOSURE_PERSON, fileDisclosure, fileMayorLetter, LETTER, type FiledCase } from '../helpers/cases.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An instant given as China wall-clock time, e.g. '2026-03-10T08:00'. */
const china = (wallClock: string) => new Date(`${wallClock}:00+08:00`);

let t: TestApp;
let sink: SmtpSink;
let transport: MailTransport;
let worker: MailWorker;
let deps: CaseDeps;
let logLines: Array<Record<string, unknown>>;
let scheduler: ReminderScheduler;
let office: StaffUser;
let userCounter = 0;
let delivered = 0;

beforeEach(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
  transport = createMailTransport({ smtpUrl: sink.url, mailFrom: '区政府办公室 <noreply@portal.example.gov.cn>', dataDir: t.database.dir });
  worker = createMailWorker({ db: t.db, kind: t.database.kind, transport, clock: t.clock, logger: pino({ level: 'silent' }), pollMs: 1000, batchSize: 50 });
  deps = { db: t.db, dbKind: t.database.kind, clock: t.clock, calendar: createCalendarSource(t.db), config: t.config };
  logLines = [];
  scheduler = createReminderScheduler({
    db: t.db,
    calendar: createCalendarSource(t.db),
    config: t.config,
    clock: t.clock,
    logger: pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) }),
  });
  delivered = 0;
  office = await staff('office_staff', null, 'office@district.gov.cn');
});

afterEach(async () => {
  await scheduler.stop();
  transport.close();
  await sink.close();
  await t.destroy();
});

async function staff(role: Role, department: string | null, email: string | null): Promise<StaffUser> {
  userCounter++;
  const login = `reminder${userCounter}`;
  const { id } = await createUser(t.db, { login, role, department, displayName: `工作人员${userCounter}`, email }, t.clock.now());
  const row = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { id, login, role, departmentId: row.department_id, displayName: row.display_name, email };
}

/** Files a 区长信箱 letter at `wallClock` and has the office accept and dispatch it at once. */
async function dispatchedLetter(wallClock: string, department: string, overrides: Record<string, string>): Promise<FiledCase> {
  t.clock.set(china(wallClock));
  const filed = await fileMayorLetter(t, overrides);
  const [result] = await dispatchMany(deps, office, [filed.id], await departmentId(t, department));
  expect(result).toMatchObject({ ok: true });
  return filed;
}

/** Lets the mail worker send everything due and returns the messages received since the last call. */
async function deliver(): Promise<SinkMessage[]> {
  while ((await worker.runOnce()).sent > 0);
  const fresh = sink.messages.slice(delivered);
  delivered = sink.messages.length;
  return fresh;
}

async function runAt(wallClock: string): Promise<ReminderRun> {
  t.clock.set(china(wallClock));
  return scheduler.runOnce();
}

async function overdueEvents(caseId: number) {
  return t.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).where('type', '=', 'became_overdue').orderBy('id').execute();
}

const recipients = (messages: SinkMessage[]) => messages.flatMap((m) => m.to).sort();
const mailTo = (messages: SinkMessage[], address: string) => messages.find((m) => m.to.includes(address))!;

describe('became_overdue', () => {
  it('is recorded once per case and due date, only for open cases whose clock runs', async () => {
    const late = await dispatchedLetter('2026-03-02T10:00', '教育局', { category: 'inquiry', subject: '学校周边交通拥堵' });
    const answered = await dispatchedLetter('2026-03-02T10:00', '教育局', { category: 'inquiry', subject: '学区划分咨询' });
    const onTime = await dispatchedLetter('2026-03-02T10:00', '教育局', { category: 'complaint', subject: '校车超载' });
    const disclosure = await fileDisclosure(t);
    await confirmCase(deps, office, disclosure.id);
    await dispatchMany(deps, office, [disclosure.id], await departmentId(t, '教育局'));
    const clerk = await staff('dept_staff', '教育局', null);
    await startConsultation(deps, clerk, disclosure.id, { party: 'third_party', note: '涉及第三方商业信息' });

    t.clock.set(china('2026-03-05T10:00'));
    await saveDraft(deps, clerk, answered.id, { replyText: '按学区划分方案执行。' });
    await submitForReview(deps, clerk, answered.id);
    await approveReply(deps, office, answered.id);

    // Due on 9 March: still on time that whole day.
    expect(await runAt('2026-03-09T23:59')).toMatchObject({ overdueEvents: 0 });
    expect(await runAt('2026-03-10T00:00')).toMatchObject({ overdueEvents: 1 });
    expect(await runAt('2026-03-10T09:00')).toMatchObject({ overdueEvents: 0 });
    expect(await runAt('2026-03-11T09:00')).toMatchObject({ overdueEvents: 0 });

    const [event, ...more] = await overdueEvents(late.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actor_label: '系统', actor_user_id: null, visibility: 'internal', at: china('2026-03-10T00:00').toISOString() });
    expect(JSON.parse(event!.payload)).toEqual({ due_on: '2026-03-09', message: '已超过办理期限（应于2026年3月9日前答复）。' });
    // Closed, not yet due (15 working days: 23 March) and paused by a consultation: nothing.
    expect(await overdueEvents(answered.id)).toEqual([]);
    expect(await overdueEvents(onTime.id)).toEqual([]);
    expect(await overdueEvents(disclosure.id)).toEqual([]);

    // Answered late, rated 不满意, reopened: a new due date (18 March), missed again — a second event.
    await saveDraft(deps, clerk, late.id, { replyText: '已协调交警部门。' });
    await submitForReview(deps, clerk, late.id);
    await approveReply(deps, office, late.id);
    await rateReply(deps, late.id, { rating: 'dissatisfied' });
    await reopenCase(deps, office, late.id, { reason: '问题仍未解决' });
    expect(await runAt('2026-03-18T18:00')).toMatchObject({ overdueEvents: 0 });
    expect(await runAt('2026-03-19T09:00')).toMatchObject({ overdueEvents: 1 });
    expect(await runAt('2026-03-19T10:00')).toMatchObject({ overdueEvents: 0 });
    expect((await overdueEvents(late.id)).map((e) => JSON.parse(e.payload).due_on)).toEqual(['2026-03-09', '2026-03-18']);
  });

  it("reads each overdue case's earlier became_overdue events from their own index, not from the case's timeline", async () => {
    const { sql, parameters } = overdueCandidatesQuery(t.db, { statuses: RUNNING_STATUSES, today: '2026-03-10', limit: 1 }).compile();
    if (t.database.kind === 'sqlite') {
      const plan = await t.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]));
      expect(plan.rows.map((r) => r.detail)).toContain('SEARCH case_events USING COVERING INDEX case_events_became_overdue (case_id=?)');
    } else {
      // PostgreSQL picks by table size; on a test database it scans. The index is there, partial as on SQLite.
      const index = await t.db.executeQuery<{ indexdef: string }>(CompiledQuery.raw(`select indexdef from pg_indexes where indexname = 'case_events_became_overdue'`));
      expect(index.rows[0]?.indexdef).toMatch(/\(case_id, payload\) WHERE \(?type = 'became_overdue'/);
    }
  });
});

describe('daily digest', () => {
  let jy1: StaffUser;
  let jy2: StaffUser;
  let mz: StaffUser;
  let overdueJy: FiledCase;
  let laterJy: FiledCase;
  let overdueMz: FiledCase;
  let dueSoonJy: FiledCase;

  beforeEach(async () => {
    jy1 = await staff('dept_staff', '教育局', 'jy1@district.gov.cn');
    jy2 = await staff('dept_staff', '教育局', 'jy2@district.gov.cn');
    await staff('dept_staff', '教育局', null);
    const left = await staff('dept_staff', '教育局', 'left@district.gov.cn');
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', left.id).execute();
    mz = await staff('dept_staff', '民政局', 'mz@district.gov.cn');
    // Due 9 March, 23 March, 9 March and 11 March.
    overdueJy = await dispatchedLetter('2026-03-02T10:00', '教育局', { category: 'inquiry', subject: '学校周边交通拥堵' });
    laterJy = await dispatchedLetter('2026-03-02T10:00', '教育局', { category: 'complaint', subject: '校车超载' });
    overdueMz = await dispatchedLetter('2026-03-02T10:00', '民政局', { category: 'inquiry', subject: '养老补贴发放' });
    dueSoonJy = await dispatchedLetter('2026-03-04T10:00', '教育局', { category: 'inquiry', subject: '课后服务收费' });
    await deliver(); // receipts and assignment mails
  });

  it('goes out from 08:00 on working days, once a day, one mail per clerk, without personal data', async () => {
    expect(await runAt('2026-03-10T07:59')).toEqual({ overdueEvents: 2, digestMails: 0 });
    expect(await deliver()).toEqual([]);

    expect(await runAt('2026-03-10T08:00')).toEqual({ overdueEvents: 0, digestMails: 4 });
    const first = await deliver();
    expect(recipients(first)).toEqual(['jy1@district.gov.cn', 'jy2@district.gov.cn', 'mz@district.gov.cn', 'office@district.gov.cn']);

    const jyMail = mailTo(first, jy1.email!);
    expect(jyMail.subject).toBe('【示例区政民互动·每日提醒】区教育局：已逾期1件，即将到期1件（2026年3月10日）');
    expect(jyMail.text).toContain(
      [
        '【已逾期】1件',
        `1. ${overdueJy.reference}  学校周边交通拥堵`,
        '   答复期限：2026-03-09（已逾期1个工作日）  状态：办理中',
        `   ${t.config.publicUrl}/cases/${overdueJy.id}`,
        '',
        '【即将到期】1件',
        `1. ${dueSoonJy.reference}  课后服务收费`,
        '   答复期限：2026-03-11（剩余1个工作日）  状态：办理中',
        `   ${t.config.publicUrl}/cases/${dueSoonJy.id}`,
      ].join('\n'),
    );
    expect(mailTo(first, jy2.email!).text).toBe(jyMail.text);
    expect(jyMail.text).not.toContain(laterJy.reference);
    expect(jyMail.text).not.toContain(overdueMz.reference);

    const mzMail = mailTo(first, mz.email!);
    expect(mzMail.subject).toBe('【示例区政民互动·每日提醒】区民政局：已逾期1件（2026年3月10日）');
    expect(mzMail.text).toContain(`1. ${overdueMz.reference}  养老补贴发放`);
    expect(mzMail.text).not.toContain(overdueJy.reference);

    const officeMail = mailTo(first, office.email!);
    expect(officeMail.subject).toBe('【示例区政民互动·每日提醒】全区逾期案件2件（2026年3月10日）');
    expect(officeMail.text).toMatch(new RegExp(`【区教育局】1件\\n1\\. ${overdueJy.reference} [^]*【区民政局】1件\\n1\\. ${overdueMz.reference} `));
    expect(officeMail.text).not.toContain(dueSoonJy.reference);

    for (const mail of first) {
      for (const personal of [LETTER.phone, LETTER.name, LETTER.email]) {
        expect(mail.text).not.toContain(personal);
        expect(mail.subject).not.toContain(personal);
      }
    }
    const claims = await t.db
      .withTables<{ job_runs: { job: string; run_key: string; claimed_at: string } }>()
      .selectFrom('job_runs')
      .select(['job', 'run_key'])
      .execute();
    const [jyId, mzId] = [await departmentId(t, '教育局'), await departmentId(t, '民政局')];
    expect(claims.map((c) => `${c.job} ${c.run_key}`).sort()).toEqual(
      ['became_overdue 2026-03-10', `department_digest 2026-03-10/${jyId}`, `department_digest 2026-03-10/${mzId}`, 'office_digest 2026-03-10'].sort(),
    );

    // Later the same day: nothing more.
    expect(await runAt('2026-03-10T15:00')).toEqual({ overdueEvents: 0, digestMails: 0 });
    expect(await deliver()).toEqual([]);

    // The next working day: again, with the days counted on.
    expect(await runAt('2026-03-11T08:30')).toEqual({ overdueEvents: 0, digestMails: 4 });
    const second = await deliver();
    expect(recipients(second)).toEqual(recipients(first));
    expect(mailTo(second, jy1.email!).text).toContain('   答复期限：2026-03-09（已逾期2个工作日）  状态：办理中');
    expect(mailTo(second, jy1.email!).text).toContain('   答复期限：2026-03-11（今日到期）  状态：办理中');

    // Saturday, and 清明 on Monday 6 April: no digest; Tuesday 7 April and the make-up working Saturday 9 May: digest.
    expect(await runAt('2026-03-14T09:00')).toEqual({ overdueEvents: 1, digestMails: 0 });
    expect(await runAt('2026-04-06T09:00')).toEqual({ overdueEvents: 1, digestMails: 0 });
    expect(await deliver()).toEqual([]);
    expect(await runAt('2026-04-07T08:00')).toMatchObject({ digestMails: 4 });
    expect(mailTo(await deliver(), jy1.email!).subject).toBe('【示例区政民互动·每日提醒】区教育局：已逾期3件（2026年4月7日）');
    expect(await runAt('2026-05-09T08:00')).toMatchObject({ digestMails: 4 });
    expect(recipients(await deliver())).toEqual(recipients(first));
  });

  it('shows the office overdue cases not dispatched yet, after those of the departments', async () => {
    t.clock.set(china('2026-03-02T10:00'));
    const waiting = await fileDisclosure(t);
    await confirmCase(deps, office, waiting.id); // received 2 March, due 30 March, still with the office
    await deliver();

    expect(await runAt('2026-03-31T08:00')).toMatchObject({ digestMails: 4 });
    const mails = await deliver();
    const officeText = mailTo(mails, office.email!).text;
    expect(officeText).toMatch(new RegExp(`【区教育局】3件[^]*【区民政局】1件[^]*【尚未分办】1件\\n1\\. ${waiting.reference} `));
    expect(officeText).not.toContain(DISCLOSURE_PERSON.id_number);
    for (const address of [jy1.email!, mz.email!]) expect(mailTo(mails, address).text).not.toContain(waiting.reference);
  });

  it('is skipped with one warning a day when the calendar lacks the year, while overdue cases are still recorded', async () => {
    expect(await runAt('2027-01-04T09:00')).toEqual({ overdueEvents: 4, digestMails: 0 });
    expect(await runAt('2027-01-04T10:00')).toEqual({ overdueEvents: 0, digestMails: 0 });
    expect(await deliver()).toEqual([]);
    const warnings = logLines.filter((l) => l.level === 40);
    expect(warnings).toEqual([expect.objectContaining({ year: 2027, msg: expect.stringContaining('calendar has no schedule') })]);
  });

  it('is sent exactly once when two server instances run at the same moment', async () => {
    const other = await startSecondInstance(t.database.url, t.config.publicUrl);
    try {
      // Day by day: the overdue cases of the day, then one digest per department and the office's.
      for (const [day, newlyOverdue] of [['2026-03-10', 2], ['2026-03-11', 0], ['2026-03-12', 1]] as const) {
        t.clock.set(china(`${day}T08:00`));
        const [mine, theirs] = await Promise.all([scheduler.runOnce(), other.run(t.clock.now())]);
        expect(mine.overdueEvents + theirs.overdueEvents).toBe(newlyOverdue);
        expect(mine.digestMails + theirs.digestMails).toBe(4);
        expect(recipients(await deliver())).toEqual(['jy1@district.gov.cn', 'jy2@district.gov.cn', 'mz@district.gov.cn', 'office@district.gov.cn']);
      }
      for (const filed of [overdueJy, overdueMz, dueSoonJy]) expect(await overdueEvents(filed.id)).toHaveLength(1);
      expect(await other.run(t.clock.now())).toEqual({ overdueEvents: 0, digestMails: 0 });
      expect(await scheduler.runOnce()).toEqual({ overdueEvents: 0, digestMails: 0 });
      expect(await deliver()).toEqual([]);
    } finally {
      other.stop();
    }
  });

  it('runs by itself every interval once started, until stopped', async () => {
    const background = createReminderScheduler({
      db: t.db,
      calendar: createCalendarSource(t.db),
      config: t.config,
      clock: t.clock,
      logger: pino({ level: 'silent' }),
      intervalMs: 20,
    });
    t.clock.set(china('2026-03-10T08:00'));
    background.start();
    await vi.waitFor(async () => expect(recipients(await deliver())).toHaveLength(4));
    await background.stop();

    t.clock.set(china('2026-03-11T08:00'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await deliver()).toEqual([]);
  });
});

describe('assignment mail', () => {
  it('reaches the clerks of the department a case is dispatched or transferred to', async () => {
    const jy = await staff('dept_staff', '教育局', 'jy@district.gov.cn');
    const mz = await staff('dept_staff', '民政局', 'mz@district.gov.cn');
    const letter = await dispatchedLetter('2026-03-02T10:00', '教育局', { category: 'inquiry', subject: '学校周边交通拥堵' });

    const mails = (await deliver()).filter((m) => m.to.some((to) => to.endsWith('@district.gov.cn')));
    expect(recipients(mails)).toEqual([jy.email]);
    expect(mails[0]!.subject).toBe(`【新交办】区长信箱 ${letter.reference}`);
    expect(mails[0]!.text).toContain('答复期限：2026-03-09');
    expect(mails[0]!.text).toContain(`${t.config.publicUrl}/cases/${letter.id}`);
    expect(mails[0]!.text).not.toContain(LETTER.phone);

    await transferCase(deps, jy, letter.id, { departmentId: await departmentId(t, '民政局'), reason: '属民政职责' });
    const transferred = await deliver();
    expect(recipients(transferred)).toEqual([mz.email]);
    expect(transferred[0]!.subject).toBe(`【新交办】区长信箱 ${letter.reference}`);
  });
});

/**
 * Another server instance: a separate Node process with its own connection to the same database,
 * as two servers behind a load balancer would be. (In one process, SQLite's busy wait would block
 * the event loop, and with it the transaction it waits for.) Each line on its stdin is the instant
 * of one run; it answers with the run's result.
 */
async function startSecondInstance(databaseUrl: string, publicUrl: string) {
  const code = `
    import { createInterface } from 'node:readline';
    import { openDatabase } from './src/db/database.ts';
    import { createCalendarSource } from './src/calendar/service.ts';
    import { createLogger } from './src/logger.ts';
    import { createReminderScheduler } from './src/reminders/scheduler.ts';
    const database = openDatabase(process.env.REMINDER_DATABASE_URL);
    const calendar = createCalendarSource(database.db);
    await calendar.get();
    let now = new Date();
    const scheduler = createReminderScheduler({
      db: database.db,
      calendar,
      config: { districtName: '示例区', publicUrl: process.env.REMINDER_PUBLIC_URL },
      clock: { now: () => now },
      logger: createLogger('silent'),
    });
    process.stdout.write('ready\\n');
    for await (const line of createInterface({ input: process.stdin })) {
      now = new Date(line);
      process.stdout.write(JSON.stringify(await scheduler.runOnce()) + '\\n');
    }
    await database.close();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    env: { ...process.env, REMINDER_DATABASE_URL: databaseUrl, REMINDER_PUBLIC_URL: publicUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`second instance exited with ${code}`))));
  // It exits when its stdin closes; that is only an error while an answer is awaited.
  exited.catch(() => {});
  const next = async () => String((await Promise.race([lines.next(), exited])).value);
  expect(await next()).toBe('ready');
  return {
    async run(now: Date): Promise<ReminderRun> {
      child.stdin!.write(`${now.toISOString()}\n`);
      return JSON.parse(await next()) as ReminderRun;
    },
    stop: () => child.stdin!.end(),
  };
}
