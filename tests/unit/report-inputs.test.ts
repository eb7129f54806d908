import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APPEAL_GROUPS,
  APPEAL_KEYS,
  APPEAL_OUTCOMES,
  INFO_CONTENT_HEADING,
  LITIGATION_HEADING,
  PROACTIVE_KEYS,
  PROACTIVE_TABLES,
  SECTION_HEADINGS,
  checkAppeals,
  checkCompleteness,
  inputsToForm,
  parseReportInputs,
  readStoredInputs,
  type ReportInputs,
} from '../../src/domain/report-inputs.ts';

const REFERENCE = readFileSync(new URL('../../../shared/reference/haimen-2024-annual-report.txt', import.meta.url), 'utf8');

/** The published text uses ASCII parentheses and colons; compare without them. */
const plain = (s: string) => s.replace(/[()（）:：]/g, '');

/** The non-empty, non-figure lines of the reference between two headings. */
function referenceLabels(from: string, to: string): string[] {
  const section = REFERENCE.slice(REFERENCE.indexOf(from) + from.length, REFERENCE.indexOf(to));
  return section
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[\d.]+$/.test(l))
    .map(plain);
}

/** Every field filled with the figures of the Haimen 2024 report (all zero but 废止 7, 现行有效 31). */
function completeForm(overrides: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = Object.fromEntries([...PROACTIVE_KEYS, ...APPEAL_KEYS].map((k) => [k, '0']));
  form.normative_documents_repealed = '7';
  form.normative_documents_in_force = '31';
  form.overview = '1.主动公开情况。';
  form.problems = '一是信息公开的时效和广度需要提升。';
  form.other = '未收取信息处理费。';
  return { ...form, ...overrides };
}

describe('the layout of sections 二 and 四', () => {
  it('has the section headings of the reference report', () => {
    const lines = REFERENCE.split('\n').map((l) => l.trim());
    for (const heading of Object.values(SECTION_HEADINGS)) expect(lines, heading).toContain(heading);
  });

  it('prints section 二 with the tables, rows and columns of the reference, in its order', () => {
    const ours = PROACTIVE_TABLES.flatMap((t) => [t.article, INFO_CONTENT_HEADING, ...t.columns, ...t.rows.map((r) => r.label)]).map(plain);
    expect(ours).toEqual(referenceLabels(SECTION_HEADINGS.proactive, SECTION_HEADINGS.applications));
  });

  it('prints section 四 with the headers of the reference and 15 figures', () => {
    const [reconsideration, ...litigation] = APPEAL_GROUPS;
    const outcomes = APPEAL_OUTCOMES.map((o) => o.label);
    const ours = [
      reconsideration.heading,
      LITIGATION_HEADING,
      ...outcomes,
      ...litigation.map((g) => g.heading),
      ...litigation.flatMap(() => outcomes),
    ];
    expect(ours).toEqual(referenceLabels(SECTION_HEADINGS.appeals, SECTION_HEADINGS.problems));
    expect(APPEAL_KEYS).toHaveLength(15);
    expect(APPEAL_KEYS.slice(0, 5)).toEqual([
      'reconsideration_upheld',
      'reconsideration_corrected',
      'reconsideration_other',
      'reconsideration_pending',
      'reconsideration_total',
    ]);
    expect(APPEAL_KEYS[9]).toBe('litigation_direct_total');
    expect(APPEAL_KEYS[14]).toBe('litigation_after_reconsideration_total');
  });
});

describe('parseReportInputs', () => {
  it('reads a complete form: whole counts, money in 万元 with up to two decimals, the texts', () => {
    const parsed = parseReportInputs(completeForm({ fees_amount: '12.50', licensing_decisions: ' 3 ' }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.inputs.proactive).toMatchObject({ normative_documents_repealed: 7, normative_documents_in_force: 31, licensing_decisions: 3, fees_amount: 12.5 });
    expect(Object.keys(parsed.inputs.proactive)).toEqual(PROACTIVE_KEYS);
    expect(Object.keys(parsed.inputs.appeals)).toEqual(APPEAL_KEYS);
    expect(parsed.inputs.text).toEqual({ overview: '1.主动公开情况。', problems: '一是信息公开的时效和广度需要提升。', other: '未收取信息处理费。' });
  });

  it('reads full-width digits typed with a Chinese input method', () => {
    const parsed = parseReportInputs(completeForm({ regulations_in_force: '１２', fees_amount: '３．５' }));
    expect(parsed.ok && parsed.inputs.proactive).toMatchObject({ regulations_in_force: 12, fees_amount: 3.5 });
  });

  it('leaves a blank figure or text out: not entered yet', () => {
    const parsed = parseReportInputs({ regulations_issued: '2', other: '   ' });
    expect(parsed).toEqual({ ok: true, inputs: { proactive: { regulations_issued: 2 }, appeals: {}, text: {} } });
  });

  it('refuses negative figures, fractions where whole numbers belong, money with three decimals and non-numbers, each with its field', () => {
    const parsed = parseReportInputs(
      completeForm({
        regulations_issued: '-1',
        penalty_decisions: '2.5',
        fees_amount: '1.234',
        reconsideration_total: '-3',
        litigation_direct_upheld: '两件',
        enforcement_decisions: '1e3',
      }),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: {
        regulations_issued: '不能为负数',
        penalty_decisions: '应为整数，不能有小数',
        enforcement_decisions: '请填写数字，例如 0',
        fees_amount: '金额以万元为单位，最多保留两位小数',
        reconsideration_total: '不能为负数',
        litigation_direct_upheld: '请填写数字，例如 0',
      },
    });
  });

  it('refuses negative money and money that is not a number', () => {
    expect(parseReportInputs({ fees_amount: '-0.5' })).toEqual({ ok: false, errors: { fees_amount: '不能为负数' } });
    expect(parseReportInputs({ fees_amount: '12万' })).toEqual({ ok: false, errors: { fees_amount: '请填写金额，例如 12.50' } });
    expect(parseReportInputs({ fees_amount: '0.05' })).toEqual({ ok: true, inputs: { proactive: { fees_amount: 0.05 }, appeals: {}, text: {} } });
  });

  it('refuses figures too large to be real and texts over the limit', () => {
    const parsed = parseReportInputs({ licensing_decisions: '1234567890', problems: '字'.repeat(20_001) });
    expect(parsed).toEqual({
      ok: false,
      errors: { licensing_decisions: '数值过大', problems: '不能超过20000个字（现有20001个字）' },
    });
  });

  it('round-trips through storage and back into the form', () => {
    const parsed = parseReportInputs(completeForm({ fees_amount: '12.5' }));
    if (!parsed.ok) throw new Error('expected ok');
    const stored = JSON.parse(JSON.stringify(parsed.inputs)) as ReportInputs;
    const read = readStoredInputs(stored.proactive, stored.appeals, stored.text);
    expect(read).toEqual(parsed.inputs);
    expect(inputsToForm(read)).toMatchObject({ fees_amount: '12.50', normative_documents_in_force: '31', other: '未收取信息处理费。' });
  });

  it('drops unknown keys and impossible values from stored JSON', () => {
    expect(readStoredInputs({ regulations_issued: -1, fees_amount: 'x', extra: 5 }, null, { overview: 3, other: '无' })).toEqual({
      proactive: {},
      appeals: {},
      text: { other: '无' },
    });
  });
});

describe('checks on the entries', () => {
  it('passes section 四 when each 总计 is the sum of its four figures', () => {
    const checks = checkAppeals({
      reconsideration_upheld: 1,
      reconsideration_corrected: 1,
      reconsideration_other: 0,
      reconsideration_pending: 1,
      reconsideration_total: 3,
      ...Object.fromEntries(APPEAL_KEYS.slice(5).map((k) => [k, 0])),
    });
    expect(checks).toEqual([
      { name: '行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结', ok: true, detail: '1 + 1 + 0 + 1 = 3；总计 3，相等' },
      { name: '行政诉讼（未经复议直接起诉）：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结', ok: true, detail: '0 + 0 + 0 + 0 = 0；总计 0，相等' },
      { name: '行政诉讼（复议后起诉）：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结', ok: true, detail: '0 + 0 + 0 + 0 = 0；总计 0，相等' },
    ]);
  });

  it('fails a wrong 总计 with the figures, and a group not fully entered', () => {
    const appeals = { ...Object.fromEntries(APPEAL_KEYS.slice(0, 10).map((k) => [k, 0])), litigation_direct_corrected: 1 };
    const [reconsideration, direct, after] = checkAppeals(appeals);
    expect(reconsideration.ok).toBe(true);
    expect(direct).toMatchObject({ ok: false, detail: '0 + 1 + 0 + 0 = 1；总计 0，相差 1' });
    expect(after).toMatchObject({ ok: false, detail: '尚未全部填写' });
  });

  it('reports what is still missing before the report can be final', () => {
    const parsed = parseReportInputs(completeForm({ fees_amount: '', reconsideration_total: '', litigation_direct_total: '', other: '' }));
    if (!parsed.ok) throw new Error('expected ok');
    expect(checkCompleteness(parsed.inputs)).toEqual({
      name: '报告各部分均已填写',
      ok: false,
      detail: '尚未填写：二、主动公开政府信息情况 10 项数据中的 1 项；四、政府信息公开行政复议、行政诉讼情况 15 项数据中的 2 项；六、其他需要报告的事项',
    });
    const full = parseReportInputs(completeForm());
    if (!full.ok) throw new Error('expected ok');
    expect(checkCompleteness(full.inputs)).toMatchObject({ ok: true, detail: '第二、四部分的 25 项数据和第一、五、六部分的文字均已填写' });
  });
});
