// Entering a year's holiday schedule as the State Council publishes it, and reminding the office when
// next year's is still missing: without it no deadline reaching into that year can be computed.
import type { Kysely } from 'kysely';
import { addCalendarDays, isDateString, parseDate, type DayKind } from '../domain/calendar.ts';
import type { DB } from '../db/schema.ts';
import type { StaffUser } from '../domain/roles.ts';
import { applyCalendarChange } from './calendar-change.ts';
import type { CalendarSource } from './service.ts';
import { findCalendarYear, listCalendarYears, listHolidaysOfYear, replaceYearSchedule } from '../admin/queries.ts';

export const WEEKDAY_LABELS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

const KIND_WORDS: Record<string, DayKind> = { 休: 'off', 休息: 'off', 放假: 'off', 班: 'work', 上班: 'work', 调休上班: 'work' };

/** Longer than any period the State Council has ever published; a longer one is a typo in a date. */
export const MAX_PERIOD_DAYS = 31;
const MAX_NAME_LENGTH = 20;

const DATE = String.raw`(\d{4}-\d{1,2}-\d{1,2})`;
// Dates contain "-", so "-" separates a range only between two full dates, which this pattern demands.
const LINE = new RegExp(String.raw`^${DATE}(?:\s*(?:至|到|~|～|\.\.|－|-|—|–)\s*${DATE})?\s+(\S+)(?:\s+(.*))?$`);

export interface ScheduleDay {
  date: string;
  kind: DayKind;
  name: string;
}

export type ParsedSchedule = { ok: true; days: ScheduleDay[] } | { ok: false; errors: string[] };

const pad = (date: string) =>
  date
    .split('-')
    .map((part, i) => (i === 0 ? part : part.padStart(2, '0')))
    .join('-');

const weekdayOf = (date: string) => parseDate(date).getUTCDay();

/**
 * One line per period: `2027-01-01 至 2027-01-03 休 元旦` or `2027-02-07 班 春节`; blank lines and
 * lines starting with # are skipped. Every bad line is reported by its number.
 */
export function parseSchedule(year: number, text: string): ParsedSchedule {
  const errors: string[] = [];
  const days: ScheduleDay[] = [];
  const lineOfDate = new Map<string, number>();
  const lines = text.split('\n');

  lines.forEach((raw, index) => {
    const n = index + 1;
    const line = raw.replace(/[\u3000\t]/g, ' ').trim();
    if (!line || line.startsWith('#')) return;
    const bad = (message: string) => errors.push(`第${n}行：${message}`);
    const m = LINE.exec(line);
    if (!m) return bad('无法识别。请写成“2027-01-01 至 2027-01-03 休 元旦”或“2027-02-07 班 春节”');
    const start = pad(m[1]!);
    const end = pad(m[2] ?? m[1]!);
    const kind = KIND_WORDS[m[3]!];
    const name = (m[4] ?? '').replace(/\s+/g, ' ').trim();
    for (const date of [start, end]) {
      if (!isDateString(date)) return bad(`${date} 不是有效日期`);
      if (Number(date.slice(0, 4)) !== year) return bad(`${date} 不在${year}年内`);
    }
    if (start > end) return bad(`开始日期 ${start} 晚于结束日期 ${end}`);
    if (!kind) return bad(`“${m[3]}”应为“休”（放假）或“班”（调休上班）`);
    if (!name) return bad('请写明节日名称，例如“春节”');
    if (name.length > MAX_NAME_LENGTH) return bad(`节日名称不能超过${MAX_NAME_LENGTH}个字`);

    const period: string[] = [];
    for (let d = start; d <= end; d = addCalendarDays(d, 1)) period.push(d);
    if (period.length > MAX_PERIOD_DAYS) return bad(`一段安排最长${MAX_PERIOD_DAYS}天，请检查日期`);
    if (kind === 'work') {
      const weekday = period.find((d) => weekdayOf(d) !== 0 && weekdayOf(d) !== 6);
      if (weekday) return bad(`${weekday} 是${WEEKDAY_LABELS[weekdayOf(weekday)]}，本来就是工作日；“班”只用于调休上班的星期六或星期日`);
    }
    const repeated = period.find((d) => lineOfDate.has(d));
    if (repeated) return bad(`${repeated} 已在第${lineOfDate.get(repeated)}行填写过`);
    for (const date of period) {
      lineOfDate.set(date, n);
      days.push({ date, kind, name });
    }
  });

  if (errors.length === 0 && days.length === 0) errors.push('请至少填写一行安排');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, days: days.sort((a, b) => a.date.localeCompare(b.date)) };
}

/** The stored days written back as lines of the form above, consecutive days of one holiday as one range. */
export function formatSchedule(days: ReadonlyArray<ScheduleDay>): string {
  const lines: string[] = [];
  let run: { start: string; end: string; kind: DayKind; name: string } | null = null;
  const flush = () => {
    if (!run) return;
    const range = run.start === run.end ? run.start : `${run.start} 至 ${run.end}`;
    lines.push(`${range} ${run.kind === 'off' ? '休' : '班'} ${run.name}`);
  };
  for (const day of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    if (run && run.kind === day.kind && run.name === day.name && addCalendarDays(run.end, 1) === day.date) {
      run.end = day.date;
    } else {
      flush();
      run = { start: day.date, end: day.date, kind: day.kind, name: day.name };
    }
  }
  flush();
  return lines.join('\n');
}

export interface YearSchedule {
  year: number;
  /** Null while the year has no schedule: computations reaching into it fail. */
  entry: { source: string; updatedAt: string } | null;
  days: Array<ScheduleDay & { weekday: string }>;
}

export async function yearSchedule(db: Kysely<DB>, year: number): Promise<YearSchedule> {
  const [entry, rows] = await Promise.all([findCalendarYear(db, year), listHolidaysOfYear(db, year)]);
  return {
    year,
    entry: entry ? { source: entry.source, updatedAt: entry.updated_at } : null,
    days: rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, weekday: WEEKDAY_LABELS[weekdayOf(r.date)]! })),
  };
}

/** Every year with a schedule, and next year (the one the office will enter next). */
export async function calendarYearsToShow(db: Kysely<DB>, today: string): Promise<Array<{ year: number; known: boolean }>> {
  const known = new Set((await listCalendarYears(db)).map((y) => y.year));
  const next = Number(today.slice(0, 4)) + 1;
  return [...new Set([...known, next])].sort((a, b) => a - b).map((year) => ({ year, known: known.has(year) }));
}

/** Years the page accepts: from the first packaged year up to next year. */
export function isEditableYear(year: number, today: string): boolean {
  return Number.isInteger(year) && year >= 2000 && year <= Number(today.slice(0, 4)) + 1;
}

/**
 * Replaces a year's schedule and, in the same transaction, brings the cases it reaches in line
 * (calendar-change.ts): answers how many open cases' due dates moved.
 */
export async function saveYearSchedule(
  deps: { db: Kysely<DB>; calendar: CalendarSource },
  user: StaffUser,
  year: number,
  text: string,
  now: Date,
): Promise<{ ok: true; days: ScheduleDay[]; moved: number } | { ok: false; errors: string[] }> {
  const parsed = parseSchedule(year, text);
  if (!parsed.ok) return parsed;
  const at = now.toISOString();
  const change = await deps.db.transaction().execute(async (trx) => {
    await replaceYearSchedule(trx, year, parsed.days, 'office', at);
    return applyCalendarChange(trx, [year], { userId: user.id, label: user.displayName }, at);
  });
  deps.calendar.invalidate();
  return { ok: true, days: parsed.days, moved: change.moved };
}

/**
 * The banner the office sees while a schedule is missing: this year's at any time, next year's from
 * 1 November (the State Council usually publishes it in late October or November). `today` is the
 * China date, YYYY-MM-DD.
 */
export async function calendarWarning(db: Kysely<DB>, today: string): Promise<{ year: number; message: string } | null> {
  const year = Number(today.slice(0, 4));
  if (!(await findCalendarYear(db, year))) {
    return { year, message: `${year}年节假日安排尚未录入，本年的办理期限无法计算。请立即在“工作日历”中录入${year}年的安排。` };
  }
  if (Number(today.slice(5, 7)) >= 11 && !(await findCalendarYear(db, year + 1))) {
    return {
      year: year + 1,
      message: `${year + 1}年节假日安排尚未录入，截止日期跨入${year + 1}年的案件将无法计算办理期限。请在国务院办公厅公布后及时录入。`,
    };
  }
  return null;
}
