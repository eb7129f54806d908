// SQL of the staff case page: the case, its whole timeline and the departments it can be routed to.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function findCase(db: Kysely<DB>, id: number) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every event of the case, internal ones included, oldest first. */
export async function listCaseEvents(db: Kysely<DB>, caseId: number) {
  return db
    .selectFrom('case_events')
    .select(['id', 'type', 'at', 'actor_label', 'visibility', 'payload'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

/** All departments, inactive ones too: old timeline entries may name them. */
export async function listDepartments(db: Kysely<DB>) {
  return db
    .selectFrom('departments')
    .select(['id', 'name', 'active', 'is_office'])
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}
