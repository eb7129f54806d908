// Backup and restore of the SQLite database with SQLite's online backup API. A backup is taken
// while the portal runs; a restore replaces the database and is done while the server is stopped.
// (PostgreSQL has its own tools, pg_dump and pg_restore.)
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { DomainError } from '../domain/errors.ts';

export interface BackupSummary {
  file: string;
  cases: number;
}

// All pages in one step: the copy is one read transaction, a single consistent snapshot, and a
// server writing meanwhile (WAL) neither waits for it nor forces it to start over.
const ALL_PAGES = 0x7fffffff;

/** Copies the open database to a new file and checks the copy. */
export async function backupDatabase(source: SqliteDatabase.Database, file: string): Promise<BackupSummary> {
  const target = resolve(file);
  if (existsSync(target)) throw new DomainError(`文件 ${file} 已存在。为免覆盖已有备份，请换一个文件名。`);
  mkdirSync(dirname(target), { recursive: true });
  await source.backup(target, { progress: () => ALL_PAGES });
  // The copy holds every applicant's personal data: readable by the owner only.
  chmodSync(target, 0o600);
  return { file: target, cases: checkDatabaseFile(target, `备份文件 ${file}`) };
}

/**
 * Checks the backup, then writes it over the database at `databasePath` (created if missing). The
 * server must be stopped: a running one would go on with what it had in memory.
 */
export async function restoreDatabase(file: string, databasePath: string): Promise<BackupSummary> {
  const source = resolve(file);
  if (!existsSync(source)) throw new DomainError(`找不到备份文件 ${file}。`);
  checkDatabaseFile(source, `备份文件 ${file}`);
  const target = resolve(databasePath);
  if (target === source) throw new DomainError('备份文件就是当前数据库文件，无需恢复。');
  mkdirSync(dirname(target), { recursive: true });
  const backup = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(target, { progress: () => ALL_PAGES });
  } finally {
    backup.close();
  }
  return { file: target, cases: checkDatabaseFile(target, `恢复后的数据库 ${databasePath}`) };
}

/** The number of cases in a portal database file whose integrity check passes; otherwise a DomainError. */
function checkDatabaseFile(path: string, what: string): number {
  let file: SqliteDatabase.Database | undefined;
  try {
    file = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
    const check = file.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new DomainError(`${what}未通过完整性检查（${String(check)}），不能使用。`);
    return (file.prepare('select count(*) as n from cases').get() as { n: number }).n;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError(`${what}不是本系统的数据库（${(error as Error).message}）。`);
  } finally {
    file?.close();
  }
}
