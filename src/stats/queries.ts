// SQL of the statistics: aggregates only. Each query reads the cases of one date range from a covering
// index (migrations 20261126040000, 20261127130000) and returns grouped rows, never cases: their number is
// bounded by channels × departments × categories (a few hundred), or by days for the trend, however many
// cases there are. Dates are YYYY-MM-DD text on both databases, so they compare in order.
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { countWhen } from '../db/count-when.ts';
import type { DatabaseKind } from '../db/database.ts';
import { readPoolOf } from '../db/read-pool.ts';
import type { DB } from '../db/schema.ts';
import { splitDateRange } from '../domain/calendar.ts';

export interface FigureRange {
  /** First day of the period. */
  from: string;
  /** Last day of the period: cases closed after it do not count as closed. */
  to: string;
  /** Today in China: open and overdue are counted as of now. */
  today: string;
}

/** Counts of one group of the cases received in the period. */
export interface FigureCounts {
  channel: string;
  departmentId: number | null;
  category: string | null;
  /**
   * Of the cases closed by the end of the period, how many took how many working days from receipt to
   * closing, as [days, cases] in the order of days; empty without `withDays`.
   */
  durations: Array<[days: number, cases: number]>;
  received: number;
  closed: number;
  closedOnTime: number;
  openNow: number;
  overdueNow: number;
  rated: number;
  satisfied: number;
}

/** The ratings that count as satisfied for 满意率 (满意, 基本满意). */
const SATISFIED_RATINGS = ['satisfied', 'basically_satisfied'];

/**
 * Cases received (受理) in the period and not invalid, grouped by channel, department and category: how
 * many, how many of them closed by the end of the period (on time: on or before due_on), how many are
 * open and overdue today, how many were rated and how many of those satisfied.
 *
 * With `withDays`, each group lists the working days its cases closed in the period took, stored when each
 * closed (cases.working_days_to_close, kept by calendar changes too), counted per number of days here.
 *
 * SQLite reads the (channel, department_id, category, received_on, …) covering index, told so: a range per
 * group, in the order of the groups, so nothing is sorted (migration 20261127130000; grouping by the days
 * as well would need the sort again). PostgreSQL reads (channel, received_on, …) and hashes the groups;
 * `channel in (…)` names every channel so that it reads that index as a few range scans, as it cannot skip
 * a leading column.
 *
 * On SQLite with a read pool (read-pool.ts) the period is cut by date of receipt into one part per reader,
 * run at once: the groups of the parts are added up by the caller as any groups are. Half a year of 1M cases
 * takes ~130 ms on one reader (eighth pass, bench/RESULTS.md).
 *
 * Cost: one pass over the period's index entries, in the order of the groups.
 */
export async function countFigures(
  db: Kysely<DB>,
  dbKind: DatabaseKind,
  r: FigureRange,
  channels: readonly string[],
  withDays: boolean,
): Promise<FigureCounts[]> {
  const [groups] = await countInParts(db, dbKind, r, (part) => [figureQuery(dbKind, part, r, channels, withDays)]);
  return groups!.map((row) => figureCounts(row as FigureRow));
}

export interface DayCount {
  day: string;
  cases: number;
}

export interface PeriodCounts {
  groups: FigureCounts[];
  /** Cases received (受理, not invalid) per day of the period, all channels. */
  receivedByDay: DayCount[];
  /** Cases closed (办结) per day of the period by their closing date, whenever received. */
  closedByDay: DayCount[];
}

/**
 * What the dashboard counts of a period: the groups of `countFigures` and the cases received and closed
 * per day. On the read pool each reader counts its part's days as well, so the main thread runs none of
 * it (at 1M cases the day counts took ~45 ms of it, beside the readers on the same two cores).
 */
export async function countPeriod(
  db: Kysely<DB>,
  dbKind: DatabaseKind,
  r: FigureRange,
  channels: readonly string[],
  withDays: boolean,
): Promise<PeriodCounts> {
  const [groups, received, closed] = await countInParts(db, dbKind, r, (part) => [
    figureQuery(dbKind, part, r, channels, withDays),
    receivedByDayQuery(db, part, channels),
    closedByDayQuery(db, part),
  ]);
  const dayCounts = (rows: unknown[], day: 'received_on' | 'closed_on') =>
    (rows as Array<Record<string, unknown>>).map((row) => ({ day: String(row[day]), cases: Number(row.n) }));
  return {
    groups: groups!.map((row) => figureCounts(row as FigureRow)),
    receivedByDay: dayCounts(received!, 'received_on'),
    closedByDay: dayCounts(closed!, 'closed_on'),
  };
}

/**
 * Runs the queries `of` a period and returns the rows of each. With a read pool the period is cut into one
 * part per reader and each part runs all the queries in one read transaction; the rows of the parts are
 * concatenated (every query of `of` must count within its part's dates only, so parts never count a case
 * twice). Without one, each query runs on its own connection (PostgreSQL's pool; SQLite runs them in turn).
 */
async function countInParts(
  db: Kysely<DB>,
  dbKind: DatabaseKind,
  r: FigureRange,
  of: (part: { from: string; to: string }) => [Statement, ...Statement[]],
): Promise<unknown[][]> {
  const pool = dbKind === 'sqlite' ? readPoolOf(db) : null;
  if (pool) {
    const parts = splitDateRange(r.from, r.to, pool.size);
    const results = await Promise.all(parts.map((part) => pool.run(of(part).map((q) => q.compile(db)))));
    return of(r).map((_, i) => results.flatMap((found) => found[i]!));
  }
  return Promise.all(of(r).map(async (q) => (await db.executeQuery(q.compile(db))).rows));
}

/** A query builder or raw SQL: both compile for a database. */
interface Statement {
  compile(db: Kysely<DB>): CompiledQuery;
}

function figureCounts(row: FigureRow): FigureCounts {
  return {
    channel: row.channel,
    departmentId: row.department_id === null ? null : Number(row.department_id),
    category: row.category,
    durations: durationsOf(row.days),
    received: Number(row.received),
    closed: Number(row.closed),
    closedOnTime: Number(row.closed_on_time),
    openNow: Number(row.open_now),
    overdueNow: Number(row.overdue_now),
    rated: Number(row.rated),
    satisfied: Number(row.satisfied),
  };
}

/** "12,3,12" (the working days of each case, in no order) → [[3, 1], [12, 2]]. */
function durationsOf(list: string | null): Array<[number, number]> {
  if (!list) return [];
  const cases = new Map<number, number>();
  for (const item of list.split(',')) {
    const days = Number(item);
    cases.set(days, (cases.get(days) ?? 0) + 1);
  }
  return [...cases].sort((a, b) => a[0] - b[0]);
}

interface FigureRow {
  channel: string;
  department_id: number | null;
  category: string | null;
  /** The working days of each case closed in the period, comma-separated; null for none or without days. */
  days: string | null;
  received: number;
  closed: number;
  closed_on_time: number;
  open_now: number;
  overdue_now: number;
  rated: number;
  satisfied: number;
}

/** The grouped counts of the cases received in `received`, closed by the end of the whole period `r`. */
function figureQuery(dbKind: DatabaseKind, received: { from: string; to: string }, r: FigureRange, channels: readonly string[], withDays: boolean) {
  const closedInPeriod = sql`c.closed_on is not null and c.closed_on <= ${r.to}`;
  const open = sql`c.status <> 'closed'`;
  const days = sql`case when ${closedInPeriod} then c.working_days_to_close end`;
  const daysList = dbKind === 'postgres' ? sql`string_agg(cast(${days} as text), ',')` : sql`group_concat(${days})`;
  return sql<FigureRow>`
    select c.channel, c.department_id, c.category,
      count(*) as received,
      ${countWhen(closedInPeriod)} as closed,
      ${countWhen(sql`${closedInPeriod} and c.due_on is not null and c.closed_on <= c.due_on`)} as closed_on_time,
      ${countWhen(open)} as open_now,
      ${countWhen(sql`${open} and c.due_on < ${r.today}`)} as overdue_now,
      ${countWhen(sql`c.rating is not null`)} as rated,
      ${countWhen(sql`c.rating in (${sql.join(SATISFIED_RATINGS)})`)} as satisfied,
      ${withDays ? daysList : sql`null`} as days
    from cases c ${dbKind === 'sqlite' ? sql`indexed by cases_stats_groups` : sql``}
    where c.channel in (${sql.join(channels)})
      and c.received_on >= ${received.from} and c.received_on <= ${received.to}
      and c.status <> 'invalid'
    group by c.channel, c.department_id, c.category
  `;
}

/**
 * Cases received (受理, not invalid) per day of the range, all channels. Grouped in the order of the
 * (channel, received_on) index so SQLite needs no sort; the caller adds the days up by month.
 */
function receivedByDayQuery(db: Kysely<DB>, r: { from: string; to: string }, channels: readonly string[]) {
  return db
    .selectFrom('cases')
    .select(['channel', 'received_on', (eb) => eb.fn.countAll<number>().as('n')])
    .where('channel', 'in', [...channels])
    .where('received_on', '>=', r.from)
    .where('received_on', '<=', r.to)
    .where('status', '<>', 'invalid')
    .groupBy(['channel', 'received_on']);
}

/** Cases closed (办结) per day of the range by their closing date, whenever received, all channels. */
function closedByDayQuery(db: Kysely<DB>, r: { from: string; to: string }) {
  return db
    .selectFrom('cases')
    .select(['closed_on', (eb) => eb.fn.countAll<number>().as('n')])
    .where('closed_on', '>=', r.from)
    .where('closed_on', '<=', r.to)
    .where('status', '<>', 'invalid')
    .groupBy('closed_on');
}

export interface DepartmentInfo {
  id: number;
  name: string;
  isOffice: boolean;
}

/** Every department in the office's order, inactive ones too: their old cases still count. */
export async function listDepartments(db: Kysely<DB>): Promise<DepartmentInfo[]> {
  const rows = await db.selectFrom('departments').select(['id', 'name', 'is_office', 'sort_order']).orderBy('sort_order').orderBy('id').execute();
  return rows.map((d) => ({ id: Number(d.id), name: d.name, isOffice: Number(d.is_office) === 1 }));
}
