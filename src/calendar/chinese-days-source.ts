// The State Council holiday schedules as packaged by chinese-days, turned into rows of our holidays table.
import chineseDays from 'chinese-days';

export interface HolidayRow {
  date: string;
  kind: 'off' | 'work';
  name: string;
}

const FIRST_YEAR = 2004;

// chinese-days names look like "National Day,国庆节,3": keep the Chinese name.
const chineseName = (raw: string) => raw.split(',')[1] ?? raw;

/**
 * The years the package has a schedule for. A year counts as known only if the package lists holidays
 * in it: for other years it silently answers Monday–Friday, which we must never take for a schedule.
 */
export function packagedYears(): number[] {
  const years: number[] = [];
  for (let year = FIRST_YEAR; chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0; year++) years.push(year);
  return years;
}

/**
 * The off days and make-up working days of the given packaged years. Asked only for years not in the
 * database yet: reading every day of twenty years took ~80 ms of each start.
 */
export function packagedSchedules(years: readonly number[]): HolidayRow[] {
  const rows: HolidayRow[] = [];
  for (const year of years) {
    for (const date of chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false)) {
      rows.push({ date, kind: 'off', name: chineseName(chineseDays.getDayDetail(date).name) });
    }
    // Make-up working days: weekend days the package marks as working.
    for (let t = Date.UTC(year, 0, 1); t <= Date.UTC(year, 11, 31); t += 86_400_000) {
      const day = new Date(t);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) continue;
      const detail = chineseDays.getDayDetail(day.toISOString().slice(0, 10));
      if (detail.work) rows.push({ date: detail.date, kind: 'work', name: chineseName(detail.name) });
    }
  }
  return rows;
}
