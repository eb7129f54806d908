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
 * Every year the package has a schedule for, with its off days and make-up working days.
 * A year counts as known only if the package lists holidays in it: for other years it silently
 * answers Monday–Friday, which we must never take for a schedule.
 */
export function packagedSchedules(): { years: number[]; rows: HolidayRow[] } {
  const years: number[] = [];
  const rows: HolidayRow[] = [];
  for (let year = FIRST_YEAR; ; year++) {
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const holidays = chineseDays.getHolidaysInRange(start, end, false);
    if (holidays.length === 0) break;
    years.push(year);
    for (const date of holidays) {
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
  return { years, rows };
}
