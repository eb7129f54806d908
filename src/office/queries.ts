// SQL of the office's work pages: the intake queue, drafts to review, extensions to decide and
// 补正 requests gone unanswered.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { EventType } from '../domain/case-events.ts';

type Cases = ExpressionBuilder<DB, 'cases'>;

/** In the intake queue: new 区长信箱 letters and applications, and accepted cases no department holds (not yet dispatched, or handed back). */
const inIntake = (eb: Cases) =>
  eb.or([
    eb.and([eb('cases.status', '=', 'submitted'), eb('cases.channel', 'in', ['mayor_mailbox', 'disclosure'])]),
    eb.and([eb('cases.status', '=', 'confirmed'), eb('cases.department_id', 'is', null)]),
  ]);

const inReview = (eb: Cases) => eb('cases.status', '=', 'in_review');

const extensionPending = (eb: Cases) => eb('cases.extension_requested_days', 'is not', null);

const supplementOverdue = (today: string) => (eb: Cases) =>
  eb.and([eb('cases.status', '=', 'awaiting_supplement'), eb('cases.supplement_due_on', '<', today)]);

async function countWhere(db: Kysely<DB>, where: (eb: Cases) => Expression<SqlBool>) {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(where)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countOfficeWork(db: Kysely<DB>, today: string) {
  const [intake, review, extensions, supplements] = await Promise.all([
    countWhere(db, inIntake),
    countWhere(db, inReview),
    countWhere(db, extensionPending),
    countWhere(db, supplementOverdue(today)),
  ]);
  return { intake, review, extensions, supplements };
}

export async function listIntake(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom('cases')
    .select(['id', 'reference', 'channel', 'status', 'category', 'subject', 'applicant_name', 'submitted_at'])
    .where(inIntake)
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** 部门信箱 letters still waiting for their department to accept them, submitted before `before` (an instant). */
export async function listUnconfirmedDeptLetters(db: Kysely<DB>, before: string) {
  return db
    .selectFrom('cases')
    .leftJoin('departments', 'departments.id', 'cases.department_id')
    .select(['cases.submitted_at', 'departments.name as department_name'])
    .where('cases.channel', '=', 'dept_mailbox')
    .where('cases.status', '=', 'submitted')
    .where('cases.submitted_at', '<', before)
    .execute();
}

/** The payload of the latest event of a type for each of the cases. */
export async function latestEventPayloads(db: Kysely<DB>, caseIds: number[], type: EventType) {
  const latest = new Map<number, { at: string; payload: Record<string, unknown> }>();
  if (caseIds.length === 0) return latest;
  const rows = await db
    .selectFrom('case_events')
    .select(['case_id', 'at', 'payload'])
    .where('case_id', 'in', caseIds)
    .where('type', '=', type)
    .orderBy('id')
    .execute();
  for (const r of rows) latest.set(Number(r.case_id), { at: r.at, payload: JSON.parse(r.payload) as Record<string, unknown> });
  return latest;
}

const withDepartment = (db: Kysely<DB>) => db.selectFrom('cases').leftJoin('departments', 'departments.id', 'cases.department_id');

export async function listInReview(db: Kysely<DB>) {
  return withDepartment(db)
    .select((eb) => [
      'cases.id',
      'cases.reference',
      'cases.channel',
      'cases.subject',
      'cases.due_on',
      'cases.reply_text',
      'cases.outcome',
      'departments.name as department_name',
      eb
        .selectFrom('case_events')
        .select((e) => e.fn.max('case_events.at').as('at'))
        .whereRef('case_events.case_id', '=', 'cases.id')
        .where('case_events.type', '=', 'submitted_for_review')
        .as('review_requested_at'),
    ])
    .where(inReview)
    .orderBy('review_requested_at')
    .orderBy('cases.id')
    .execute();
}

export async function listPendingExtensions(db: Kysely<DB>) {
  return withDepartment(db)
    .select([
      'cases.id',
      'cases.reference',
      'cases.channel',
      'cases.status',
      'cases.subject',
      'cases.due_on',
      'cases.extension_requested_days',
      'departments.name as department_name',
    ])
    .where(extensionPending)
    .orderBy('cases.due_on')
    .orderBy('cases.id')
    .execute();
}

export async function listOverdueSupplements(db: Kysely<DB>, today: string) {
  return withDepartment(db)
    .select([
      'cases.id',
      'cases.reference',
      'cases.subject',
      'cases.applicant_name',
      'cases.supplement_due_on',
      'departments.name as department_name',
    ])
    .where(supplementOverdue(today))
    .orderBy('cases.supplement_due_on')
    .orderBy('cases.id')
    .execute();
}

/** Reference and status of cases named in a result message after a redirect. */
export async function findCaseLabels(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('cases').select(['id', 'reference', 'status', 'due_on']).where('id', 'in', ids).orderBy('id').execute();
}
