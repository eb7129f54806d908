import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import {
  completionRate,
  medianWorkingDays,
  onTimeRate,
  percentage,
  satisfactionRate,
  workingDaysToClose,
} from '../../src/domain/rates.ts';

describe('percentage', () => {
  it('rounds to two decimals as the Haimen 2024 report prints its 办结率', () => {
    expect(percentage(205, 210)).toBe(97.62);
    expect(percentage(225, 230)).toBe(97.83);
  });

  it('rounds exact halves up (四舍五入) and keeps whole percentages whole', () => {
    expect(percentage(1, 32)).toBe(3.13); // 3.125
    expect(percentage(1, 3)).toBe(33.33);
    expect(percentage(2, 3)).toBe(66.67);
    expect(percentage(58, 58)).toBe(100);
    expect(percentage(0, 7)).toBe(0);
  });

  it('is null when there is nothing to divide by', () => {
    expect(percentage(0, 0)).toBeNull();
  });
});

describe('rates', () => {
  it('办结率 = closed ÷ received', () => {
    expect(completionRate({ received: 210, closed: 205 })).toBe(97.62);
    expect(completionRate({ received: 230, closed: 225 })).toBe(97.83);
    expect(completionRate({ received: 0, closed: 0 })).toBeNull();
  });

  it('按时办结率 = closed on time ÷ closed', () => {
    expect(onTimeRate({ closed: 8, closedOnTime: 7 })).toBe(87.5);
    expect(onTimeRate({ closed: 0, closedOnTime: 0 })).toBeNull();
  });

  it('满意率 = (满意 + 基本满意) ÷ rated', () => {
    expect(satisfactionRate({ rated: 6, satisfied: 5 })).toBe(83.33);
    expect(satisfactionRate({ rated: 0, satisfied: 0 })).toBeNull();
  });
});

describe('working days to close', () => {
  // 2024 National Day: 1–7 October off, Sunday 29 September and Saturday 12 October worked.
  const cal = createCalendar(
    [2024],
    [
      { date: '2024-09-29', kind: 'work' },
      ...['01', '02', '03', '04', '07'].map((d) => ({ date: `2024-10-${d}`, kind: 'off' as const })),
      { date: '2024-10-12', kind: 'work' },
    ],
  );

  it('counts the working days after receipt up to the closing day', () => {
    // 27 Sep (Fri), 29 Sep (make-up Sunday), 30 Sep, 8 Oct.
    expect(workingDaysToClose(cal, '2024-09-26', '2024-10-08')).toBe(4);
    expect(workingDaysToClose(cal, '2024-09-26', '2024-09-26')).toBe(0);
  });

  it('median: the middle value, the mean of the two middle values for an even count, null for none', () => {
    const of = (days: number[]) => {
      const histogram = new Map<number, number>();
      for (const d of days) histogram.set(d, (histogram.get(d) ?? 0) + 1);
      return medianWorkingDays(histogram);
    };
    expect(of([9, 1, 5])).toBe(5);
    expect(of([4, 1, 3, 20])).toBe(3.5);
    expect(of([7])).toBe(7);
    expect(of([])).toBeNull();
    expect(of([3, 3, 3, 8])).toBe(3);
    expect(of([2, 2, 5, 5])).toBe(3.5);
    expect(medianWorkingDays(new Map([[4, 0], [6, 2]]))).toBe(6);
    // Against the plain definition: sort every case and take the middle.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }), (days) => {
        const sorted = [...days].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        const plain = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
        expect(of(days)).toBe(Math.round(plain * 100) / 100);
      }),
    );
  });
});
