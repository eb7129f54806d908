// Completion statistics for the office (a chosen period) and for citizens (this year and last year),
// counted by the database and turned into rates by src/domain/rates.ts, the one definition of each
// measure that the annual report uses too.
import type { AppDeps } from '../deps.ts';
import { chinaDate } from '../domain/china-time.ts';
import { CHANNEL_LABELS, CHANNELS, LETTER_CATEGORIES, LETTER_CATEGORY_LABELS, type Channel } from '../domain/codes.ts';
import { CalendarYearMissingError } from '../domain/errors.ts';
import { completionRate, medianWorkingDays, onTimeRate, satisfactionRate } from '../domain/rates.ts';
import { monthsOf, parseStatsPeriod, periodParams, yearPeriod, type PeriodValues, type StatsPeriod } from '../domain/stats-period.ts';
import {
  countFigures,
  countPeriod,
  listDepartments,
  type DepartmentInfo,
  type FigureCounts,
} from './queries.ts';

type StatsDeps = Pick<AppDeps, 'db' | 'dbKind' | 'clock' | 'calendar'>;

/** A department with fewer cases than this in the period is marked as too few to compare. */
export const SMALL_SAMPLE = 10;
export const SMALL_SAMPLE_NOTE = '样本过少，不宜比较';
/** Cases without a department: mayor's letters the office has not dispatched yet. */
export const UNASSIGNED_LABEL = '尚未分办';

const LETTER_CHANNELS: readonly Channel[] = ['mayor_mailbox', 'dept_mailbox'];

/** The figures of one row of a table. null: nothing to divide by, or not applicable. */
export interface Figures {
  received: number;
  closed: number;
  completionRate: number | null;
  onTimeRate: number | null;
  openNow: number;
  overdueNow: number;
  medianDays: number | null;
  /** null where no case can be rated (disclosure applications). */
  rated: number | null;
  satisfactionRate: number | null;
}

export type FigureKey = keyof Figures;

export type ColumnKind = 'count' | 'percent' | 'days';

export const FIGURE_COLUMNS: ReadonlyArray<{ key: FigureKey; label: string; kind: ColumnKind }> = [
  { key: 'received', label: '受理', kind: 'count' },
  { key: 'closed', label: '办结', kind: 'count' },
  { key: 'completionRate', label: '办结率', kind: 'percent' },
  { key: 'onTimeRate', label: '按时办结率', kind: 'percent' },
  { key: 'openNow', label: '目前未办结', kind: 'count' },
  { key: 'overdueNow', label: '目前已逾期', kind: 'count' },
  { key: 'medianDays', label: '办理用时中位数（工作日）', kind: 'days' },
  { key: 'rated', label: '已评价', kind: 'count' },
  { key: 'satisfactionRate', label: '满意率', kind: 'percent' },
];

/** The case list behind a count, for the figures the work queue can list exactly. */
export type FigureLinks = Partial<Record<'received' | 'closed' | 'openNow' | 'overdueNow', string>>;

export interface FigureRow {
  label: string;
  figures: Figures;
  links: FigureLinks;
  /** Fewer than SMALL_SAMPLE cases: rates are not comparable (department table only). */
  smallSample: boolean;
}

export interface MonthRow {
  /** YYYY-MM */
  month: string;
  /** e.g. 2026年3月 */
  label: string;
  received: number;
  closed: number;
  receivedHref: string;
  closedHref: string;
}

export const SORT_KEYS = ['name', 'received', 'closed', 'completion', 'on_time', 'open', 'overdue', 'median', 'rated', 'satisfaction'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

const SORT_FIGURE: Record<Exclude<SortKey, 'name'>, FigureKey> = {
  received: 'received',
  closed: 'closed',
  completion: 'completionRate',
  on_time: 'onTimeRate',
  open: 'openNow',
  overdue: 'overdueNow',
  median: 'medianDays',
  rated: 'rated',
  satisfaction: 'satisfactionRate',
};

export const SORT_KEY_OF: Record<FigureKey, SortKey> = Object.fromEntries(
  Object.entries(SORT_FIGURE).map(([sortKey, figure]) => [figure, sortKey]),
) as Record<FigureKey, SortKey>;

export interface SortHeader {
  href: string;
  /** aria-sort of the header cell: only the sorted column has one. */
  ariaSort: 'ascending' | 'descending' | undefined;
}

export const EXPORT_TABLES = ['channels', 'departments', 'monthly', 'categories'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface StatsView {
  values: PeriodValues;
  errors: Partial<Record<keyof PeriodValues, string>>;
  today: string;
  period: StatsPeriod | null;
  /** True when the period ends after today: "closed" then means closed so far. */
  periodRunning: boolean;
  channels: FigureRow[];
  channelTotal: FigureRow | null;
  departments: FigureRow[];
  sort: { key: SortKey | null; dir: SortDir };
  sortHeaders: Record<SortKey, SortHeader>;
  months: MonthRow[];
  categories: FigureRow[];
  categoryTotal: FigureRow | null;
  /** Why medians are missing (a year of the period without a calendar). */
  medianNotice: string | null;
  exports: Record<ExportTable, { csv: string; xlsx: string }>;
}

// ---------------------------------------------------------------------------------------------------
// Counting

interface Tally {
  received: number;
  closed: number;
  closedOnTime: number;
  openNow: number;
  overdueNow: number;
  rated: number;
  satisfied: number;
  /** Working days → closed cases, for the median. */
  durations: Map<number, number>;
  /** Holds letters, which citizens can rate. */
  ratable: boolean;
}

const emptyTally = (): Tally => ({
  received: 0,
  closed: 0,
  closedOnTime: 0,
  openNow: 0,
  overdueNow: 0,
  rated: 0,
  satisfied: 0,
  durations: new Map(),
  ratable: false,
});

function addCounts(t: Tally, c: FigureCounts) {
  t.received += c.received;
  t.closed += c.closed;
  t.closedOnTime += c.closedOnTime;
  t.openNow += c.openNow;
  t.overdueNow += c.overdueNow;
  t.rated += c.rated;
  t.satisfied += c.satisfied;
  if (c.channel !== 'disclosure') t.ratable = true;
  for (const [days, cases] of c.durations) t.durations.set(days, (t.durations.get(days) ?? 0) + cases);
}

/** Sums the grouped counts by a key of the group; null leaves a group out. */
function tallyBy(counts: FigureCounts[], keyOf: (g: FigureCounts) => string | null): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const c of counts) {
    const key = keyOf(c);
    if (key === null) continue;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = emptyTally()));
    addCounts(t, c);
  }
  return tallies;
}

function medianOf(durations: Map<number, number>, medianKnown: boolean): number | null {
  return medianKnown ? medianWorkingDays(durations) : null;
}

function figuresOf(t: Tally, medianKnown: boolean, ratable = t.ratable): Figures {
  return {
    received: t.received,
    closed: t.closed,
    completionRate: completionRate({ received: t.received, closed: t.closed }),
    onTimeRate: onTimeRate({ closed: t.closed, closedOnTime: t.closedOnTime }),
    openNow: t.openNow,
    overdueNow: t.overdueNow,
    medianDays: medianOf(t.durations, medianKnown),
    rated: ratable ? t.rated : null,
    satisfactionRate: ratable ? satisfactionRate({ rated: t.rated, satisfied: t.satisfied }) : null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Links to the work queue

const QUEUE_TABS = { received: 'all', closed: 'closed', openNow: 'open', overdueNow: 'overdue' } as const;

function queueHref(params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  return `/queue?${p.toString()}`;
}

/** The queue lists exactly the cases behind each count: received in the period, closed by its end. */
function figureLinks(period: StatsPeriod, filter: Record<string, string | undefined>): FigureLinks {
  const base = { ...filter, from: period.from, to: period.to };
  return {
    received: queueHref({ tab: QUEUE_TABS.received, ...base }),
    closed: queueHref({ tab: QUEUE_TABS.closed, ...base, closed_to: period.to }),
    openNow: queueHref({ tab: QUEUE_TABS.openNow, ...base }),
    overdueNow: queueHref({ tab: QUEUE_TABS.overdueNow, ...base }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Sorting the department table

function parseSort(raw: Record<string, string | undefined>): { key: SortKey | null; dir: SortDir } {
  const key = (SORT_KEYS as readonly string[]).includes(raw.sort ?? '') ? (raw.sort as SortKey) : null;
  const dir: SortDir = raw.dir === 'asc' || raw.dir === 'desc' ? raw.dir : key === 'name' ? 'asc' : 'desc';
  return { key, dir };
}

const nameCollator = new Intl.Collator('zh-Hans-CN');

/** Sorted by the chosen column; empty figures (—) last either way; ties keep the departments' own order. */
function sortDepartments(rows: Array<FigureRow & { order: number }>, sort: { key: SortKey | null; dir: SortDir }) {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * nameCollator.compare(a.label, b.label) || a.order - b.order;
    if (sort.key !== null) {
      const field = SORT_FIGURE[sort.key];
      const x = a.figures[field];
      const y = b.figures[field];
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
      } else if (x !== y) return sign * (x - y);
    }
    return a.order - b.order;
  });
}

function sortHeaders(base: Record<string, string>, sort: { key: SortKey | null; dir: SortDir }): Record<SortKey, SortHeader> {
  return Object.fromEntries(
    SORT_KEYS.map((key) => {
      const current = sort.key === key;
      // A first click shows the largest figures first (names from A); a second click reverses.
      const dir: SortDir = current ? (sort.dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc';
      const params = new URLSearchParams({ ...base, sort: key, dir });
      return [
        key,
        {
          href: `/office/stats?${params.toString()}#departments`,
          ariaSort: current ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined,
        },
      ];
    }),
  ) as Record<SortKey, SortHeader>;
}

// ---------------------------------------------------------------------------------------------------
// The office dashboard

type DepartmentIndex = Map<number, DepartmentInfo & { position: number }>;

function departmentIndex(list: DepartmentInfo[]): DepartmentIndex {
  return new Map(list.map((d, position) => [d.id, { ...d, position }]));
}

function departmentLabel(id: number | null, departments: DepartmentIndex): string {
  if (id === null) return UNASSIGNED_LABEL;
  return departments.get(id)?.name ?? `部门${id}`;
}

/** The departments' own order (as the office set it); cases without a department last. */
function departmentOrder(id: number | null, departments: DepartmentIndex): number {
  return id === null ? Number.MAX_SAFE_INTEGER : (departments.get(id)?.position ?? Number.MAX_SAFE_INTEGER - 1);
}

/**
 * Why the period has no medians, if it has none: a year of it without a calendar, in which the working days
 * of the cases closed then are unknown (stored as null until the office enters the year).
 */
async function medianNoticeOf(deps: StatsDeps, period: StatsPeriod, today: string): Promise<string | null> {
  // No case can have closed after today, so the years after it need no calendar.
  const last = period.to < today ? period.to : today;
  const cal = await deps.calendar.get();
  for (let year = Number(period.from.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
    if (!cal.knownYears.has(year)) return `${new CalendarYearMissingError(year).message}因此无法计算办理用时中位数。`;
  }
  return null;
}

/** Day counts added up per month (YYYY-MM). */
function byMonth(days: Array<{ day: string; cases: number }>): Map<string, number> {
  const months = new Map<string, number>();
  for (const { day, cases } of days) months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0) + cases);
  return months;
}

export async function loadDashboard(deps: StatsDeps, raw: Record<string, string | undefined>): Promise<StatsView> {
  const today = chinaDate(deps.clock.now());
  const parsed = parseStatsPeriod(raw, today);
  const sort = parseSort(raw);
  const empty: StatsView = {
    values: parsed.values,
    errors: parsed.ok ? {} : parsed.errors,
    today,
    period: null,
    periodRunning: false,
    channels: [],
    channelTotal: null,
    departments: [],
    sort,
    sortHeaders: sortHeaders({}, sort),
    months: [],
    categories: [],
    categoryTotal: null,
    medianNotice: null,
    exports: exportLinks({}, sort),
  };
  if (!parsed.ok) return empty;
  const { period } = parsed;
  const base = periodParams(parsed.values);

  const range = { from: period.from, to: period.to, today };
  const notice = await medianNoticeOf(deps, period, today);
  const known = notice === null;
  const [{ groups: counts, receivedByDay, closedByDay }, departmentList] = await Promise.all([
    countPeriod(deps.db, deps.dbKind, range, CHANNELS, known),
    listDepartments(deps.db),
  ]);
  const departments = departmentIndex(departmentList);

  const byChannel = tallyBy(counts, (g) => g.channel);
  const channels = CHANNELS.map((channel) => ({
    label: CHANNEL_LABELS[channel],
    figures: figuresOf(byChannel.get(channel) ?? emptyTally(), known, channel !== 'disclosure'),
    links: figureLinks(period, { channel }),
    smallSample: false,
  }));
  const all = tallyBy(counts, () => 'all').get('all') ?? emptyTally();
  const channelTotal = { label: '合计', figures: figuresOf(all, known, true), links: figureLinks(period, {}), smallSample: false };

  const byDepartment = tallyBy(counts, (g) => String(g.departmentId));
  const departmentRows = [...byDepartment.entries()]
    .filter(([, t]) => t.received > 0)
    .map(([key, t]) => {
      const id = key === 'null' ? null : Number(key);
      const info = id === null ? undefined : departments.get(id);
      // The queue filters by the departments it offers: not the office itself, nor "no department".
      const linkable = info !== undefined && !info.isOffice;
      return {
        label: departmentLabel(id, departments),
        figures: figuresOf(t, known),
        links: linkable ? figureLinks(period, { department: String(id) }) : {},
        smallSample: t.received < SMALL_SAMPLE,
        order: departmentOrder(id, departments),
      };
    });

  const letterGroup = (g: FigureCounts) => ((LETTER_CHANNELS as readonly string[]).includes(g.channel) ? (g.category ?? 'other') : null);
  const byCategory = tallyBy(counts, letterGroup);
  const categories = LETTER_CATEGORIES.map((category) => ({
    label: LETTER_CATEGORY_LABELS[category],
    figures: figuresOf(byCategory.get(category) ?? emptyTally(), known, true),
    links: figureLinks(period, { category }),
    smallSample: false,
  }));
  const letters = tallyBy(counts, (g) => (letterGroup(g) === null ? null : 'letters')).get('letters') ?? emptyTally();

  const receivedByMonth = byMonth(receivedByDay);
  const closedByMonth = byMonth(closedByDay);
  const months = monthsOf(period).map((m) => ({
    month: m.month,
    label: m.label,
    received: receivedByMonth.get(m.month) ?? 0,
    closed: closedByMonth.get(m.month) ?? 0,
    receivedHref: queueHref({ tab: QUEUE_TABS.received, from: m.from, to: m.to }),
    closedHref: queueHref({ tab: QUEUE_TABS.closed, closed_from: m.from, closed_to: m.to }),
  }));

  return {
    ...empty,
    period,
    periodRunning: period.to >= today,
    channels,
    channelTotal,
    departments: sortDepartments(departmentRows, sort).map(({ order: _order, ...row }) => row),
    sortHeaders: sortHeaders(base, sort),
    months,
    categories,
    categoryTotal: { label: '来信合计', figures: figuresOf(letters, known, true), links: {}, smallSample: false },
    medianNotice: notice,
    exports: exportLinks(base, sort),
  };
}

function exportLinks(base: Record<string, string>, sort: { key: SortKey | null; dir: SortDir }): StatsView['exports'] {
  return Object.fromEntries(
    EXPORT_TABLES.map((table) => {
      const params = new URLSearchParams({ table, ...base });
      if (table === 'departments' && sort.key) {
        params.set('sort', sort.key);
        params.set('dir', sort.dir);
      }
      return [table, { csv: `/office/stats/export.csv?${params}`, xlsx: `/office/stats/export.xlsx?${params}` }];
    }),
  ) as StatsView['exports'];
}

// ---------------------------------------------------------------------------------------------------
// The public page

export interface PublicYear {
  year: number;
  /** The year is still running: closed means closed so far. */
  running: boolean;
  channels: Array<{ channel: Channel; label: string; received: number; closed: number; completionRate: number | null }>;
}

export interface PublicStatsView {
  today: string;
  /** When the figures were counted (an instant), and how often they are counted anew. */
  countedAt: string;
  refreshMinutes: number;
  years: PublicYear[];
  /** This year's 办结率 per department that has cases, in the departments' order. */
  departments: Array<{ label: string; received: number; closed: number; completionRate: number | null }>;
}

/**
 * What the annual report's section 一 quotes, per channel for this year and last year: letters and
 * applications received (受理) in the year and, of those, the ones closed by 31 December, the same
 * count as the report's mailbox figures.
 */
async function loadPublicStats(deps: Pick<AppDeps, 'db' | 'dbKind' | 'clock'>): Promise<PublicStatsView> {
  const today = chinaDate(deps.clock.now());
  const thisYear = Number(today.slice(0, 4));
  const countYear = (year: number) => {
    const p = yearPeriod(year);
    return countFigures(deps.db, deps.dbKind, { from: p.from, to: p.to, today }, CHANNELS, false);
  };
  const [current, previous, departmentList] = await Promise.all([countYear(thisYear), countYear(thisYear - 1), listDepartments(deps.db)]);

  const yearOf = (year: number, counts: FigureCounts[]): PublicYear => {
    const byChannel = tallyBy(counts, (g) => g.channel);
    return {
      year,
      running: year === thisYear,
      channels: CHANNELS.map((channel) => {
        const t = byChannel.get(channel) ?? emptyTally();
        return { channel, label: CHANNEL_LABELS[channel], received: t.received, closed: t.closed, completionRate: completionRate(t) };
      }),
    };
  };

  const departments = departmentIndex(departmentList);
  const byDepartment = tallyBy(current, (g) => String(g.departmentId));
  const departmentRows = [...byDepartment.entries()]
    .filter(([, t]) => t.received > 0)
    .map(([key, t]) => {
      const id = key === 'null' ? null : Number(key);
      return {
        label: departmentLabel(id, departments),
        received: t.received,
        closed: t.closed,
        completionRate: completionRate(t),
        order: departmentOrder(id, departments),
      };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...row }) => row);

  return {
    today,
    countedAt: deps.clock.now().toISOString(),
    refreshMinutes: PUBLIC_STATS_MAX_AGE_MS / 60_000,
    years: [yearOf(thisYear, current), yearOf(thisYear - 1, previous)],
    departments: departmentRows,
  };
}

/** How long the public figures are shown before they are counted again. */
const PUBLIC_STATS_MAX_AGE_MS = 5 * 60_000;

/**
 * loadPublicStats, counted at most once per PUBLIC_STATS_MAX_AGE_MS: anyone may open the page, and at a
 * million cases the two years cost ~240 ms of the readers' time each time (bench/RESULTS.md), while the
 * figures of a year move by a few cases an hour. Requests that arrive while the figures are being counted
 * wait for that count; a count that fails is not kept.
 */
export function createPublicStatsSource(deps: Pick<AppDeps, 'db' | 'dbKind' | 'clock'>): () => Promise<PublicStatsView> {
  let kept: { at: number; view: Promise<PublicStatsView> } | null = null;
  return () => {
    const now = deps.clock.now().getTime();
    if (!kept || now - kept.at >= PUBLIC_STATS_MAX_AGE_MS || now < kept.at) {
      const view = loadPublicStats(deps);
      const entry = { at: now, view };
      kept = entry;
      view.catch(() => {
        if (kept === entry) kept = null;
      });
    }
    return kept.view;
  };
}
