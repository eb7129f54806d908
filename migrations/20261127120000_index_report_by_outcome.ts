import type { Kysely } from 'kysely';

// Table 三 of the annual report counts disclosure applications per applicant type and outcome. In the
// order of receipt (the index this replaces), every application touching the two years went through a
// sort to be grouped; in the order of the groups the database reads them already grouped. Measured on
// SQLite at 1M cases: the tallies 212 → 139 ms. The count of indexes on cases stays the same.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_channel_received_closed').execute();
  await db.schema
    .createIndex('cases_channel_outcome')
    .on('cases')
    .columns(['channel', 'applicant_type', 'outcome', 'closed_on', 'received_on', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_channel_outcome').execute();
  await db.schema
    .createIndex('cases_channel_received_closed')
    .on('cases')
    .columns(['channel', 'received_on', 'closed_on', 'status', 'applicant_type', 'outcome'])
    .execute();
}
