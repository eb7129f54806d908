// SQL shared by every feature that reads or writes a case and its timeline.
import type { Kysely, Transaction } from 'kysely';
import type { EventType, Visibility } from '../domain/case-events.ts';
import type { DB, NewCase } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export async function insertCase(db: Executor, row: NewCase): Promise<number> {
  const inserted = await db.insertInto('cases').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export interface NewEvent {
  caseId: number;
  type: EventType;
  at: string;
  actorUserId: number | null;
  actorLabel: string;
  visibility: Visibility;
  payload?: Record<string, unknown>;
}

export async function insertEvent(db: Executor, e: NewEvent): Promise<void> {
  await db
    .insertInto('case_events')
    .values({
      case_id: e.caseId,
      type: e.type,
      at: e.at,
      actor_user_id: e.actorUserId,
      actor_label: e.actorLabel,
      visibility: e.visibility,
      payload: JSON.stringify(e.payload ?? {}),
    })
    .execute();
}

export async function findCaseByReference(db: Executor, reference: string) {
  return db.selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirst();
}

/** The timeline as the citizen may see it: applicant-visible and public entries, oldest first. */
export async function listApplicantEvents(db: Executor, caseId: number) {
  return db
    .selectFrom('case_events')
    .select(['id', 'type', 'at', 'actor_label', 'visibility', 'payload'])
    .where('case_id', '=', caseId)
    .where('visibility', 'in', ['applicant', 'public'])
    .orderBy('id')
    .execute();
}

export async function findDepartmentName(db: Executor, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const row = await db.selectFrom('departments').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}

export async function listActiveDepartments(db: Executor) {
  return db
    .selectFrom('departments')
    .select(['id', 'name', 'short_name', 'is_office'])
    .where('active', '=', 1)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function letterLimit(db: Executor, category: string): Promise<number | null> {
  const row = await db.selectFrom('category_deadlines').select('working_days').where('category', '=', category).executeTakeFirst();
  return row ? Number(row.working_days) : null;
}

/** The payload of a case's first event of a type, parsed. */
export async function findEventPayload(db: Executor, caseId: number, type: EventType): Promise<Record<string, unknown> | null> {
  const row = await db
    .selectFrom('case_events')
    .select('payload')
    .where('case_id', '=', caseId)
    .where('type', '=', type)
    .orderBy('id')
    .executeTakeFirst();
  return row ? (JSON.parse(row.payload) as Record<string, unknown>) : null;
}
