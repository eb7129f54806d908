// The PRC working-day calendar: weekends are rest days and weekdays are working days, except where the
// State Council's yearly schedule says otherwise (statutory holidays off, make-up weekend days 调休上班).
// Only years whose schedule is known can be used: guessing Mon–Fri for an unpublished year would
// silently produce wrong legal deadlines.
import { CalendarYearMissingError, DomainError } from './errors.ts';

/** 'off' = a rest day on a day that would otherwise be worked; 'work' = a make-up working day (调休上班日) on a weekend. */
export type DayKind = 'off' | 'work';

export interface WorkCalendar {
  knownYears: ReadonlySet<number>;
  overrides: ReadonlyMap<string, DayKind>;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True if `value` is a real calendar date written as YYYY-MM-DD. */
export function isDateString(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Date.UTC rolls 02-30 over to March; a round trip catches impossible dates.
  return toDateString(d) === value;
}

/** Midnight UTC of a YYYY-MM-DD date; UTC keeps the arithmetic free of time zones and DST. */
export function parseDate(value: string): Date {
  if (!isDateString(value)) throw new DomainError(`日期“${value}”无效，应为“年-月-日”格式，例如 2025-01-01。`);
  return new Date(`${value}T00:00:00Z`);
}

/** The YYYY-MM-DD date of an instant, read in UTC. */
export function toDateString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addCalendarDays(date: string, n: number): string {
  return toDateString(new Date(parseDate(date).getTime() + n * DAY_MS));
}

/** [from, to] cut into at most `parts` consecutive ranges of whole days, their lengths differing by at most one. */
export function splitDateRange(from: string, to: string, parts: number): Array<{ from: string; to: string }> {
  const days = Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / DAY_MS) + 1;
  if (days <= 0) return [];
  const count = Math.max(1, Math.min(parts, days));
  const ranges: Array<{ from: string; to: string }> = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const length = Math.floor(days / count) + (i < days % count ? 1 : 0);
    ranges.push({ from: addCalendarDays(from, start), to: addCalendarDays(from, start + length - 1) });
    start += length;
  }
  return ranges;
}

export function createCalendar(
  knownYears: Iterable<number>,
  rows: Iterable<{ date: string; kind: DayKind }>,
): WorkCalendar {
  const years = new Set<number>();
  for (const y of knownYears) {
    if (!Number.isInteger(y) || y < 1000 || y > 9999) throw new RangeError(`invalid calendar year: ${y}`);
    years.add(y);
  }
  const overrides = new Map<string, DayKind>();
  for (const { date, kind } of rows) {
    parseDate(date);
    if (kind !== 'off' && kind !== 'work') throw new RangeError(`invalid day kind for ${date}: ${String(kind)}`);
    overrides.set(date, kind);
  }
  return { knownYears: years, overrides };
}

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  const d = parseDate(date);
  const year = d.getUTCFullYear();
  if (!cal.knownYears.has(year)) throw new CalendarYearMissingError(year);
  const override = cal.overrides.get(date);
  if (override) return override === 'work';
  const weekday = d.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day strictly after `date` (n ≥ 1); n = 0 returns `date` itself. */
export function addWorkingDays(cal: WorkCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days to add must be a non-negative integer, got ${n}`);
  parseDate(date);
  let current = date;
  let left = n;
  while (left > 0) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(cal, current)) left--;
  }
  return current;
}

export function nextWorkingDayOnOrAfter(cal: WorkCalendar, date: string): string {
  return isWorkingDay(cal, date) ? date : addWorkingDays(cal, date, 1);
}

/**
 * Working days d with from < d ≤ to; when to < from, minus the working days in (to, from].
 * Dates compare as strings because YYYY-MM-DD sorts chronologically.
 */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  parseDate(from);
  parseDate(to);
  // 0 - x rather than -x: no -0 for an empty backward range.
  if (to < from) return 0 - workingDaysBetween(cal, to, from);
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(cal, d)) count++;
  }
  return count;
}

/** A day of the known calendar with its place in a run of consecutive known years. */
export interface DayOrdinal {
  date: string;
  /** The first year of the run of consecutive known years the day belongs to. */
  run: number;
  /** Working days after the run's first day up to and including this day. */
  ordinal: number;
}

/**
 * Every day of the known years (or of those within [fromYear, toYear]) with its ordinal: for two days of one
 * run, the difference of their ordinals is the working days between them (`workingDaysBetween`). A year
 * missing from the calendar ends a run, so no difference is ever taken across a year nobody published.
 */
export function workingDayOrdinals(cal: WorkCalendar, fromYear = -Infinity, toYear = Infinity): DayOrdinal[] {
  const out: DayOrdinal[] = [];
  const years = [...cal.knownYears].filter((y) => y >= fromYear && y <= toYear).sort((a, b) => a - b);
  let run = 0;
  let ordinal = 0;
  for (const [i, year] of years.entries()) {
    const startsRun = i === 0 || years[i - 1] !== year - 1;
    if (startsRun) run = year;
    for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addCalendarDays(day, 1)) {
      if (startsRun && day.endsWith('-01-01')) ordinal = 0;
      else if (isWorkingDay(cal, day)) ordinal++;
      out.push({ date: day, run, ordinal });
    }
  }
  return out;
}
