import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haimen2024 } from '../fixtures/haimen-2024.ts';
import {
  APPLICANT_HEADING,
  BALANCE_NOTE,
  ORGANISATION_COLUMNS,
  ORGANISATION_HEADING,
  OUTCOME_ROW_GROUPS,
  REPORT_COLUMNS,
  REPORT_COLUMN_LABELS,
  ROW_KEYS,
  ROW_LABELS,
  TABLE_THREE_LINES,
  buildApplicationRows,
  checkApplications,
  groupSubtotal,
  mailboxFigures,
} from '../../src/domain/annual-report.ts';

const REFERENCE = readFileSync(new URL('../../../shared/reference/haimen-2024-annual-report.txt', import.meta.url), 'utf8');

/** The published text uses ASCII parentheses and commas inside row texts; compare without punctuation. */
const plain = (s: string) => s.replace(/[()（），,:：]/g, '');


const PREVIOUS_CARRIED_FORWARD = [2, 0, 0, 0, 0, 0, 2];

describe('table 三 layout', () => {
  it('has the seven columns in official order', () => {
    expect(REPORT_COLUMNS).toEqual(['natural_person', 'business', 'research', 'public_interest', 'legal_service', 'other_org', 'total']);
    expect(REPORT_COLUMNS.map((c) => REPORT_COLUMN_LABELS[c])).toEqual([
      '自然人',
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
      '总计',
    ]);
    expect(ORGANISATION_COLUMNS).toEqual(['business', 'research', 'public_interest', 'legal_service', 'other_org']);
  });

  it('has the header and note texts of the published table', () => {
    const lines = REFERENCE.split('\n').map((l) => plain(l.trim()));
    for (const text of [APPLICANT_HEADING, ORGANISATION_HEADING, BALANCE_NOTE]) expect(lines, text).toContain(plain(text));
  });

  it('lists 新收, 上年结转, the 21 outcome rows, （七）总计 and 结转下年度 with the official row texts', () => {
    expect(ROW_KEYS).toHaveLength(25);
    expect(ROW_KEYS.map((k) => ROW_LABELS[k])).toEqual([
      '一、本年新收政府信息公开申请数量',
      '二、上年结转政府信息公开申请数量',
      '（一）予以公开',
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      '1.属于国家秘密',
      '2.其他法律行政法规禁止公开',
      '3.危及“三安全一稳定”',
      '4.保护第三方合法权益',
      '5.属于三类内部事务信息',
      '6.属于四类过程性信息',
      '7.属于行政执法案卷',
      '8.属于行政查询事项',
      '1.本机关不掌握相关政府信息',
      '2.没有现成信息需要另行制作',
      '3.补正后申请内容仍不明确',
      '1.信访举报投诉类申请',
      '2.重复申请',
      '3.要求提供公开出版物',
      '4.无正当理由大量反复申请',
      '5.要求行政机关确认或重新出具已获取信息',
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '3.其他',
      '（七）总计',
      '四、结转下年度继续办理',
    ]);
  });

  it('groups the numbered rows under （三）不予公开 … （六）其他处理', () => {
    expect(OUTCOME_ROW_GROUPS.map((g) => [g.label, g.codes.length])).toEqual([
      ['（一）予以公开', 1],
      ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 1],
      ['（三）不予公开', 8],
      ['（四）无法提供', 3],
      ['（五）不予处理', 5],
      ['（六）其他处理', 3],
    ]);
    const groupLines = TABLE_THREE_LINES.filter((l) => l.kind === 'group').map((l) => l.label);
    expect(groupLines).toEqual(['（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理']);
    // Every row with figures appears exactly once, in ROW_KEYS order.
    expect(TABLE_THREE_LINES.flatMap((l) => (l.kind === 'row' ? [l.key] : []))).toEqual(ROW_KEYS);
  });

  it('prints its lines in the order of the published Haimen 2024 table, figures only on rows', () => {
    const start = REFERENCE.indexOf('一、本年新收政府信息公开申请数量');
    const end = REFERENCE.indexOf('四、政府信息公开行政复议');
    const lines = REFERENCE.slice(start, end).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const printed: Array<{ label: string; figures: number }> = [];
    for (const line of lines) {
      if (/^\d+$/.test(line)) printed[printed.length - 1].figures++;
      else printed.push({ label: plain(line), figures: 0 });
    }
    expect(printed).toEqual(TABLE_THREE_LINES.map((l) => ({ label: plain(l.label), figures: l.kind === 'row' ? 7 : 0 })));
  });
});

describe('group sub-totals', () => {
  it('add up the rows of each group per column', () => {
    const rows = haimen2024();
    expect(groupSubtotal(rows, 'refused')).toEqual([3, 0, 0, 0, 0, 0, 3]);
    expect(groupSubtotal(rows, 'unavailable')).toEqual([10, 0, 0, 0, 0, 0, 10]);
    expect(groupSubtotal(rows, 'not_processed')).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(groupSubtotal(rows, 'other')).toEqual([7, 0, 0, 0, 0, 0, 7]);
    expect(groupSubtotal(rows, 'granted')).toEqual([35, 1, 0, 0, 0, 0, 36]);
  });
});

describe('buildApplicationRows', () => {
  it('puts each tally in its applicant column and outcome row, with totals', () => {
    const rows = buildApplicationRows([
      { applicantType: 'natural_person', outcome: 'granted', newInYear: 3, carriedOver: 1, closedInYear: 4, carriedForward: 0 },
      { applicantType: 'natural_person', outcome: null, newInYear: 2, carriedOver: 0, closedInYear: 0, carriedForward: 2 },
      { applicantType: 'legal_service', outcome: 'refused.third_party', newInYear: 1, carriedOver: 0, closedInYear: 1, carriedForward: 0 },
    ]);
    expect(rows.new).toEqual([5, 0, 0, 0, 1, 0, 6]);
    expect(rows.carried_over).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(rows.granted).toEqual([4, 0, 0, 0, 0, 0, 4]);
    expect(rows['refused.third_party']).toEqual([0, 0, 0, 0, 1, 0, 1]);
    expect(rows.handled_total).toEqual([4, 0, 0, 0, 1, 0, 5]);
    expect(rows.carried_forward).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(Object.keys(rows)).toEqual(ROW_KEYS);
    expect(checkApplications(2024, rows, [1, 0, 0, 0, 0, 0, 1]).every((c) => c.ok)).toBe(true);
  });

  it('counts a case of unknown applicant type in the 总计 column only, so the column check fails', () => {
    const rows = buildApplicationRows([
      { applicantType: null, outcome: 'granted', newInYear: 1, carriedOver: 0, closedInYear: 1, carriedForward: 0 },
    ]);
    expect(rows.new).toEqual([0, 0, 0, 0, 0, 0, 1]);
    const check = checkApplications(2024, rows, [0, 0, 0, 0, 0, 0, 0]).find((c) => c.name === '总计列 = 六类申请人之和')!;
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('一、本年新收政府信息公开申请数量：六类之和 0，总计列 1');
    expect(check.detail).toContain('（一）予以公开：六类之和 0，总计列 1');
  });

  it('counts a closed case without a known outcome in （七）总计 only, so the 21-row check fails', () => {
    const rows = buildApplicationRows([
      { applicantType: 'business', outcome: 'lost', newInYear: 1, carriedOver: 0, closedInYear: 1, carriedForward: 0 },
    ]);
    expect(rows.handled_total).toEqual([0, 1, 0, 0, 0, 0, 1]);
    const check = checkApplications(2024, rows, [0, 0, 0, 0, 0, 0, 0]).find((c) => c.name === '（七）总计 = 21 项办理结果之和')!;
    expect(check).toEqual({
      name: '（七）总计 = 21 项办理结果之和',
      ok: false,
      detail: '商业企业：21 项之和 0，（七）总计 1；总计：21 项之和 0，（七）总计 1',
    });
  });
});

describe('checkApplications', () => {
  it('passes every check on the Haimen 2024 figures, with the figures in the details', () => {
    const checks = checkApplications(2024, haimen2024(), PREVIOUS_CARRIED_FORWARD);
    expect(checks.map((c) => c.name)).toEqual([
      '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（自然人）',
      '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（商业企业）',
      '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（科研机构）',
      '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（社会公益组织）',
      '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（法律服务机构）',
      '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（其他）',
      '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（总计）',
      '（七）总计 = 21 项办理结果之和',
      '总计列 = 六类申请人之和',
      '本年上年结转 = 2023年结转下年度',
    ]);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks[0].detail).toBe('本年新收 57 + 上年结转 2 = 59；办理结果总计 57 + 结转下年度 2 = 59，相等');
    expect(checks[6].detail).toBe('本年新收 58 + 上年结转 2 = 60；办理结果总计 58 + 结转下年度 2 = 60，相等');
    expect(checks[7].detail).toBe('各列 21 项之和均等于（七）总计：自然人 57，商业企业 1，科研机构 0，社会公益组织 0，法律服务机构 0，其他 0，总计 58');
    expect(checks[8].detail).toBe('全部 25 行相符（本年新收 58，上年结转 2，办理结果总计 58，结转下年度 2）');
    expect(checks[9].detail).toBe('上年结转 2 件，与2023年结转下年度 2 件一致');
  });

  it('fails the balance of a column whose 新收 + 结转 differs from 总计 + 结转下年度', () => {
    const rows = haimen2024();
    rows.carried_forward = [3, 0, 0, 0, 0, 0, 3];
    const failed = checkApplications(2024, rows, PREVIOUS_CARRIED_FORWARD).filter((c) => !c.ok);
    expect(failed).toEqual([
      {
        name: '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（自然人）',
        ok: false,
        detail: '本年新收 57 + 上年结转 2 = 59；办理结果总计 57 + 结转下年度 3 = 60，相差 1',
      },
      {
        name: '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（总计）',
        ok: false,
        detail: '本年新收 58 + 上年结转 2 = 60；办理结果总计 58 + 结转下年度 3 = 61，相差 1',
      },
    ]);
  });

  it('fails （七）总计 when the 21 rows do not add up to it', () => {
    const rows = haimen2024();
    rows['other.other'] = [5, 0, 0, 0, 0, 0, 5];
    const failed = checkApplications(2024, rows, PREVIOUS_CARRIED_FORWARD).filter((c) => !c.ok);
    expect(failed).toEqual([
      {
        name: '（七）总计 = 21 项办理结果之和',
        ok: false,
        detail: '自然人：21 项之和 58，（七）总计 57；总计：21 项之和 59，（七）总计 58',
      },
    ]);
  });

  it('fails the 总计 column when a row total is not the sum of the six applicant columns', () => {
    const rows = haimen2024();
    rows['refused.process_info'] = [1, 0, 0, 0, 0, 0, 2];
    const check = checkApplications(2024, rows, PREVIOUS_CARRIED_FORWARD).find((c) => c.name === '总计列 = 六类申请人之和')!;
    expect(check).toEqual({ name: '总计列 = 六类申请人之和', ok: false, detail: '6.属于四类过程性信息：六类之和 1，总计列 2' });
  });

  it('fails 上年结转 when it differs from last year’s 结转下年度, naming the columns', () => {
    const check = checkApplications(2024, haimen2024(), [1, 1, 0, 0, 0, 0, 2]).at(-1)!;
    expect(check).toEqual({
      name: '本年上年结转 = 2023年结转下年度',
      ok: false,
      detail: '自然人：上年结转 2，2023年结转下年度 1；商业企业：上年结转 0，2023年结转下年度 1',
    });
  });
});

describe('mailboxFigures', () => {
  it('gives 办结率 as a percentage with two decimals, null without letters', () => {
    expect(mailboxFigures(210, 205)).toEqual({ received: 210, closed: 205, completion_rate: 97.62 });
    expect(mailboxFigures(230, 225)).toEqual({ received: 230, closed: 225, completion_rate: 97.83 });
    expect(mailboxFigures(0, 0)).toEqual({ received: 0, closed: 0, completion_rate: null });
  });
});
