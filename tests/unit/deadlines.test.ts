import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, createCalendar, type DayKind } from '../../src/domain/calendar.ts';
import { DEFAULT_LETTER_LIMITS } from '../../src/domain/codes.ts';
import {
  computeDeadline,
  defaultReceiptDate,
  dueState,
  supplementWindowEnd,
  workingDaysLeft,
  type ClockStep,
} from '../../src/domain/deadlines.ts';
import { CalendarYearMissingError, IllegalTransitionError, ValidationError } from '../../src/domain/errors.ts';

type Row = { date: string; kind: DayKind };

function days(from: string, to: string, kind: DayKind): Row[] {
  const rows: Row[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) rows.push({ date: d, kind });
  return rows;
}

// 国务院办公厅关于2025年部分节假日安排的通知
const SCHEDULE_2025: Row[] = [
  ...days('2025-01-01', '2025-01-01', 'off'),
  ...days('2025-01-28', '2025-02-04', 'off'),
  { date: '2025-01-26', kind: 'work' },
  { date: '2025-02-08', kind: 'work' },
  ...days('2025-04-04', '2025-04-06', 'off'),
  ...days('2025-05-01', '2025-05-05', 'off'),
  { date: '2025-04-27', kind: 'work' },
  ...days('2025-05-31', '2025-06-02', 'off'),
  ...days('2025-10-01', '2025-10-08', 'off'),
  { date: '2025-09-28', kind: 'work' },
  { date: '2025-10-11', kind: 'work' },
];

// 2026 from chinese-days: every weekday off and weekend day worked.
const SCHEDULE_2026: Row[] = days('2026-01-01', '2026-12-31', 'off').flatMap(({ date }) => {
  const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  const work = chineseDays.getDayDetail(date).work;
  return work === weekend ? [{ date, kind: work ? 'work' : 'off' } as Row] : [];
});

const cal = createCalendar([2025, 2026], [...SCHEDULE_2025, ...SCHEDULE_2026]);
const cal2025 = createCalendar([2025], SCHEDULE_2025);

const start = (on: string, days = 20): ClockStep => ({ kind: 'start', on, days });

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('defaultReceiptDate (条例第三十一条)', () => {
  it('is the submission day when that is a working day', () => {
    expect(defaultReceiptDate(cal, '2025-09-25')).toBe('2025-09-25');
    expect(defaultReceiptDate(cal, '2025-09-28')).toBe('2025-09-28'); // make-up Sunday
  });

  it('is the next working day otherwise', () => {
    expect(defaultReceiptDate(cal, '2025-09-27')).toBe('2025-09-28'); // Saturday → make-up Sunday
    expect(defaultReceiptDate(cal, '2025-10-01')).toBe('2025-10-09');
    expect(defaultReceiptDate(cal, '2025-12-27')).toBe('2025-12-29');
    expect(defaultReceiptDate(cal, '2026-01-01')).toBe('2026-01-04');
  });
});

describe('supplementWindowEnd (条例第三十条)', () => {
  it('is the 7th working day after receipt', () => {
    expect(supplementWindowEnd(cal, '2025-09-25')).toBe('2025-10-11');
    expect(supplementWindowEnd(cal, '2025-11-03')).toBe('2025-11-12');
  });
});

describe('computeDeadline — disclosure', () => {
  it('has no due date before receipt', () => {
    expect(computeDeadline(cal, 'disclosure', [])).toEqual({
      dueOn: null,
      paused: false,
      pauseReason: null,
      daysLeftAtPause: null,
      extended: false,
      explanation: [],
    });
  });

  it('runs 20 working days from receipt', () => {
    expect(computeDeadline(cal, 'disclosure', [start('2025-09-25')])).toEqual({
      dueOn: '2025-10-29',
      paused: false,
      pauseReason: null,
      daysLeftAtPause: null,
      extended: false,
      explanation: ['2025-09-25 收到申请（受理），依条例第三十三条自次日起计20个工作日，应于2025-10-29前答复。'],
    });
  });

  it('runs over the Spring Festival with its make-up days', () => {
    // 1/26 (Sun) worked, 1/28–2/4 off, 2/8 (Sat) worked
    expect(computeDeadline(cal, 'disclosure', [start('2025-01-20')]).dueOn).toBe('2025-02-21');
  });

  it('insists on the statutory 20 days', () => {
    const e = thrown(() => computeDeadline(cal, 'disclosure', [start('2025-09-25', 15)]));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).fields).toEqual({ days: '政府信息公开申请的答复期限为20个工作日。' });
  });

  it('accepts receipt only once', () => {
    const e = thrown(() => computeDeadline(cal, 'disclosure', [start('2025-09-25'), start('2025-10-09')]));
    expect(e).toBeInstanceOf(IllegalTransitionError);
  });

  it('needs the calendar of every year the period reaches', () => {
    const e = thrown(() => computeDeadline(cal2025, 'disclosure', [start('2025-12-15')]));
    expect(e).toBeInstanceOf(CalendarYearMissingError);
    expect((e as CalendarYearMissingError).year).toBe(2026);
    expect(computeDeadline(cal, 'disclosure', [start('2025-12-15')]).dueOn).toBe('2026-01-13'); // Sunday 1/4 is worked
  });

  describe('补正', () => {
    it('stops the clock, then runs 20 days anew from the day the supplement arrives', () => {
      const requested = computeDeadline(cal, 'disclosure', [
        start('2025-09-25'),
        { kind: 'supplement_requested', on: '2025-10-10' },
      ]);
      expect(requested).toEqual({
        dueOn: null,
        paused: true,
        pauseReason: 'supplement',
        daysLeftAtPause: null,
        extended: false,
        explanation: [
          '2025-09-25 收到申请（受理），依条例第三十三条自次日起计20个工作日，应于2025-10-29前答复。',
          '2025-10-10 发出补正通知（条例第三十条），办理期限中止，待收到补正材料后重新计算。',
        ],
      });

      const received = computeDeadline(cal, 'disclosure', [
        start('2025-09-25'),
        { kind: 'supplement_requested', on: '2025-10-10' },
        { kind: 'supplement_received', on: '2025-10-15' },
      ]);
      expect(received.dueOn).toBe('2025-11-12');
      expect(received.paused).toBe(false);
      expect(received.pauseReason).toBeNull();
      expect(received.explanation[2]).toBe(
        '2025-10-15 收到补正材料，依条例第三十条自次日起重新计算20个工作日，应于2025-11-12前答复。',
      );
    });

    it('restarts from the arrival day even when it arrives during a holiday', () => {
      const r = computeDeadline(cal, 'disclosure', [
        start('2025-09-25'),
        { kind: 'supplement_requested', on: '2025-09-26' },
        { kind: 'supplement_received', on: '2025-10-03' },
      ]);
      expect(r.dueOn).toBe(computeDeadline(cal, 'disclosure', [start('2025-10-03')]).dueOn);
      expect(r.dueOn).toBe('2025-11-04');
    });

    it('is allowed on the 7th working day after receipt', () => {
      const r = computeDeadline(cal, 'disclosure', [
        start('2025-09-25'),
        { kind: 'supplement_requested', on: '2025-10-11' },
      ]);
      expect(r.pauseReason).toBe('supplement');
    });

    it('is refused after the 7-working-day window', () => {
      const e = thrown(() =>
        computeDeadline(cal, 'disclosure', [start('2025-09-25'), { kind: 'supplement_requested', on: '2025-10-13' }]),
      );
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect(e.message).toBe(
        '依条例第三十条，补正通知应自收到申请之日起7个工作日内发出（最迟2025-10-11），2025-10-13已超出该期限。',
      );
    });

    it('is requested only once (一次性告知)', () => {
      const e = thrown(() =>
        computeDeadline(cal, 'disclosure', [
          start('2025-09-25'),
          { kind: 'supplement_requested', on: '2025-09-26' },
          { kind: 'supplement_received', on: '2025-09-29' },
          { kind: 'supplement_requested', on: '2025-09-30' },
        ]),
      );
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect(e.message).toContain('已于2025-09-26发出过补正通知');
    });

    it('cannot be received when none was requested', () => {
      expect(() =>
        computeDeadline(cal, 'disclosure', [start('2025-09-25'), { kind: 'supplement_received', on: '2025-09-29' }]),
      ).toThrow(IllegalTransitionError);
    });

    it('cannot be extended while the clock is stopped', () => {
      expect(() =>
        computeDeadline(cal, 'disclosure', [
          start('2025-09-25'),
          { kind: 'supplement_requested', on: '2025-09-26' },
          { kind: 'extension', on: '2025-09-29', days: 10 },
        ]),
      ).toThrow('等待补正期间答复期限已中止，不能延长。');
    });
  });

  describe('征求意见', () => {
    // Received Monday 9/15: 20 working days end on 10/17 across National Day.
    const base = [start('2025-09-15')];

    it('pauses with the days left and resumes with them after a holiday', () => {
      expect(computeDeadline(cal, 'disclosure', base).dueOn).toBe('2025-10-17');

      const paused = computeDeadline(cal, 'disclosure', [
        ...base,
        { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' },
      ]);
      expect(paused).toMatchObject({ dueOn: null, paused: true, pauseReason: 'consultation', daysLeftAtPause: 11 });
      expect(paused.explanation[1]).toBe('2025-09-26 征求第三方意见（条例第三十二条），期限暂停（剩余11个工作日）。');

      const resumed = computeDeadline(cal, 'disclosure', [
        ...base,
        { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' },
        { kind: 'consultation_ended', on: '2025-10-09' },
      ]);
      expect(resumed).toMatchObject({ dueOn: '2025-10-23', paused: false, pauseReason: null, daysLeftAtPause: null });
      expect(resumed.explanation[2]).toBe('2025-10-09 征求意见结束，恢复计时，剩余11个工作日，应于2025-10-23前答复。');
    });

    it('cites 第三十四条 when another agency is consulted', () => {
      const r = computeDeadline(cal, 'disclosure', [
        ...base,
        { kind: 'consultation_started', on: '2025-09-26', party: 'agency' },
      ]);
      expect(r.explanation[1]).toBe('2025-09-26 征求有关行政机关意见（条例第三十四条），期限暂停（剩余11个工作日）。');
    });

    it('does not count the pause even when it ends on a rest day', () => {
      // Ended Saturday 10/18: the 11 remaining days start on Monday 10/20.
      const r = computeDeadline(cal, 'disclosure', [
        ...base,
        { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' },
        { kind: 'consultation_ended', on: '2025-10-18' },
      ]);
      expect(r.dueOn).toBe('2025-11-03');
    });

    it('may be repeated', () => {
      const r = computeDeadline(cal, 'disclosure', [
        ...base,
        { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' },
        { kind: 'consultation_ended', on: '2025-10-09' }, // due 10/23
        { kind: 'consultation_started', on: '2025-10-20', party: 'agency' }, // 3 left
        { kind: 'consultation_ended', on: '2025-11-10' },
      ]);
      expect(r.explanation[3]).toContain('剩余3个工作日');
      expect(r.dueOn).toBe('2025-11-13');
    });

    it('started on the due day leaves 0 days: due on the next working day from the resume', () => {
      const r = computeDeadline(cal, 'disclosure', [
        ...base,
        { kind: 'consultation_started', on: '2025-10-17', party: 'third_party' },
        { kind: 'consultation_ended', on: '2025-11-01' }, // Saturday
      ]);
      expect(r.explanation[1]).toContain('剩余0个工作日');
      expect(r.dueOn).toBe('2025-11-03');
    });

    it('is refused once the period has expired', () => {
      const e = thrown(() =>
        computeDeadline(cal, 'disclosure', [
          ...base,
          { kind: 'consultation_started', on: '2025-10-20', party: 'third_party' },
        ]),
      );
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect(e.message).toBe('答复期限已于2025-10-17届满，不能再以征求意见暂停计时。');
    });

    it('cannot start twice, end without start, or run during a 补正', () => {
      const consulting: ClockStep[] = [...base, { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' }];
      expect(() =>
        computeDeadline(cal, 'disclosure', [...consulting, { kind: 'consultation_started', on: '2025-09-29', party: 'agency' }]),
      ).toThrow('征求意见已在进行中。');
      expect(() => computeDeadline(cal, 'disclosure', [...base, { kind: 'consultation_ended', on: '2025-09-29' }])).toThrow(
        '没有进行中的征求意见。',
      );
      expect(() =>
        computeDeadline(cal, 'disclosure', [
          ...base,
          { kind: 'supplement_requested', on: '2025-09-17' },
          { kind: 'consultation_started', on: '2025-09-18', party: 'third_party' },
        ]),
      ).toThrow('等待补正期间不能征求意见。');
      expect(() =>
        computeDeadline(cal, 'disclosure', [...consulting, { kind: 'supplement_requested', on: '2025-09-29' }]),
      ).toThrow('征求意见期间不能发出补正通知。');
    });
  });

  describe('延期', () => {
    it('adds up to 20 working days to the current due date', () => {
      const r = computeDeadline(cal, 'disclosure', [start('2025-09-25'), { kind: 'extension', on: '2025-10-20', days: 20 }]);
      expect(r).toMatchObject({ dueOn: '2025-11-26', extended: true, paused: false });
      expect(r.explanation[1]).toBe('2025-10-20 延长答复期限20个工作日（条例第三十三条第二款），应于2025-11-26前答复。');
    });

    it('is allowed on the due day itself', () => {
      expect(
        computeDeadline(cal, 'disclosure', [start('2025-09-25'), { kind: 'extension', on: '2025-10-29', days: 5 }]).dueOn,
      ).toBe('2025-11-05');
    });

    it('is refused after the due date', () => {
      expect(() =>
        computeDeadline(cal, 'disclosure', [start('2025-09-25'), { kind: 'extension', on: '2025-10-30', days: 5 }]),
      ).toThrow('答复期限已于2025-10-29届满，不能再延长。');
    });

    it('is granted only once', () => {
      const e = thrown(() =>
        computeDeadline(cal, 'disclosure', [
          start('2025-09-25'),
          { kind: 'extension', on: '2025-10-20', days: 5 },
          { kind: 'extension', on: '2025-10-21', days: 5 },
        ]),
      );
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect(e.message).toBe('答复期限只能延长一次，本申请已于2025-10-20延长过。');
    });

    it('is between 1 and 20 working days', () => {
      for (const days of [21, 0, -3, 2.5]) {
        const e = thrown(() =>
          computeDeadline(cal, 'disclosure', [start('2025-09-25'), { kind: 'extension', on: '2025-10-20', days }]),
        );
        expect(e, String(days)).toBeInstanceOf(ValidationError);
        expect(e.message).toBe('延长的期限应为1至20个工作日。');
      }
    });

    it('granted during a consultation adds to the days left at the pause', () => {
      const r = computeDeadline(cal, 'disclosure', [
        start('2025-09-15'),
        { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' },
        { kind: 'extension', on: '2025-10-01', days: 5 },
      ]);
      expect(r).toMatchObject({ dueOn: null, paused: true, daysLeftAtPause: 16, extended: true });
      expect(r.explanation[2]).toBe('2025-10-01 延长答复期限5个工作日（条例第三十三条第二款），征求意见结束后剩余16个工作日。');
      const resumed = computeDeadline(cal, 'disclosure', [
        start('2025-09-15'),
        { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' },
        { kind: 'extension', on: '2025-10-01', days: 5 },
        { kind: 'consultation_ended', on: '2025-10-09' },
      ]);
      expect(resumed.dueOn).toBe('2025-10-30');
    });
  });

  it('combines 补正, consultation and extension in one history', () => {
    const r = computeDeadline(cal, 'disclosure', [
      start('2025-09-25'),
      { kind: 'supplement_requested', on: '2025-09-29' },
      { kind: 'supplement_received', on: '2025-10-09' },
      { kind: 'consultation_started', on: '2025-10-20', party: 'third_party' },
      { kind: 'consultation_ended', on: '2025-11-07' },
      { kind: 'extension', on: '2025-11-20', days: 10 },
    ]);
    expect(r.explanation).toEqual([
      '2025-09-25 收到申请（受理），依条例第三十三条自次日起计20个工作日，应于2025-10-29前答复。',
      '2025-09-29 发出补正通知（条例第三十条），办理期限中止，待收到补正材料后重新计算。',
      '2025-10-09 收到补正材料，依条例第三十条自次日起重新计算20个工作日，应于2025-11-05前答复。',
      '2025-10-20 征求第三方意见（条例第三十二条），期限暂停（剩余12个工作日）。',
      '2025-11-07 征求意见结束，恢复计时，剩余12个工作日，应于2025-11-25前答复。',
      '2025-11-20 延长答复期限10个工作日（条例第三十三条第二款），应于2025-12-09前答复。',
    ]);
    expect(r).toMatchObject({ dueOn: '2025-12-09', paused: false, extended: true });
  });

  it('refuses steps before receipt and steps out of date order', () => {
    expect(() => computeDeadline(cal, 'disclosure', [{ kind: 'supplement_requested', on: '2025-09-25' }])).toThrow(
      '尚未受理，不能记录“补正”。',
    );
    const e = thrown(() =>
      computeDeadline(cal, 'disclosure', [
        start('2025-09-25'),
        { kind: 'consultation_started', on: '2025-10-10', party: 'third_party' },
        { kind: 'consultation_ended', on: '2025-10-09' },
      ]),
    );
    expect(e).toBeInstanceOf(IllegalTransitionError);
    expect(e.message).toBe('办理记录的日期顺序有误：2025-10-09早于上一步的2025-10-10。');
  });

  it('rejects malformed dates', () => {
    expect(() => computeDeadline(cal, 'disclosure', [start('2025/09/25')])).toThrow('日期“2025/09/25”无效');
  });
});

describe('computeDeadline — letters', () => {
  it('runs the category limit from the day the letter is accepted', () => {
    const cases = [
      ['inquiry', '2025-10-09'],
      ['suggestion', '2025-10-15'],
      ['help', '2025-10-15'],
      ['complaint', '2025-10-22'],
      ['report', '2025-10-22'],
      ['other', '2025-10-15'],
    ] as const;
    for (const [category, due] of cases) {
      for (const channel of ['mayor_mailbox', 'dept_mailbox'] as const) {
        const r = computeDeadline(cal, channel, [start('2025-09-25', DEFAULT_LETTER_LIMITS[category])]);
        expect(r.dueOn, `${channel} ${category}`).toBe(due);
      }
    }
  });

  it('explains the limit', () => {
    expect(computeDeadline(cal, 'mayor_mailbox', [start('2025-09-25', 15)]).explanation).toEqual([
      '2025-09-25 受理来信，自次日起计15个工作日，应于2025-10-22前答复。',
    ]);
  });

  it('restarts the limit when handed over again (e.g. reopened)', () => {
    const r = computeDeadline(cal, 'mayor_mailbox', [start('2025-09-25', 5), start('2025-10-20', 5)]);
    expect(r.dueOn).toBe('2025-10-27');
    expect(r.explanation[1]).toBe('2025-10-20 重新交办，自次日起重新计算5个工作日，应于2025-10-27前答复。');
  });

  it('rejects a limit that is not a positive whole number of days', () => {
    for (const days of [0, -1, 1.5]) {
      expect(() => computeDeadline(cal, 'dept_mailbox', [start('2025-09-25', days)]), String(days)).toThrow(ValidationError);
    }
  });

  it('knows no 补正, consultation or extension', () => {
    const others: ClockStep[] = [
      { kind: 'supplement_requested', on: '2025-09-26' },
      { kind: 'supplement_received', on: '2025-09-26' },
      { kind: 'consultation_started', on: '2025-09-26', party: 'third_party' },
      { kind: 'consultation_ended', on: '2025-09-26' },
      { kind: 'extension', on: '2025-09-26', days: 5 },
    ];
    for (const step of others) {
      const e = thrown(() => computeDeadline(cal, 'mayor_mailbox', [start('2025-09-25', 10), step]));
      expect(e, step.kind).toBeInstanceOf(IllegalTransitionError);
      expect(e.message).toMatch(/^来信不适用“.+”。$/);
    }
  });
});

describe('dueState and workingDaysLeft', () => {
  const open = (dueOn: string | null) => ({ dueOn, paused: false, closed: false });
  // Due Wednesday 2025-10-29.
  const due = '2025-10-29';

  it('is on track with 3 working days left', () => {
    expect(workingDaysLeft(cal, '2025-10-24', due)).toBe(3);
    expect(dueState(cal, '2025-10-24', open(due))).toBe('on_track');
    expect(dueState(cal, '2025-10-26', open(due))).toBe('on_track'); // Sunday, still 3 left
  });

  it('is due soon with 2, 1 and 0 working days left', () => {
    expect(workingDaysLeft(cal, '2025-10-27', due)).toBe(2);
    expect(dueState(cal, '2025-10-27', open(due))).toBe('due_soon');
    expect(dueState(cal, '2025-10-28', open(due))).toBe('due_soon');
    expect(workingDaysLeft(cal, due, due)).toBe(0);
    expect(dueState(cal, due, open(due))).toBe('due_soon');
  });

  it('counts working days, not calendar days, across a holiday', () => {
    expect(workingDaysLeft(cal, '2025-09-30', '2025-10-10')).toBe(2);
    expect(dueState(cal, '2025-09-30', open('2025-10-10'))).toBe('due_soon');
    expect(dueState(cal, '2025-09-29', open('2025-10-10'))).toBe('on_track');
  });

  it('is overdue from the day after the due date, even on a rest day', () => {
    expect(dueState(cal, '2025-10-30', open(due))).toBe('overdue');
    expect(workingDaysLeft(cal, '2025-10-31', due)).toBe(-2);
    expect(dueState(cal, '2025-10-11', open('2025-10-10'))).toBe('overdue'); // make-up Saturday
    expect(dueState(cal, '2025-10-12', open('2025-10-10'))).toBe('overdue'); // Sunday
  });

  it('is paused while the clock is stopped, whatever the date', () => {
    expect(dueState(cal, '2025-12-31', { dueOn: null, paused: true, closed: false })).toBe('paused');
  });

  it('is closed once closed, even past the due date', () => {
    expect(dueState(cal, '2025-12-31', { dueOn: due, paused: false, closed: true })).toBe('closed');
  });

  it('is on track when no deadline runs yet', () => {
    expect(dueState(cal, '2025-10-30', open(null))).toBe('on_track');
  });
});
