// Moves a district's data from its SQLite file to PostgreSQL, for an office that outgrows one machine.
// Both databases are brought to the latest schema; the tables to copy are read from the catalogs, so a
// table added by a later migration is copied without changing this file. Everything is written in one
// transaction on the target and the row counts are compared table by table before it commits.
import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { databaseKind, openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DomainError } from '../domain/errors.ts';
import {
  countRows,
  insertRows,
  listPostgresColumns,
  listPostgresForeignKeys,
  listPostgresTables,
  listSqliteColumns,
  listSqliteTables,
  readSqliteRows,
  restartSequence,
  truncateTables,
  type PostgresColumn,
} from './queries.ts';

/** The copy cannot start: nothing was written. */
export class CopyRefusedError extends DomainError {}

/** The counts differ after copying: the transaction was rolled back, the target is as it was. */
export class CopyMismatchError extends DomainError {
  constructor(public readonly tables: CopiedTable[]) {
    super(`行数不一致：${tables.filter((t) => t.source !== t.target).map((t) => t.table).join('、')}。复制已撤销，目标数据库未作任何改动。`);
  }
}

export interface CopiedTable {
  table: string;
  source: number;
  target: number;
  /** A search index the target database fills by itself from the copied rows (a trigger). */
  rebuilt: boolean;
}

interface TablePlan {
  table: string;
  columns: string[];
  sequences: string[];
}

interface Plan {
  /** Referenced tables before the tables that reference them. */
  copy: TablePlan[];
  rebuilt: string[];
}

/** Each table as `table: N rows`, in the order copied; a table whose counts differ names the source's. */
export function formatCopiedTables(tables: CopiedTable[]): string {
  return tables
    .map((t) => `${t.table}: ${t.target} rows${t.source === t.target ? '' : ` (source: ${t.source} rows)`}\n`)
    .join('');
}

export async function copyDatabase(fromUrl: string, toUrl: string, notify: (message: string) => void = () => {}): Promise<CopiedTable[]> {
  if (databaseKind(fromUrl) !== 'sqlite' || databaseKind(toUrl) !== 'postgres') {
    throw new CopyRefusedError(
      '目前只支持从 SQLite 复制到 PostgreSQL（--from sqlite:文件 --to postgres://…）。PostgreSQL 之间请用 pg_dump 和 pg_restore。',
    );
  }
  const path = fromUrl.replace(/^sqlite:/, '');
  // Opening a missing file would create an empty database and "copy" nothing.
  if (path === ':memory:' || !existsSync(path)) throw new CopyRefusedError(`找不到源数据库文件 ${path}。`);

  const source = openDatabase(fromUrl);
  let target: Database | undefined;
  try {
    target = openDatabase(toUrl);
    // The source too: its portal would migrate it on its next start anyway, and then both have the same tables.
    await migrateToLatest(source.db);
    await migrateToLatest(target.db);
    const targetCases = await countRows(target.db, 'cases');
    if (targetCases > 0) {
      throw new CopyRefusedError(`目标数据库已有 ${targetCases} 件案件，复制已取消。请指定一个新建的空数据库（启动过门户但还没有案件的也可以，其初始数据会被源数据替换）。`);
    }
    const plan = await planCopy(source.db, target.db);
    return await copyRows(source.db, target.db, plan, notify);
  } finally {
    await source.close();
    await target?.close();
  }
}

async function planCopy(source: Kysely<any>, target: Kysely<any>): Promise<Plan> {
  const sourceTables = await listSqliteTables(source);
  const targetTables = await listPostgresTables(target);
  const missing = sourceTables.tables.filter((t) => !targetTables.includes(t));
  if (missing.length > 0) throw new CopyRefusedError(`目标数据库没有这些表：${missing.join('、')}。源数据库的结构比本程序新，请先升级本程序。`);
  // A table only the target has must be one the target derives itself, as SQLite's virtual full-text table.
  const rebuilt = targetTables.filter((t) => !sourceTables.tables.includes(t));
  const unknown = rebuilt.filter((t) => !sourceTables.virtual.includes(t));
  if (unknown.length > 0) throw new CopyRefusedError(`源数据库没有这些表：${unknown.join('、')}，两边的结构不一致，无法复制。`);

  const columns = await listPostgresColumns(target);
  const copy: TablePlan[] = [];
  for (const table of sourceTables.tables) {
    const targetColumns = columns.filter((c) => c.table === table);
    const sourceColumns = await listSqliteColumns(source, table);
    const names = targetColumns.map((c) => c.column);
    if (names.length !== sourceColumns.length || names.some((n) => !sourceColumns.includes(n))) {
      throw new CopyRefusedError(`表 ${table} 的列不一致（源：${sourceColumns.join(', ')}；目标：${names.join(', ')}），无法复制。`);
    }
    copy.push({ table, columns: names, sequences: targetColumns.filter((c: PostgresColumn) => c.generated).map((c) => c.column) });
  }
  const order = dependencyOrder(
    copy.map((t) => t.table),
    await listPostgresForeignKeys(target),
  );
  return { copy: order.map((table) => copy.find((t) => t.table === table)!), rebuilt };
}

/** Tables sorted so that every table comes after the tables it references (alphabetical among equals). */
function dependencyOrder(tables: string[], foreignKeys: Array<{ child: string; parent: string }>): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of foreignKeys) {
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  }
  const order: string[] = [];
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !order.includes(t) && [...parents.get(t)!].every((p) => order.includes(p)));
    if (ready.length === 0) throw new CopyRefusedError(`这些表的外键互相引用，无法确定复制顺序：${tables.filter((t) => !order.includes(t)).join('、')}。`);
    order.push(...ready.sort().slice(0, 1));
  }
  return order;
}

async function copyRows(source: Kysely<any>, target: Kysely<any>, plan: Plan, notify: (message: string) => void): Promise<CopiedTable[]> {
  // A read transaction on the source is one snapshot: counts and rows agree even if something writes meanwhile.
  return source.transaction().execute((src) =>
    target.transaction().execute(async (dst) => {
      // Rows a first start of the portal seeded (departments, administrator, calendar) give way to the source's.
      await truncateTables(dst, [...plan.copy.map((t) => t.table), ...plan.rebuilt]);
      const result: CopiedTable[] = [];
      for (const { table, columns, sequences } of plan.copy) {
        const total = await countRows(src, table);
        notify(`正在复制 ${table}（${total} 行）`);
        // PostgreSQL takes at most 65,535 parameters in one statement.
        const batch = Math.max(1, Math.min(1000, Math.floor(30_000 / columns.length)));
        let after = 0;
        for (;;) {
          const rows = await readSqliteRows(src, table, columns, after, batch);
          if (rows.length === 0) break;
          after = rows[rows.length - 1]!.copy_rowid;
          await insertRows(dst, table, rows.map(({ copy_rowid, ...row }) => row));
        }
        for (const column of sequences) await restartSequence(dst, table, column);
        result.push({ table, source: total, target: await countRows(dst, table), rebuilt: false });
      }
      for (const table of plan.rebuilt) {
        result.push({ table, source: await countRows(src, table), target: await countRows(dst, table), rebuilt: true });
      }
      if (result.some((t) => t.source !== t.target)) throw new CopyMismatchError(result);
      return result;
    }),
  );
}
