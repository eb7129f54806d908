import chineseDays from 'chinese-days';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  createCalendar,
  isDateString,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  parseDate,
  splitDateRange,
  toDateString,
  workingDayOrdinals,
  workingDaysBetween,
  type DayKind,
} from '../../src/domain/calendar.ts';
import { CalendarYearMissingError, DomainError } from '../../src/domain/errors.ts';

type Row = { date: string; kind: DayKind };

function days(from: string, to: string, kind: DayKind): Row[] {
  const rows: Row[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) rows.push({ date: d, kind });
  return rows;
}
const work = (date: string): Row => ({ date, kind: 'work' });

// 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)
const SCHEDULE_2025: Row[] = [
  ...days('2025-01-01', '2025-01-01', 'off'), // 元旦
  ...days('2025-01-28', '2025-02-04', 'off'), // 春节
  work('2025-01-26'),
  work('2025-02-08'),
  ...days('2025-04-04', '2025-04-06', 'off'), // 清明
  ...days('2025-05-01', '2025-05-05', 'off'), // 劳动节
  work('2025-04-27'),
  ...days('2025-05-31', '2025-06-02', 'off'), // 端午
  ...days('2025-10-01', '2025-10-08', 'off'), // 国庆、中秋
  work('2025-09-28'),
  work('2025-10-11'),
];

// 国务院办公厅关于2026年部分节假日安排的通知
const SCHEDULE_2026: Row[] = [
  ...days('2026-01-01', '2026-01-03', 'off'), // 元旦
  work('2026-01-04'),
  ...days('2026-02-15', '2026-02-23', 'off'), // 春节
  work('2026-02-14'),
  work('2026-02-28'),
  ...days('2026-04-04', '2026-04-06', 'off'), // 清明
  ...days('2026-05-01', '2026-05-05', 'off'), // 劳动节
  work('2026-05-09'),
  ...days('2026-06-19', '2026-06-21', 'off'), // 端午
  ...days('2026-09-25', '2026-09-27', 'off'), // 中秋
  ...days('2026-10-01', '2026-10-07', 'off'), // 国庆
  work('2026-09-20'),
  work('2026-10-10'),
];

const cal2025 = createCalendar([2025], SCHEDULE_2025);
const cal = createCalendar([2025, 2026], [...SCHEDULE_2025, ...SCHEDULE_2026]);

function everyDayOf(year: number): string[] {
  return days(`${year}-01-01`, `${year}-12-31`, 'off').map((r) => r.date);
}

describe('date helpers', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isDateString('2025-01-01')).toBe(true);
    expect(isDateString('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-9-1', '2025/09/01', '20250901', '', '2025-09-01T00:00:00Z']) {
      expect(isDateString(bad), bad).toBe(false);
      expect(() => parseDate(bad), bad).toThrow(DomainError);
    }
  });

  it('names the bad date in Chinese', () => {
    expect(() => parseDate('2025-02-30')).toThrow('日期“2025-02-30”无效');
  });

  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addCalendarDays('2025-01-01', 365)).toBe('2026-01-01');
  });

  it('does not depend on the process time zone', () => {
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz;
      expect(addCalendarDays('2025-03-09', 1), tz).toBe('2025-03-10'); // US DST starts on 2025-03-09
      expect(addCalendarDays('2025-11-02', 1), tz).toBe('2025-11-03'); // US DST ends
      expect(toDateString(parseDate('2025-10-01')), tz).toBe('2025-10-01');
      expect(isWorkingDay(cal, '2025-10-09'), tz).toBe(true);
    }
  });
});

describe('splitDateRange', () => {
  it('cuts a year into consecutive halves that cover it exactly, across the leap day', () => {
    expect(splitDateRange('2024-01-01', '2024-12-31', 2)).toEqual([
      { from: '2024-01-01', to: '2024-07-01' },
      { from: '2024-07-02', to: '2024-12-31' },
    ]);
  });

  it('gives lengths that differ by at most one day, and no more parts than days', () => {
    expect(splitDateRange('2025-03-01', '2025-03-10', 3)).toEqual([
      { from: '2025-03-01', to: '2025-03-04' },
      { from: '2025-03-05', to: '2025-03-07' },
      { from: '2025-03-08', to: '2025-03-10' },
    ]);
    expect(splitDateRange('2025-03-01', '2025-03-01', 4)).toEqual([{ from: '2025-03-01', to: '2025-03-01' }]);
    expect(splitDateRange('2025-03-02', '2025-03-01', 2)).toEqual([]);
  });
});

describe('createCalendar', () => {
  it('rejects malformed rows and years', () => {
    expect(() => createCalendar([2025], [{ date: '2025-02-30', kind: 'off' }])).toThrow(DomainError);
    expect(() => createCalendar([2025], [{ date: '2025-02-03', kind: 'holiday' as DayKind }])).toThrow(RangeError);
    expect(() => createCalendar([2025.5], [])).toThrow(RangeError);
  });

  it('does not treat a year as known just because it has rows', () => {
    const partial = createCalendar([2025], [{ date: '2026-01-01', kind: 'off' }]);
    expect(() => isWorkingDay(partial, '2026-01-05')).toThrow(CalendarYearMissingError);
  });
});

describe('isWorkingDay', () => {
  it('follows the 2025 and 2026 schedules on every day, as chinese-days does', () => {
    for (const year of [2025, 2026]) {
      for (const d of everyDayOf(year)) {
        expect(isWorkingDay(cal, d), d).toBe(chineseDays.getDayDetail(d).work);
      }
    }
  });

  it('treats ordinary weekdays as working and weekends as rest days', () => {
    expect(isWorkingDay(cal, '2025-09-25')).toBe(true); // Thursday
    expect(isWorkingDay(cal, '2025-09-27')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2025-09-21')).toBe(false); // Sunday
  });

  it('applies statutory holidays and make-up working days', () => {
    expect(isWorkingDay(cal, '2025-01-01')).toBe(false); // 元旦, Wednesday
    expect(isWorkingDay(cal, '2025-01-26')).toBe(true); // 春节调休, Sunday
    expect(isWorkingDay(cal, '2025-02-03')).toBe(false); // 春节, Monday
    expect(isWorkingDay(cal, '2025-02-08')).toBe(true); // 春节调休, Saturday
    expect(isWorkingDay(cal, '2025-10-08')).toBe(false); // 国庆中秋, Wednesday
    expect(isWorkingDay(cal, '2025-10-11')).toBe(true); // 国庆调休, Saturday
    expect(isWorkingDay(cal, '2026-01-04')).toBe(true); // 元旦调休, Sunday
  });

  it('refuses to guess a year whose schedule is unknown, naming the year', () => {
    for (const [date, year] of [
      ['2027-03-01', 2027],
      ['2024-12-31', 2024],
    ] as const) {
      let caught: unknown;
      try {
        isWorkingDay(cal, date);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(CalendarYearMissingError);
      expect((caught as CalendarYearMissingError).year).toBe(year);
      expect((caught as Error).message).toContain(`${year}年的节假日安排尚未录入`);
    }
  });
});

describe('addWorkingDays', () => {
  it('counts 20 working days from 2025-09-25 over National Day to 2025-10-29', () => {
    expect(addWorkingDays(cal2025, '2025-09-25', 20)).toBe('2025-10-29');
  });

  it('returns the day itself for n = 0, even on a holiday', () => {
    expect(addWorkingDays(cal2025, '2025-09-25', 0)).toBe('2025-09-25');
    expect(addWorkingDays(cal2025, '2025-10-01', 0)).toBe('2025-10-01');
  });

  it('counts strictly after the start day, including from a holiday', () => {
    expect(addWorkingDays(cal2025, '2025-09-25', 1)).toBe('2025-09-26');
    expect(addWorkingDays(cal2025, '2025-10-01', 1)).toBe('2025-10-09');
    expect(addWorkingDays(cal2025, '2025-09-27', 1)).toBe('2025-09-28'); // Saturday → make-up Sunday
  });

  it('handles the 2025 Spring Festival with both make-up days', () => {
    expect(addWorkingDays(cal2025, '2025-01-24', 1)).toBe('2025-01-26'); // Friday → make-up Sunday
    expect(addWorkingDays(cal2025, '2025-01-24', 2)).toBe('2025-01-27');
    expect(addWorkingDays(cal2025, '2025-01-24', 3)).toBe('2025-02-05'); // 1/28–2/4 off
    expect(addWorkingDays(cal2025, '2025-02-07', 1)).toBe('2025-02-08'); // make-up Saturday
    expect(addWorkingDays(cal2025, '2025-02-07', 2)).toBe('2025-02-10');
  });

  it('handles the 2025 National Day with both make-up days', () => {
    expect(addWorkingDays(cal2025, '2025-09-26', 1)).toBe('2025-09-28');
    expect(addWorkingDays(cal2025, '2025-09-26', 3)).toBe('2025-09-30');
    expect(addWorkingDays(cal2025, '2025-09-26', 4)).toBe('2025-10-09');
    expect(addWorkingDays(cal2025, '2025-09-26', 6)).toBe('2025-10-11');
    expect(addWorkingDays(cal2025, '2025-09-26', 7)).toBe('2025-10-13');
  });

  it('handles the 2026 Spring Festival', () => {
    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(cal, '2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays(cal, '2026-02-27', 1)).toBe('2026-02-28');
  });

  it('crosses into the next year when that year is known', () => {
    expect(addWorkingDays(cal, '2025-12-31', 1)).toBe('2026-01-04'); // 1/1–1/3 off, Sunday 1/4 worked
    expect(addWorkingDays(cal, '2025-12-31', 2)).toBe('2026-01-05');
    expect(addWorkingDays(cal, '2025-12-19', 20)).toBe('2026-01-19');
  });

  it('fails with the missing year rather than assuming Mon–Fri', () => {
    expect(() => addWorkingDays(cal2025, '2025-12-31', 1)).toThrow(CalendarYearMissingError);
    expect(() => addWorkingDays(cal2025, '2025-12-31', 1)).toThrow('2026年');
    expect(() => addWorkingDays(cal, '2026-12-18', 20)).toThrow('2027年');
    // The days before the year end are still computable.
    expect(addWorkingDays(cal2025, '2025-12-29', 2)).toBe('2025-12-31');
  });

  it('rejects negative and fractional counts', () => {
    expect(() => addWorkingDays(cal, '2025-09-25', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2025-09-25', 1.5)).toThrow(RangeError);
  });

  it('agrees with chinese-days findWorkday for every start day of 2025 and n up to 25', () => {
    for (const d of everyDayOf(2025)) {
      for (let n = 1; n <= 25; n++) {
        expect(addWorkingDays(cal, d, n), `${d} + ${n}`).toBe(chineseDays.findWorkday(n, d));
      }
    }
  });
});

describe('nextWorkingDayOnOrAfter', () => {
  it('keeps a working day and moves a rest day forward', () => {
    expect(nextWorkingDayOnOrAfter(cal, '2025-09-25')).toBe('2025-09-25');
    expect(nextWorkingDayOnOrAfter(cal, '2025-09-28')).toBe('2025-09-28'); // make-up Sunday
    expect(nextWorkingDayOnOrAfter(cal, '2025-10-01')).toBe('2025-10-09');
    expect(nextWorkingDayOnOrAfter(cal, '2025-01-25')).toBe('2025-01-26');
    expect(nextWorkingDayOnOrAfter(cal, '2026-01-01')).toBe('2026-01-04');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to]', () => {
    expect(workingDaysBetween(cal, '2025-09-25', '2025-10-29')).toBe(20);
    expect(workingDaysBetween(cal, '2025-09-25', '2025-09-26')).toBe(1);
    expect(workingDaysBetween(cal, '2025-09-30', '2025-10-08')).toBe(0);
    expect(workingDaysBetween(cal, '2025-09-30', '2025-10-09')).toBe(1);
    expect(workingDaysBetween(cal, '2025-12-31', '2026-01-05')).toBe(2);
  });

  it('is zero for the same day', () => {
    expect(workingDaysBetween(cal, '2025-09-25', '2025-09-25')).toBe(0);
    expect(workingDaysBetween(cal, '2025-10-01', '2025-10-01')).toBe(0);
  });

  it('is negative when to is before from, counting (to, from]', () => {
    expect(workingDaysBetween(cal, '2025-10-29', '2025-09-25')).toBe(-20);
    expect(workingDaysBetween(cal, '2025-10-09', '2025-09-30')).toBe(-1);
    expect(workingDaysBetween(cal, '2025-10-13', '2025-10-10')).toBe(-2); // Saturday 10/11 is worked
    expect(Object.is(workingDaysBetween(cal, '2025-10-08', '2025-09-30'), 0)).toBe(true); // not -0
  });

  it('inverts addWorkingDays', () => {
    for (const d of everyDayOf(2025)) {
      for (const n of [0, 1, 7, 20, 40]) {
        expect(workingDaysBetween(cal, d, addWorkingDays(cal, d, n)), `${d} + ${n}`).toBe(n);
      }
    }
  });

  it('needs every year it spans', () => {
    expect(() => workingDaysBetween(cal2025, '2025-12-30', '2026-01-05')).toThrow(CalendarYearMissingError);
    expect(() => workingDaysBetween(cal2025, '2026-01-05', '2025-12-30')).toThrow(CalendarYearMissingError);
  });
});

describe('workingDayOrdinals', () => {
  it('gives every known day an ordinal whose differences are the working days between days', () => {
    const ordinals = workingDayOrdinals(cal);
    expect(ordinals).toHaveLength(365 + 365);
    expect(ordinals[0]).toEqual({ date: '2025-01-01', run: 2025, ordinal: 0 });
    const at = new Map(ordinals.map((o) => [o.date, o]));
    for (const [from, to] of [
      ['2025-09-25', '2025-10-29'],
      ['2025-09-30', '2025-10-08'],
      ['2025-12-31', '2026-01-05'],
      ['2025-01-01', '2026-12-31'],
    ] as const) {
      expect(at.get(to)!.ordinal - at.get(from)!.ordinal, `${from} → ${to}`).toBe(workingDaysBetween(cal, from, to));
    }
  });

  it('starts a new run after a year missing from the calendar, and keeps to the years asked for', () => {
    const gapped = createCalendar([2024, 2026], []);
    const ordinals = workingDayOrdinals(gapped);
    expect(new Set(ordinals.map((o) => o.run))).toEqual(new Set([2024, 2026]));
    expect(ordinals.find((o) => o.date === '2026-01-01')).toEqual({ date: '2026-01-01', run: 2026, ordinal: 0 });
    expect(ordinals.some((o) => o.date.startsWith('2025'))).toBe(false);
    expect(workingDayOrdinals(gapped, 2025, 2026).map((o) => o.date.slice(0, 4))).toEqual(Array(365).fill('2026'));
  });
});
