// The period a statistic covers: a year, a quarter, a month or a custom range, turned into its first and
// last day (inclusive, YYYY-MM-DD) with the Chinese label printed above the tables. Pure: "today" is given.
import { formatChineseDate } from './china-time.ts';
import { isDateString, parseDate } from './calendar.ts';

export const PERIOD_KINDS = ['year', 'quarter', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  year: '按年度',
  quarter: '按季度',
  month: '按月份',
  custom: '自定义起止日期',
};

export const QUARTER_LABELS = ['第一季度', '第二季度', '第三季度', '第四季度'] as const;

/** No statistics before the portal's oldest importable records; a bound keeps typos like 202 out. */
export const FIRST_STATS_YEAR = 2000;
/** A custom range spans at most this many days (three years): the monthly chart stays readable. */
export const MAX_CUSTOM_DAYS = 3 * 366;

const DAY_MS = 86_400_000;

/** The form's values as typed, echoed back into the form. */
export interface PeriodValues {
  period: string;
  year: string;
  quarter: string;
  month: string;
  from: string;
  to: string;
}

export interface StatsPeriod {
  kind: PeriodKind;
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** e.g. 2026年第一季度 */
  label: string;
}

export type PeriodResult =
  | { ok: true; period: StatsPeriod; values: PeriodValues }
  | { ok: false; errors: Partial<Record<keyof PeriodValues, string>>; values: PeriodValues };

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month (1–12): 28, 29, 30 or 31, leap years included. */
export function monthEnd(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

export function yearPeriod(year: number): StatsPeriod {
  return { kind: 'year', from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年` };
}

export function quarterPeriod(year: number, quarter: number): StatsPeriod {
  const firstMonth = (quarter - 1) * 3 + 1;
  return {
    kind: 'quarter',
    from: `${year}-${pad(firstMonth)}-01`,
    to: monthEnd(year, firstMonth + 2),
    label: `${year}年${QUARTER_LABELS[quarter - 1]}`,
  };
}

export function monthPeriod(year: number, month: number): StatsPeriod {
  return { kind: 'month', from: `${year}-${pad(month)}-01`, to: monthEnd(year, month), label: `${year}年${month}月` };
}

export function customPeriod(from: string, to: string): StatsPeriod {
  return { kind: 'custom', from, to, label: `${formatChineseDate(from)}至${formatChineseDate(to)}` };
}

export interface PeriodMonth {
  /** YYYY-MM */
  month: string;
  /** The part of the month inside the period. */
  from: string;
  to: string;
  /** e.g. 2026年3月 */
  label: string;
}

/** The calendar months the period touches, each cut to the part inside the period. */
export function monthsOf(period: Pick<StatsPeriod, 'from' | 'to'>): PeriodMonth[] {
  const months: PeriodMonth[] = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  for (;;) {
    const key = `${year}-${pad(month)}`;
    if (key > period.to.slice(0, 7)) return months;
    const first = `${key}-01`;
    const last = monthEnd(year, month);
    months.push({
      month: key,
      from: first < period.from ? period.from : first,
      to: last > period.to ? period.to : last,
      label: `${year}年${month}月`,
    });
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}

/** The query parameters that select this period again (links that keep the period: sorting, exports). */
export function periodParams(values: PeriodValues): Record<string, string> {
  const kind = values.period as PeriodKind;
  switch (kind) {
    case 'year':
      return { period: kind, year: values.year };
    case 'quarter':
      return { period: kind, year: values.year, quarter: values.quarter };
    case 'month':
      return { period: kind, year: values.year, month: values.month };
    default:
      return { period: 'custom', from: values.from, to: values.to };
  }
}

function wholeNumber(s: string): number | null {
  return /^\d{1,4}$/.test(s) ? Number(s) : null;
}

/**
 * Reads the period form. No parameters at all means this year so far as a whole year (the page's
 * first view); otherwise every field the chosen kind needs must be there and valid.
 */
export function parseStatsPeriod(raw: Partial<Record<keyof PeriodValues, string | undefined>>, today: string): PeriodResult {
  const text = (k: keyof PeriodValues) => (raw[k] ?? '').trim();
  const currentYear = Number(today.slice(0, 4));
  const values: PeriodValues = {
    period: text('period'),
    year: text('year'),
    quarter: text('quarter'),
    month: text('month'),
    from: text('from'),
    to: text('to'),
  };
  if (Object.values(values).every((v) => v === '')) {
    values.period = 'year';
    values.year = String(currentYear);
  }
  const errors: Partial<Record<keyof PeriodValues, string>> = {};
  const kind = (PERIOD_KINDS as readonly string[]).includes(values.period) ? (values.period as PeriodKind) : null;
  if (!kind) {
    errors.period = '请选择统计期间的类型：年度、季度、月份或自定义起止日期';
    return { ok: false, errors, values };
  }

  if (kind === 'custom') {
    for (const key of ['from', 'to'] as const) {
      const label = key === 'from' ? '开始日期' : '结束日期';
      if (!values[key]) errors[key] = `请填写${label}，例如 ${currentYear}-01-01`;
      else if (!isDateString(values[key])) errors[key] = `${label}应为“年-月-日”格式的有效日期，例如 ${currentYear}-01-01`;
      else if (Number(values[key].slice(0, 4)) < FIRST_STATS_YEAR) errors[key] = `${label}不能早于${FIRST_STATS_YEAR}年`;
    }
    if (errors.from || errors.to) return { ok: false, errors, values };
    if (values.to < values.from) errors.to = '结束日期不能早于开始日期';
    else if ((parseDate(values.to).getTime() - parseDate(values.from).getTime()) / DAY_MS >= MAX_CUSTOM_DAYS) {
      errors.to = '自定义期间最长为三年，请缩短起止日期';
    }
    if (errors.to) return { ok: false, errors, values };
    return { ok: true, period: customPeriod(values.from, values.to), values };
  }

  const year = wholeNumber(values.year);
  if (!values.year) errors.year = `请填写年度，例如 ${currentYear}`;
  else if (year === null || values.year.length !== 4 || year < FIRST_STATS_YEAR || year > currentYear) {
    errors.year = `年度应为${FIRST_STATS_YEAR}至${currentYear}之间的四位数字`;
  }
  let part: number | null = null;
  if (kind === 'quarter') {
    part = wholeNumber(values.quarter);
    if (part === null || part < 1 || part > 4) errors.quarter = '请选择第一至第四季度中的一个';
  } else if (kind === 'month') {
    part = wholeNumber(values.month);
    if (part === null || part < 1 || part > 12) errors.month = '请选择1至12月中的一个月份';
  }
  if (Object.keys(errors).length > 0 || year === null) return { ok: false, errors, values };

  const period = kind === 'year' ? yearPeriod(year) : kind === 'quarter' ? quarterPeriod(year, part!) : monthPeriod(year, part!);
  return { ok: true, period, values };
}
