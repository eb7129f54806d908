// `portal copy --from sqlite:FILE --to postgres://…`: a district that outgrows one machine moves its
// SQLite database to PostgreSQL and the portal goes on there as before, history and numbering included.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { formatReference } from '../../src/cases/references.ts';
import { loadConfig } from '../../src/config.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { createLogger } from '../../src/logger.ts';
import { createUser } from '../../src/users/service.ts';
import { departmentId, fileDeptLetter, fileDisclosure, fileMayorLetter } from '../helpers/cases.ts';
import { byId, textOf } from '../helpers/html.ts';
import { loginAs } from '../helpers/staff.ts';
import { cookiesFrom, createTestApp, createTestClock, postForm, type TestApp } from '../helpers/test-app.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_URL = process.env.TEST_DATABASE_URL;
const SKIP_REASON = 'needs a PostgreSQL server (TEST_DATABASE_URL): runs in the postgres project only';
const SLOW = { timeout: 120_000 };

const SCHEDULE_2027 = ['2027-01-01 至 2027-01-03 休 元旦', '2027-02-05 至 2027-02-13 休 春节', '2027-01-31 班 春节', '2027-02-20 班 春节'].join('\n');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** The real app on the database at `url`, prepared as a server start prepares it. */
async function appOn(url: string, dir: string, now = '2026-03-02T02:00:00Z'): Promise<TestApp> {
  const clock = createTestClock(now);
  const prepared = await prepareDatabase({ databaseUrl: url }, clock.now());
  const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const app = createApp({ db: prepared.db, dbKind: prepared.kind, config, clock, logger: createLogger('silent'), calendar: createCalendarSource(prepared.db) });
  let closed = false;
  const destroy = async () => {
    if (closed) return;
    closed = true;
    await prepared.close();
  };
  cleanups.push(destroy);
  return { app, db: prepared.db, database: { ...prepared, url, dir, destroy }, clock, config, destroy };
}

/** A district's own SQLite database, filled through the app. */
async function sqliteDistrict(): Promise<{ t: TestApp; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-copy-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'portal.sqlite');
  return { t: await appOn(`sqlite:${file}`, dir), file };
}

/** A new, empty PostgreSQL database on the test server. */
async function emptyPostgres(): Promise<string> {
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function portal(...args: string[]): Promise<Run> {
  const env = { ...process.env, LOG_LEVEL: 'silent' };
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Row counts of every data table of a SQLite file, as its own catalog lists them. */
function sqliteCounts(file: string): Map<string, number> {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const tables = db
      .prepare("select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite%' and name not like 'kysely%'")
      .all() as Array<{ name: string }>;
    return new Map(tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

function parseCounts(stdout: string): Array<[string, number]> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^([a-z_]+): (\d+) rows$/.exec(line);
      if (!m) throw new Error(`unexpected output line: ${line}`);
      return [m[1]!, Number(m[2])];
    });
}

describe('copy from SQLite to PostgreSQL', () => {
  it('moves every table and the portal carries on on the copy: lookups, logins, the next reference', SLOW, async (ctx) => {
    ctx.skip(!SERVER_URL, SKIP_REASON);
    const { t: district, file } = await sqliteDistrict();
    const admin = await loginAs(district, 'office_admin');
    expect((await postForm(district, '/admin/calendar/2027', { schedule: SCHEDULE_2027 }, { cookie: admin.cookie })).status).toBe(303);
    const clerk = await createUser(district.db, { login: 'wangfang', role: 'dept_staff', department: '教育局', displayName: '王芳' }, district.clock.now());
    const edu = await departmentId(district, '教育局');
    const dispatched = await fileMayorLetter(district);
    await fileMayorLetter(district, { subject: '公交站台缺少遮雨棚', email: 'lisi@example.com' });
    await fileMayorLetter(district, { subject: '学校周边交通拥堵', email: '' });
    await fileDeptLetter(district, edu);
    await fileDisclosure(district);
    const office = await loginAs(district, 'office_staff');
    const res = await postForm(district, '/office/intake/dispatch', { case_ids: String(dispatched.id), department_id: String(edu) }, { cookie: office.cookie });
    expect(res.status).toBe(303);
    const lastCaseId = (await district.db.selectFrom('cases').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id;
    // The office stops its portal before the copy.
    await district.destroy();
    const before = sqliteCounts(file);
    expect(before.get('case_events')).toBe(7);

    const target = await emptyPostgres();
    const run = await portal('copy', '--from', `sqlite:${file}`, '--to', target);
    expect(run.code, run.stderr).toBe(0);
    const printed = parseCounts(run.stdout);
    const names = printed.map(([table]) => table);
    // Every table of the source, each once, referenced tables first; the search index rebuilt from the cases.
    expect([...names].sort()).toEqual([...before.keys(), 'case_search'].sort());
    for (const [parent, child] of [['departments', 'users'], ['users', 'sessions'], ['departments', 'cases'], ['cases', 'case_events'], ['cases', 'outbox']]) {
      expect(names.indexOf(parent), `${parent} before ${child}`).toBeLessThan(names.indexOf(child));
    }
    for (const [table, count] of printed) expect(count, table).toBe(table === 'case_search' ? before.get('cases') : before.get(table));

    // The portal on the copy, started the same afternoon: even the office's session is still valid.
    const copy = await appOn(target, mkdtempSync(join(tmpdir(), 'portal-copy-pg-')), '2026-03-02T06:00:00Z');
    for (const [table, count] of printed) {
      const row = await copy.db.selectFrom(table as 'cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(count);
    }

    // The citizen finds the letter with the code from the receipt, and sees where it went.
    const lookup = await postForm(copy, '/lookup', { reference: dispatched.reference, code: dispatched.queryCode });
    expect(lookup.status).toBe(200);
    const lookupText = textOf(byId(await lookup.text(), 'main')!.inner);
    expect(lookupText).toContain(dispatched.reference);
    expect(lookupText).toContain('已交由区教育局办理');

    // The clerk logs in with the password she had and finds the dispatched letter in her queue.
    const login = await postForm(copy, '/staff/login', { login: 'wangfang', password: clerk.password, next: '/queue' });
    expect(login.status).toBe(303);
    const queue = await copy.app.request('/queue', { headers: { cookie: cookiesFrom(login) } });
    expect(queue.status).toBe(200);
    expect(textOf(await queue.text())).toContain(dispatched.reference);

    // Numbering goes on where the district left it; new rows get new ids.
    const next = await fileMayorLetter(copy, { subject: '迁移后的第一封来信' });
    expect(next.reference).toBe(formatReference('mayor_mailbox', 2026, 4));
    expect(next.id).toBe(lastCaseId + 1);
    expect((await fileDisclosure(copy)).reference).toBe(formatReference('disclosure', 2026, 2));

    // The year the office entered by hand came along.
    const calendar = await copy.app.request('/admin/calendar?year=2027', { headers: { cookie: admin.cookie } });
    expect(textOf(byId(await calendar.text(), 'main')!.inner)).toContain('2027-02-05 星期五 休息 春节');
  });

  it('replaces what a first start seeded, but refuses a database that already has cases, and the other direction', SLOW, async (ctx) => {
    ctx.skip(!SERVER_URL, SKIP_REASON);
    const { t: district, file } = await sqliteDistrict();
    await fileMayorLetter(district);
    const sourceAdmin = await district.db.selectFrom('users').select('password_hash').where('login', '=', 'admin').executeTakeFirstOrThrow();
    await district.destroy();

    // An instance was started once on the new database: it seeded its own administrator.
    const started = await createTestApp();
    cleanups.push(() => started.destroy());
    const copied = await portal('copy', '--from', `sqlite:${file}`, '--to', started.database.url);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toContain('cases: 1 rows\n');
    const admins = await started.db.selectFrom('users').select('password_hash').execute();
    expect(admins).toEqual([sourceAdmin]);

    // Now it holds a case: a second copy would mix two districts' numbering.
    await fileMayorLetter(started, { subject: '迁移后的第一封来信' });
    const refused = await portal('copy', '--from', `sqlite:${file}`, '--to', started.database.url);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('目标数据库已有 2 件案件，复制已取消');
    expect((await started.db.selectFrom('cases').select('subject').orderBy('id').execute()).map((c) => c.subject)).toEqual([
      '小区门口道路破损',
      '迁移后的第一封来信',
    ]);

    const backwards = await portal('copy', '--from', started.database.url, '--to', `sqlite:${join(started.database.dir, 'back.sqlite')}`);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain('目前只支持从 SQLite 复制到 PostgreSQL');
    const missing = await portal('copy', '--from', `sqlite:${join(started.database.dir, 'none.sqlite')}`, '--to', started.database.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到源数据库文件');
    const usage = await portal('copy', '--to', started.database.url);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('用法：copy --from');
  });
});
