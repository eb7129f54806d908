// The measures of DESIGN.md ("one definition, used everywhere"): the dashboard, the public statistics
// page and the annual report all take their rates from here, so 97.62% means the same thing on each.
import { workingDaysBetween, type WorkCalendar } from './calendar.ts';

/** part ÷ whole as a percentage with two decimals (205 of 210 → 97.62); null when there is nothing to divide by. */
export function percentage(part: number, whole: number): number | null {
  if (whole === 0) return null;
  // part * 10000 / whole is one correctly rounded division, so exact halves (1/32 → 312.5) round up as 四舍五入 does.
  return Math.round((part * 10000) / whole) / 100;
}

// Named arguments: with two bare counts a swapped call would still type-check and print a wrong rate.

/** 办结率: of the cases received (受理) in the period, the share closed. */
export function completionRate(counts: { received: number; closed: number }): number | null {
  return percentage(counts.closed, counts.received);
}

/** 按时办结率: of the closed cases, the share closed on or before the due date (extensions included). */
export function onTimeRate(counts: { closed: number; closedOnTime: number }): number | null {
  return percentage(counts.closedOnTime, counts.closed);
}

/** 满意率: (满意 + 基本满意) ÷ rated. */
export function satisfactionRate(counts: { rated: number; satisfied: number }): number | null {
  return percentage(counts.satisfied, counts.rated);
}

/**
 * Working days a case took: the working days after the receipt date up to and including the closing day,
 * the same count as a deadline ("N working days after receipt"), so a case closed on its 20-day due date took 20.
 */
export function workingDaysToClose(cal: WorkCalendar, receivedOn: string, closedOn: string): number {
  return workingDaysBetween(cal, receivedOn, closedOn);
}

/**
 * Median of the working days cases took (mean of the two middle values for an even count), two
 * decimals; null when there are none. Given as a histogram (days → how many cases took them), the
 * way the statistics count them: a year holds 160,000 cases but a few dozen distinct durations.
 */
export function medianWorkingDays(histogram: ReadonlyMap<number, number>): number | null {
  let total = 0;
  for (const n of histogram.values()) total += n;
  if (total === 0) return null;
  // The values at 0-based positions low and high of the sorted cases (the same one for an odd count).
  const high = Math.floor(total / 2);
  const low = total % 2 === 1 ? high : high - 1;
  let seen = 0;
  let lowValue: number | null = null;
  for (const days of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(days)!;
    if (lowValue === null && seen > low) lowValue = days;
    if (seen > high) return Math.round(((lowValue! + days) / 2) * 100) / 100;
  }
  throw new Error('unreachable: the positions lie within the total');
}
