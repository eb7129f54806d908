// SQL of the department work queue. Every query is shaped to walk the indexes
// cases_department_status_due (a department) and cases_status_due (the office, all departments):
// the scope and the tab's statuses first, then due_on, with the id as tie-breaker. In SQLite an
// index entry ends with the rowid, so "ORDER BY due_on, id" is read straight from the index.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { CASE_STATUSES } from '../domain/case-state.ts';
import { caseMatchesText, countIndexMatches, type TextSearch } from '../search/queries.ts';

export interface QueueScope {
  /** null: every department (the office without a department filter). */
  departmentId: number | null;
  channel?: string;
  category?: string;
  status?: string;
  receivedFrom?: string;
  receivedTo?: string;
  closedFrom?: string;
  closedTo?: string;
  /** Exact reference, e.g. XZ2026-000001. */
  reference?: string;
  /** Free text looked for in subject, content and applicant name, with the plan of its index search. */
  text?: { value: string; search: TextSearch };
}

export interface TabCondition {
  statuses: readonly string[];
  /** Inclusive bounds on due_on; a bound excludes cases without a due date. */
  dueFrom?: string;
  dueTo?: string;
}

/** Where the previous page ended. dueOn null: the page ended among the cases without a due date. */
export interface QueueCursor {
  dueOn: string | null;
  id: number;
}

export interface QueueRow {
  id: number;
  reference: string;
  channel: string;
  category: string | null;
  subject: string;
  applicant_name: string;
  phone: string;
  department_name: string | null;
  status: string;
  received_on: string | null;
  due_on: string | null;
}

type Eb = ExpressionBuilder<DB, 'cases'>;

/** LIKE wildcards typed by the user are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function scopeFilter(scope: QueueScope) {
  return (eb: Eb) => {
    const and = [];
    if (scope.departmentId !== null) and.push(eb('cases.department_id', '=', scope.departmentId));
    if (scope.channel) and.push(eb('cases.channel', '=', scope.channel));
    if (scope.category) and.push(eb('cases.category', '=', scope.category));
    if (scope.status) and.push(eb('cases.status', '=', scope.status));
    if (scope.receivedFrom) and.push(eb('cases.received_on', '>=', scope.receivedFrom));
    if (scope.receivedTo) and.push(eb('cases.received_on', '<=', scope.receivedTo));
    if (scope.closedFrom) and.push(eb('cases.closed_on', '>=', scope.closedFrom));
    if (scope.closedTo) and.push(eb('cases.closed_on', '<=', scope.closedTo));
    if (scope.reference) and.push(eb('cases.reference', '=', scope.reference));
    if (scope.text) {
      const indexed = caseMatchesText(scope.text.search, eb.ref('cases.id'));
      if (indexed) and.push(indexed);
      // Where the index only narrows (punctuation in the text) or cannot (a single letter or digit), LIKE decides;
      // so it does for a common word in a short walk (confirmCommonWordByLike).
      if (!scope.text.search.exact || scope.text.search.likeDecides) {
        const p = likePattern(scope.text.value);
        // SQLite's LIKE ignores the case of ASCII letters, as the index does; PostgreSQL's needs ILIKE.
        const like = scope.text.search.kind === 'postgres' ? sql`ilike` : sql`like`;
        and.push(
          eb.or([
            sql<boolean>`${eb.ref('cases.subject')} ${like} ${p} escape '\\'`,
            sql<boolean>`${eb.ref('cases.content')} ${like} ${p} escape '\\'`,
            sql<boolean>`${eb.ref('cases.applicant_name')} ${like} ${p} escape '\\'`,
          ]),
        );
      }
    }
    return eb.and(and);
  };
}

function tabFilter(tab: TabCondition) {
  return (eb: Eb) => {
    const and = [eb('cases.status', 'in', [...tab.statuses])];
    if (tab.dueFrom) and.push(eb('cases.due_on', '>=', tab.dueFrom));
    if (tab.dueTo) and.push(eb('cases.due_on', '<=', tab.dueTo));
    return eb.and(and);
  };
}

export interface TabCountsQuery {
  /** The open statuses and 'closed': the statuses counted. */
  statuses: readonly string[];
  openStatuses: readonly string[];
  /** Due soon counts only these (a paused clock is not running out). */
  runningStatuses: readonly string[];
  today: string;
  /** The last day that is still due soon. */
  dueSoonUntil: string;
}

export interface TabCounts {
  byStatus: Map<string, number>;
  /** Open cases due before today. */
  overdue: number;
  /** Running cases due from today to dueSoonUntil. */
  dueSoon: number;
}

/**
 * How many cases of the scope are in each status, and how many open ones are overdue or due soon: one
 * pass over the scope's cases grouped by status (with a text search, one look-up of its matches).
 */
export async function countTabs(db: Kysely<DB>, scope: QueueScope, q: TabCountsQuery): Promise<TabCounts> {
  const { statuses } = q;
  // Closed cases are by far the most; for a whole department (or all of them) their counter answers.
  const closedFromCounter = statuses.includes('closed') && isWholeScope(scope);
  // A word found in tens of thousands of a department's cases: the index counts its matches at once,
  // and the few open ones are counted from the status index; the closed ones are the rest.
  const closedByDifference = !closedFromCounter && statuses.includes('closed') && isCommonWordScope(scope);
  const counted = closedFromCounter ? statuses.filter((s) => s !== 'closed') : closedByDifference ? NOT_CLOSED : statuses;
  const rows =
    counted.length === 0
      ? []
      : await db
          .selectFrom('cases')
          .select((eb) => [
            'cases.status',
            eb.fn.countAll().as('n'),
            eb.fn.sum<number>(eb.case().when('cases.due_on', '<', q.today).then(1).else(0).end()).as('overdue'),
            eb.fn
              .sum<number>(
                eb
                  .case()
                  .when(eb.and([eb('cases.due_on', '>=', q.today), eb('cases.due_on', '<=', q.dueSoonUntil)]))
                  .then(1)
                  .else(0)
                  .end(),
              )
              .as('due_soon'),
          ])
          .where(scopeFilter(scope))
          .where('cases.status', 'in', [...counted])
          .groupBy('cases.status')
          .execute();
  const byStatus = new Map(rows.map((r) => [r.status, Number(r.n)]));
  let overdue = 0;
  let dueSoon = 0;
  for (const r of rows) {
    if (q.openStatuses.includes(r.status)) overdue += Number(r.overdue ?? 0);
    if (q.runningStatuses.includes(r.status)) dueSoon += Number(r.due_soon ?? 0);
  }
  if (closedFromCounter) byStatus.set('closed', await countClosed(db, scope.departmentId));
  if (closedByDifference) {
    const notClosed = [...byStatus.values()].reduce((a, b) => a + b, 0);
    byStatus.set('closed', (await countIndexMatches(db, scope.text!.search)) - notClosed);
    for (const status of NOT_CLOSED) if (!statuses.includes(status)) byStatus.delete(status);
  }
  return { byStatus, overdue, dueSoon };
}

const NOT_CLOSED = CASE_STATUSES.filter((s) => s !== 'closed');

/**
 * Only the department and a text that the index alone decides and that matches many cases. On PostgreSQL
 * only a department's: there the match set is never built, so the office's search of every department
 * keeps the index's join.
 */
function isCommonWordScope(scope: QueueScope): boolean {
  const search = scope.text?.search;
  if (!search || !search.exact || search.fewMatches || search.match === null) return false;
  if (search.kind === 'postgres' && scope.departmentId === null) return false;
  return Object.entries(scope).every(([key, value]) => key === 'departmentId' || key === 'text' || value === undefined);
}

/**
 * A common word in one department's queue (isCommonWordScope): the tab counts walk only the department's
 * open cases (the closed ones are the index's count less those) and a page walks about 51 ÷ the word's
 * share of the cases, at most ~2,500 at the FEW_MATCHES bound. Testing each walked case by LIKE costs
 * 1–2 ms for such a page and its counts at 1M cases; reading the word's 45,000–60,000 matches into a set
 * first cost 12–21 ms. Not for the office's search of every department: the whole city's open cases are
 * too many to test one by one (工资: 17 ms with the match set, 107 ms by LIKE).
 */
export function confirmCommonWordByLike(scope: QueueScope): QueueScope {
  if (scope.departmentId === null || !isCommonWordScope(scope)) return scope;
  return { ...scope, text: { ...scope.text!, search: { ...scope.text!.search, likeDecides: true } } };
}

/** No filter but the department: the counters of the closed_case_counts migration apply. */
function isWholeScope(scope: QueueScope): boolean {
  return Object.entries(scope).every(([key, value]) => key === 'departmentId' || value === undefined);
}

/** Closed cases of a department (null: of all departments), from the counters kept by triggers. */
async function countClosed(db: Kysely<DB>, departmentId: number | null): Promise<number> {
  const { rows } = await sql<{ n: number | null }>`
    select sum(n) as n from closed_case_counts ${departmentId === null ? sql`` : sql`where department_id = ${departmentId}`}
  `.execute(db);
  return Number(rows[0]?.n ?? 0);
}

function baseList(db: Kysely<DB>, scope: QueueScope, tab: TabCondition) {
  return db
    .selectFrom('cases')
    .leftJoin('departments', 'departments.id', 'cases.department_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.channel',
      'cases.category',
      'cases.subject',
      'cases.applicant_name',
      'cases.phone',
      'departments.name as department_name',
      'cases.status',
      'cases.received_on',
      'cases.due_on',
    ])
    .where(scopeFilter(scope))
    .where(tabFilter(tab));
}

/**
 * One page in due-date order, cases without a due date last, then by id: keyset pagination in two
 * phases (dated cases by (due_on, id), then undated ones by id) so that each phase is an index walk
 * and no page costs more than the ones before it. Returns up to `limit` rows and whether more follow.
 */
export async function listQueuePage(
  db: Kysely<DB>,
  scope: QueueScope,
  tab: TabCondition,
  after: QueueCursor | null,
  limit: number,
): Promise<{ rows: QueueRow[]; hasMore: boolean }> {
  const want = limit + 1;
  let rows: QueueRow[] = [];
  if (after === null || after.dueOn !== null) {
    let q = baseList(db, scope, tab).where('cases.due_on', 'is not', null);
    if (after) q = q.where((eb) => eb(eb.refTuple('cases.due_on', 'cases.id'), '>', eb.tuple(after.dueOn!, after.id)));
    rows = await q.orderBy('cases.due_on').orderBy('cases.id').limit(want).execute();
  }
  // A due-date bound already excludes undated cases.
  if (rows.length < want && !tab.dueFrom && !tab.dueTo) {
    let q = baseList(db, scope, tab).where('cases.due_on', 'is', null);
    if (after?.dueOn === null) q = q.where('cases.id', '>', after.id);
    rows = rows.concat(await q.orderBy('cases.id').limit(want - rows.length).execute());
  }
  const normalised = rows.map((r) => ({ ...r, id: Number(r.id) }));
  return { rows: normalised.slice(0, limit), hasMore: normalised.length > limit };
}

export async function listDepartmentOptions(db: Kysely<DB>) {
  return db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('is_office', '=', 0)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}
