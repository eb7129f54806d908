// `backup FILE` copies the database of a running portal while citizens keep submitting, and
// `restore FILE` puts such a copy in place: the restored portal has every case the backup saw.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { byId, textOf } from '../helpers/html.ts';
import { postLetter, ROOT, startServer, type Acknowledged, type ServerProcess } from '../helpers/server-process.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);

let dir: string;
let servers: ServerProcess[];
let opened: Database[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-backup-'));
  servers = [];
  opened = [];
});

afterEach(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  for (const database of opened) await database.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(databaseUrl: string, ...args: string[]): Promise<Run> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dir, LOG_LEVEL: 'silent' };
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(ON_POSTGRES)('backup and restore (SQLite only: PostgreSQL is backed up with pg_dump)', () => {
  it('backs up a portal under load and restores a database that serves every case it had', { timeout: 180_000 }, async () => {
    const live = `sqlite:${join(dir, 'live', 'portal.sqlite')}`;
    const server = await startServer(live, join(dir, 'live'));
    servers.push(server);

    let n = 0;
    const before: Acknowledged[] = [];
    for (let i = 0; i < 12; i++) before.push(await postLetter(server.url, ++n));

    // Citizens go on submitting while the backup runs.
    let stop = false;
    const during: Acknowledged[] = [];
    const citizen = async () => {
      while (!stop) during.push(await postLetter(server.url, ++n));
    };
    const load = Promise.all([citizen(), citizen()]);
    const backupFile = join(dir, 'backups', 'portal-2026-03-02.sqlite');
    const backup = await cli(live, 'backup', backupFile);
    stop = true;
    await load;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^已备份到 .*portal-2026-03-02\.sqlite（\d+ 件案件，完整性检查通过）\n$/);
    expect(during.length).toBeGreaterThan(0);
    // It holds every applicant's personal data: only its owner may read it.
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);

    // A second backup never overwrites the first.
    const again = await cli(live, 'backup', backupFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已存在');
    await server.stop('SIGTERM');

    // Restored where a new server would run (stopped, as the README says).
    const restoredPath = join(dir, 'restored', 'portal.sqlite');
    const restore = await cli(`sqlite:${restoredPath}`, 'restore', backupFile);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const count = Number(/（(\d+) 件案件/.exec(backup.stdout)![1]);
    expect(restore.stdout).toBe(`已恢复到 ${restoredPath}（${count} 件案件，完整性检查通过）\n`);

    const restored = openDatabase(`sqlite:${restoredPath}`);
    opened.push(restored);
    expect(restored.sqlite!.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const rows = await restored.db.selectFrom('cases').select(['id', 'reference', 'subject']).orderBy('reference').execute();
    expect(rows).toHaveLength(count);
    const stored = new Map(rows.map((r) => [r.reference, r.subject]));
    for (const ack of before) expect(stored.get(ack.reference), ack.reference).toBe(ack.subject);
    // A consistent moment: numbers 1…N without a gap, each case with its first event.
    expect(rows.map((r) => Number(r.reference.slice(-6)))).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const events = await restored.db.selectFrom('case_events').select('case_id').where('type', '=', 'submitted').execute();
    expect(events.map((e) => e.case_id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));

    // The portal on the restored database: a citizen looks up a letter filed before the backup.
    const config = loadConfig({ DATABASE_URL: `sqlite:${restoredPath}`, DATA_DIR: join(dir, 'restored'), LOG_LEVEL: 'silent' });
    const app = createApp({
      db: restored.db,
      dbKind: 'sqlite',
      config,
      clock: { now: () => new Date() },
      logger: createLogger('silent'),
      calendar: createCalendarSource(restored.db),
    });
    const letter = before[5]!;
    const res = await app.request('/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ reference: letter.reference, code: letter.queryCode }),
    });
    expect(res.status).toBe(200);
    const page = textOf(byId(await res.text(), 'main')!.inner);
    expect(page).toContain(letter.reference);
    expect(page).toContain(letter.subject);
  });

  it('refuses to restore a file that is not a sound portal database, and leaves the target alone', { timeout: 60_000 }, async () => {
    const bogus = join(dir, 'not-a-backup.sqlite');
    writeFileSync(bogus, '这不是数据库'.repeat(200));
    const target = join(dir, 'restored', 'portal.sqlite');
    const run = await cli(`sqlite:${target}`, 'restore', bogus);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('不是本系统的数据库');
    expect(existsSync(target)).toBe(false);

    const missing = await cli(`sqlite:${target}`, 'restore', join(dir, 'nowhere.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到备份文件');
  });

  it('points to pg_restore when the configured database is PostgreSQL', { timeout: 60_000 }, async () => {
    const run = await cli('postgres://portal@127.0.0.1:1/portal', 'restore', join(dir, 'backup.sqlite'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pg_restore');
    expect(run.stdout).toBe('');
  });
});

describe.runIf(ON_POSTGRES)('backup on PostgreSQL', () => {
  it('points to pg_dump and writes no file', { timeout: 60_000 }, async () => {
    const database = await createTestDatabase();
    try {
      const file = join(dir, 'backup.sqlite');
      const run = await cli(database.url, 'backup', file);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('pg_dump');
      expect(existsSync(file)).toBe(false);
    } finally {
      await database.destroy();
    }
  });
});
