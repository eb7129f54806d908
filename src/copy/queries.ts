// All SQL of the copy tool: what each database's catalog says about its tables, and the rows.
// Table names come from the catalogs, never from user input, and are quoted as identifiers anyway.
import { sql, type Kysely, type Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

/** Kysely's own bookkeeping: each database records the migrations that ran on it. */
function isMigrationTable(name: string): boolean {
  return name.startsWith('kysely_');
}

export interface SqliteTables {
  /** Ordinary tables: they hold the data. */
  tables: string[];
  /** Virtual tables (the full-text index): built from other tables, their shadow tables left out. */
  virtual: string[];
}

export async function listSqliteTables(db: Db): Promise<SqliteTables> {
  const { rows } = await sql<{ name: string; type: string }>`
    select name, type from pragma_table_list where schema = 'main' and name not like 'sqlite\\_%' escape '\\'
  `.execute(db);
  const names = (type: string) => rows.filter((r) => r.type === type && !isMigrationTable(r.name)).map((r) => r.name).sort();
  return { tables: names('table'), virtual: names('virtual') };
}

export async function listSqliteColumns(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(db);
  return rows.map((r) => r.name);
}

/** Up to `limit` rows after `afterRowid`, in rowid order (keyset paging: every batch costs the same). */
export async function readSqliteRows(
  db: Db,
  table: string,
  columns: string[],
  afterRowid: number,
  limit: number,
): Promise<Array<Record<string, unknown> & { copy_rowid: number }>> {
  const { rows } = await sql<Record<string, unknown> & { copy_rowid: number }>`
    select rowid as copy_rowid, ${sql.join(columns.map((c) => sql.id(c)))}
    from ${sql.id(table)} where rowid > ${afterRowid} order by rowid limit ${limit}
  `.execute(db);
  return rows;
}

export interface PostgresColumn {
  table: string;
  column: string;
  /** Filled by a sequence (identity or serial): its next value must follow the copied ids. */
  generated: boolean;
}

export async function listPostgresTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
  `.execute(db);
  return rows.map((r) => r.name).filter((name) => !isMigrationTable(name)).sort();
}

export async function listPostgresColumns(db: Db): Promise<PostgresColumn[]> {
  const { rows } = await sql<PostgresColumn>`
    select table_name as "table", column_name as "column",
           (is_identity = 'YES' or coalesce(column_default, '') like 'nextval(%') as generated
    from information_schema.columns
    where table_schema = current_schema()
    order by table_name, ordinal_position
  `.execute(db);
  return rows;
}

/** Each foreign key as the referencing table and the table it references. */
export async function listPostgresForeignKeys(db: Db): Promise<Array<{ child: string; parent: string }>> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema()
  `.execute(db);
  return rows;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.id(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** Empties the tables in one statement (foreign keys between them allow no other order). */
export async function truncateTables(trx: Db, tables: string[]): Promise<void> {
  await sql`truncate table ${sql.join(tables.map((t) => sql.id(t)))}`.execute(trx);
}

export async function insertRows(trx: Db, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  await trx.insertInto(table).values(rows).execute();
}

/** The column's sequence continues after the largest copied value (at 1 for an empty table). */
export async function restartSequence(trx: Db, table: string, column: string): Promise<void> {
  await sql`
    select setval(pg_get_serial_sequence(quote_ident(${table}), ${column}), coalesce(max(${sql.id(column)}), 0) + 1, false)
    from ${sql.id(table)}
  `.execute(trx);
}
