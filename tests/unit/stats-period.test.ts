import { describe, expect, it } from 'vitest';
import { monthEnd, monthsOf, parseStatsPeriod, periodParams } from '../../src/domain/stats-period.ts';

const TODAY = '2026-03-02';

function ok(raw: Record<string, string>) {
  const r = parseStatsPeriod(raw, TODAY);
  if (!r.ok) throw new Error(`expected a period, got ${JSON.stringify(r.errors)}`);
  return r.period;
}

function errors(raw: Record<string, string>) {
  const r = parseStatsPeriod(raw, TODAY);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.period)}`);
  return r.errors;
}

describe('parseStatsPeriod', () => {
  it('shows this year when the page is opened without a period', () => {
    const r = parseStatsPeriod({}, TODAY);
    expect(r).toMatchObject({ ok: true, period: { kind: 'year', from: '2026-01-01', to: '2026-12-31', label: '2026年' } });
    expect(r.values).toMatchObject({ period: 'year', year: '2026' });
  });

  it('turns a year into 1 January to 31 December', () => {
    expect(ok({ period: 'year', year: '2024' })).toEqual({ kind: 'year', from: '2024-01-01', to: '2024-12-31', label: '2024年' });
  });

  it('turns each quarter into its three months, ending on the right day', () => {
    expect(ok({ period: 'quarter', year: '2025', quarter: '1' })).toEqual({ kind: 'quarter', from: '2025-01-01', to: '2025-03-31', label: '2025年第一季度' });
    expect(ok({ period: 'quarter', year: '2025', quarter: '2' })).toMatchObject({ from: '2025-04-01', to: '2025-06-30', label: '2025年第二季度' });
    expect(ok({ period: 'quarter', year: '2025', quarter: '3' })).toMatchObject({ from: '2025-07-01', to: '2025-09-30', label: '2025年第三季度' });
    expect(ok({ period: 'quarter', year: '2025', quarter: '4' })).toMatchObject({ from: '2025-10-01', to: '2025-12-31', label: '2025年第四季度' });
  });

  it('ends each month on its last day, February by leap year', () => {
    expect(ok({ period: 'month', year: '2024', month: '2' })).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29', label: '2024年2月' });
    expect(ok({ period: 'month', year: '2025', month: '2' })).toMatchObject({ to: '2025-02-28' });
    expect(ok({ period: 'month', year: '2000', month: '2' })).toMatchObject({ to: '2000-02-29' });
    expect(ok({ period: 'month', year: '2025', month: '4' })).toMatchObject({ to: '2025-04-30' });
    expect(ok({ period: 'month', year: '2025', month: '12' })).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(monthEnd(2100, 2)).toBe('2100-02-28');
  });

  it('takes a custom range as given, labelled with Chinese dates', () => {
    expect(ok({ period: 'custom', from: '2025-11-15', to: '2026-02-10' })).toEqual({
      kind: 'custom',
      from: '2025-11-15',
      to: '2026-02-10',
      label: '2025年11月15日至2026年2月10日',
    });
    expect(ok({ period: 'custom', from: '2024-02-29', to: '2024-02-29' })).toMatchObject({ from: '2024-02-29', to: '2024-02-29' });
  });

  it('refuses what is missing or impossible, in Chinese, beside the field', () => {
    expect(errors({ period: 'week' })).toEqual({ period: '请选择统计期间的类型：年度、季度、月份或自定义起止日期' });
    expect(errors({ period: 'year', year: '' })).toEqual({ year: '请填写年度，例如 2026' });
    expect(errors({ period: 'year', year: '26' })).toEqual({ year: '年度应为2000至2026之间的四位数字' });
    expect(errors({ period: 'year', year: '2027' })).toEqual({ year: '年度应为2000至2026之间的四位数字' });
    expect(errors({ period: 'year', year: '二〇二五' })).toEqual({ year: '年度应为2000至2026之间的四位数字' });
    expect(errors({ period: 'quarter', year: '2025', quarter: '5' })).toEqual({ quarter: '请选择第一至第四季度中的一个' });
    expect(errors({ period: 'month', year: '2025', month: '' })).toEqual({ month: '请选择1至12月中的一个月份' });
    expect(errors({ period: 'month', year: '2025', month: '13' })).toEqual({ month: '请选择1至12月中的一个月份' });
    expect(errors({ period: 'custom', from: '2025-02-29', to: '' })).toEqual({
      from: '开始日期应为“年-月-日”格式的有效日期，例如 2026-01-01',
      to: '请填写结束日期，例如 2026-01-01',
    });
    expect(errors({ period: 'custom', from: '2025-03-01', to: '2025-02-01' })).toEqual({ to: '结束日期不能早于开始日期' });
    expect(errors({ period: 'custom', from: '1999-12-31', to: '2000-01-31' })).toEqual({ from: '开始日期不能早于2000年' });
    expect(errors({ period: 'custom', from: '2020-01-01', to: '2023-01-31' })).toEqual({ to: '自定义期间最长为三年，请缩短起止日期' });
  });

  it('keeps what was typed so the form can show it again', () => {
    const r = parseStatsPeriod({ period: 'quarter', year: ' 2025 ', quarter: '9' }, TODAY);
    expect(r.values).toEqual({ period: 'quarter', year: '2025', quarter: '9', month: '', from: '', to: '' });
  });
});

describe('monthsOf', () => {
  it('lists the months of a period, the first and last cut to the period', () => {
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-10' })).toEqual([
      { month: '2025-11', from: '2025-11-15', to: '2025-11-30', label: '2025年11月' },
      { month: '2025-12', from: '2025-12-01', to: '2025-12-31', label: '2025年12月' },
      { month: '2026-01', from: '2026-01-01', to: '2026-01-31', label: '2026年1月' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-10', label: '2026年2月' },
    ]);
    expect(monthsOf({ from: '2024-01-01', to: '2024-12-31' }).map((m) => m.to)).toEqual([
      '2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30',
      '2024-07-31', '2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30', '2024-12-31',
    ]);
  });
});

describe('periodParams', () => {
  it('keeps only the fields of the chosen kind for links', () => {
    const values = { period: 'month', year: '2025', quarter: '3', month: '7', from: 'x', to: 'y' };
    expect(periodParams(values)).toEqual({ period: 'month', year: '2025', month: '7' });
    expect(periodParams({ ...values, period: 'custom', from: '2025-01-01', to: '2025-01-31' })).toEqual({ period: 'custom', from: '2025-01-01', to: '2025-01-31' });
  });
});
