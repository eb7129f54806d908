// All SQL of the reminders: overdue candidates and their events, the cases and recipients of the
// daily digests, and the job_runs claims that keep several server instances from doing a job twice.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Claims (job, runKey) for this instance. False when the row exists: another instance (or an
 * earlier run) did the job. ON CONFLICT DO NOTHING rather than catching a unique violation, which
 * on PostgreSQL would abort the surrounding transaction.
 */
export async function claimJobRun(trx: Transaction<DB>, job: string, runKey: string, at: string): Promise<boolean> {
  const result = await trx
    .insertInto('job_runs')
    .values({ job, run_key: runKey, claimed_at: at })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Writes (job, runKey) whether or not it exists, as the first statement of a transaction, so that
 * concurrent runs of the job take turns: PostgreSQL holds the row lock until commit and SQLite the
 * database write lock. What the transaction reads next then includes the other run's writes.
 */
export async function lockJobRun(trx: Transaction<DB>, job: string, runKey: string, at: string): Promise<void> {
  await trx
    .insertInto('job_runs')
    .values({ job, run_key: runKey, claimed_at: at })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doUpdateSet({ claimed_at: at }))
    .execute();
}

// The payload starts with the due date it was recorded for, so a LIKE on this prefix finds the
// event of a given due date on SQLite and PostgreSQL alike (no JSON functions needed).
const OVERDUE_EVENT_TYPE = 'became_overdue';

function overduePayload(dueOn: string, message: string): string {
  return JSON.stringify({ due_on: dueOn, message });
}

/**
 * Cases whose clock runs in one of `statuses`, due before `today`, with no became_overdue event
 * for their current due date yet. Walks the cases_status_due index; NOT EXISTS looks in the partial index
 * case_events_became_overdue (migration 20261127010000).
 */
export async function findOverdueCandidates(db: Executor, o: { statuses: readonly string[]; today: string; limit?: number }) {
  const rows = await overdueCandidatesQuery(db, o).execute();
  return rows.map((r) => ({ id: r.id, dueOn: r.due_on! }));
}

/** The query of findOverdueCandidates, apart so that its plan can be checked. */
export function overdueCandidatesQuery(db: Executor, o: { statuses: readonly string[]; today: string; limit?: number }) {
  const query = db
    .selectFrom('cases')
    .select(['cases.id', 'cases.due_on'])
    .where('cases.status', 'in', [...o.statuses])
    .where('cases.due_on', 'is not', null)
    .where('cases.due_on', '<', o.today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_events')
            .select(sql<number>`1`.as('one'))
            .whereRef('case_events.case_id', '=', 'cases.id')
            .where('case_events.type', '=', OVERDUE_EVENT_TYPE)
            .where('case_events.payload', 'like', sql<string>`('{"due_on":"' || ${sql.ref('cases.due_on')} || '"%')`),
        ),
      ),
    )
    .orderBy('cases.id');
  return o.limit === undefined ? query : query.limit(o.limit);
}

// Well under SQLite's limit of bound parameters per statement (7 per row).
const INSERT_BATCH = 500;

export async function insertOverdueEvents(
  trx: Transaction<DB>,
  events: Array<{ caseId: number; dueOn: string; message: string }>,
  o: { at: string; actorLabel: string },
): Promise<void> {
  for (let i = 0; i < events.length; i += INSERT_BATCH) {
    await trx
      .insertInto('case_events')
      .values(
        events.slice(i, i + INSERT_BATCH).map((e) => ({
          case_id: e.caseId,
          type: OVERDUE_EVENT_TYPE,
          at: o.at,
          actor_user_id: null,
          actor_label: o.actorLabel,
          visibility: 'internal' as const,
          payload: overduePayload(e.dueOn, e.message),
        })),
      )
      .execute();
  }
}

export interface DigestCaseRow {
  id: number;
  reference: string;
  subject: string;
  status: string;
  due_on: string;
  department_id: number | null;
  department_name: string | null;
}

/** Cases with a running clock due on or before `dueOnOrBefore` (overdue ones included), by department and due date. */
export async function listDigestCases(db: Executor, o: { statuses: readonly string[]; dueOnOrBefore: string }): Promise<DigestCaseRow[]> {
  const rows = await db
    .selectFrom('cases')
    .leftJoin('departments', 'departments.id', 'cases.department_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.subject',
      'cases.status',
      'cases.due_on',
      'cases.department_id',
      'departments.name as department_name',
    ])
    .where('cases.status', 'in', [...o.statuses])
    .where('cases.due_on', 'is not', null)
    .where('cases.due_on', '<=', o.dueOnOrBefore)
    .orderBy('departments.sort_order')
    .orderBy('cases.department_id')
    .orderBy('cases.due_on')
    .orderBy('cases.id')
    .execute();
  return rows.map((r) => ({ ...r, due_on: r.due_on! }));
}

/** Active staff who gave an e-mail address: the possible recipients of a digest. */
export async function listMailableStaff(db: Executor) {
  const rows = await db
    .selectFrom('users')
    .select(['email', 'role', 'department_id'])
    .where('active', '=', 1)
    .where('email', 'is not', null)
    .where('email', '!=', '')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, email: r.email! }));
}
