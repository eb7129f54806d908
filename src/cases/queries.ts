// SQL shared by every feature that reads or writes a case and its timeline.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DayOrdinal } from '../domain/calendar.ts';
import type { EventType, Visibility } from '../domain/case-events.ts';
import type { CaseEventsTable, DB, NewCase } from '../db/schema.ts';
import { prepareQuery } from '../db/prepared-query.ts';

type Executor = Kysely<DB> | Transaction<DB>;

// Every column of a case but its id; those a row leaves out are stored as null.
const CASE_COLUMNS = [
  'reference', 'channel', 'status', 'department_id', 'category', 'subject', 'content', 'applicant_type',
  'applicant_name', 'id_type', 'id_number', 'credit_code', 'legal_representative', 'contact_name', 'phone',
  'email', 'address', 'postcode', 'doc_title', 'doc_number', 'purpose', 'delivery_form', 'delivery_method',
  'consent_publish', 'query_code_hash', 'submitted_at', 'received_on', 'due_on', 'supplement_due_on',
  'extension_requested_days', 'closed_on', 'working_days_to_close', 'outcome', 'reply_text', 'rating', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof NewCase>;
// A column added to the table and not to the list fails to compile here.
const allCaseColumns: Exclude<keyof NewCase, (typeof CASE_COLUMNS)[number] | 'id'> extends never ? true : never = true;
void allCaseColumns;

const insertCaseQuery = prepareQuery((db, p: NewCase) =>
  db
    .insertInto('cases')
    .values(Object.fromEntries(CASE_COLUMNS.map((column) => [column, p[column]])) as NewCase)
    .returning('id'),
);

export async function insertCase(db: Executor, row: NewCase): Promise<number> {
  const { rows } = await insertCaseQuery(db, row);
  return Number(rows[0]!.id);
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

const insertEventQuery = prepareQuery((db, p: Insertable<CaseEventsTable>) =>
  db.insertInto('case_events').values({
    case_id: p.case_id,
    type: p.type,
    at: p.at,
    actor_user_id: p.actor_user_id,
    actor_label: p.actor_label,
    visibility: p.visibility,
    payload: p.payload,
  }),
);

export async function insertEvent(db: Executor, e: NewEvent): Promise<void> {
  await insertEventQuery(db, {
    case_id: e.caseId,
    type: e.type,
    at: e.at,
    actor_user_id: e.actorUserId,
    actor_label: e.actorLabel,
    visibility: e.visibility,
    payload: JSON.stringify(e.payload ?? {}),
  });
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

const letterLimitQuery = prepareQuery((db, p: { category: string }) =>
  db.selectFrom('category_deadlines').select('working_days').where('category', '=', p.category),
);

export async function letterLimit(db: Executor, category: string): Promise<number | null> {
  const [row] = (await letterLimitQuery(db, { category })).rows;
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

/**
 * Sets the working days each closed case took from the day ordinals of the calendar (calendar.ts
 * `workingDayOrdinals`): the closed cases whose span from receipt to closing touches [from, to], or all
 * closed cases without `from`/`to`. A case whose dates lack an ordinal of one run gets null. Run it in the
 * transaction that changed the calendar, so the figures never disagree with the calendar they were made by.
 * Cost: two index lookups and an update per case. At 1M cases on SQLite (benchmark database), the ~180,000
 * closed cases spanning one year took 2–6 s, all 975,000 of five years 7 s: an office correcting a past or
 * the current year waits that long; entering next year touches none.
 */
export async function storeWorkingDaysToClose(trx: Transaction<DB>, ordinals: readonly DayOrdinal[], span: { from: string; to: string } | null): Promise<number> {
  await sql`create temporary table known_day_ordinals (day text primary key, run integer not null, ordinal integer not null)`.execute(trx);
  for (let i = 0; i < ordinals.length; i += 500) {
    const rows = ordinals.slice(i, i + 500).map((o) => sql`(${o.date}, ${o.run}, ${o.ordinal})`);
    await sql`insert into known_day_ordinals (day, run, ordinal) values ${sql.join(rows)}`.execute(trx);
  }
  const result = await sql`
    update cases set working_days_to_close = (
      select closed_day.ordinal - received_day.ordinal
      from known_day_ordinals received_day, known_day_ordinals closed_day
      where received_day.day = cases.received_on and closed_day.day = cases.closed_on and closed_day.run = received_day.run
    )
    where closed_on is not null ${span ? sql`and closed_on >= ${span.from} and received_on <= ${span.to}` : sql``}
  `.execute(trx);
  await sql`drop table known_day_ordinals`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
