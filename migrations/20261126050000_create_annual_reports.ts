import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// SQLite wants INTEGER PRIMARY KEY (its rowid); PostgreSQL wants an identity column.
function idColumn(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col: ColumnDefinitionBuilder) =>
    pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
}

// The office's entries for one annual report (sections 二 and 四, the texts) and, once it is marked
// final, the whole report frozen as JSON so later case edits cannot change what was published.
// The events are append-only: who saved, finalized and reopened it, and why it was reopened.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('annual_reports')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('proactive', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('appeals', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('text_sections', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('snapshot', 'text')
    .addColumn('finalized_at', 'text')
    .addColumn('finalized_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('annual_report_events')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();

  await db.schema.createIndex('annual_report_events_year').on('annual_report_events').columns(['year', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('annual_report_events').execute();
  await db.schema.dropTable('annual_reports').execute();
}
