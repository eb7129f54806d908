// The admin CLI run as an administrator runs it: a child process on a database file, with its
// stdout (results only), stderr (notices and errors) and exit code.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// Each run starts Node with tsx and prepares the database: seconds each on a busy machine. The runs
// use their own SQLite file, so the PostgreSQL pass would only repeat them.
const SLOW = { timeout: 60_000, skip: Boolean(process.env.TEST_DATABASE_URL) };

let dir: string;
let databaseFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-cli-'));
  databaseFile = join(dir, 'portal.sqlite');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  const env = { ...process.env, DATABASE_URL: `sqlite:${databaseFile}`, DATA_DIR: dir, LOG_LEVEL: 'silent' };
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('workdays add', SLOW, () => {
  it('prints the N-th working day after a date and nothing else', async () => {
    const run = await cli('workdays', 'add', '2025-09-25', '20');
    expect(run.code).toBe(0);
    // 20 working days over the National Day week and its make-up Sundays and Saturdays.
    expect(run.stdout).toBe('2025-10-29\n');
  });

  it('fails with exit 1 naming the year when the calendar does not know it', async () => {
    const run = await cli('workdays', 'add', '2027-03-01', '5');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('2027年的节假日安排尚未录入');
  });

  it('refuses bad arguments with exit 2 and a message on stderr', async () => {
    const cases = [
      ['workdays', 'add', '2025-02-30', '3'],
      ['workdays', 'add', '2025-09-25', 'x'],
      ['workdays', 'add', '2025-09-25'],
      ['workdays', 'sub', '2025-09-25', '3'],
    ];
    for (const args of cases) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/错误：(日期|工作日数|用法)/);
    }
  });
});

describe('user add', SLOW, () => {
  it('prints the generated password alone on stdout', async () => {
    const run = await cli('user', 'add', '--login', 'xiaoli', '--role', 'dept_staff', '--department', '教育局');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[A-Za-z0-9]{16}\n$/);
    expect(run.stderr).toContain('已创建账号 xiaoli');
    const db = new SqliteDatabase(databaseFile, { readonly: true });
    try {
      const row = db
        .prepare('select users.role, departments.name from users join departments on departments.id = users.department_id where login = ?')
        .get('xiaoli');
      expect(row).toEqual({ role: 'dept_staff', name: '区教育局' });
    } finally {
      db.close();
    }
  });

  it('refuses an unknown role in Chinese with a non-zero exit and creates nobody', async () => {
    const run = await cli('user', 'add', '--login', 'xiaoli', '--role', 'boss');
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('角色应为');
    const db = new SqliteDatabase(databaseFile, { readonly: true });
    try {
      expect(db.prepare('select id from users where login = ?').get('xiaoli')).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

describe('migrate', SLOW, () => {
  it('creates and seeds a fresh database', async () => {
    const run = await cli('migrate');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('数据库已是最新结构。\n');
    // The first start creates the administrator and tells the password once, on stderr.
    expect(run.stderr).toMatch(/已创建管理员账号.*登录名 admin/);
    const db = new SqliteDatabase(databaseFile, { readonly: true });
    try {
      expect(db.prepare("select count(*) as n from departments where name = '区教育局'").get()).toEqual({ n: 1 });
      expect(db.prepare('select count(*) as n from calendar_years where year = 2026').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    const again = await cli('migrate');
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('已创建管理员账号');
  });
});
