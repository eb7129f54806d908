// What the office enters into the annual report itself: section 二 (主动公开) and section 四 (行政复议、
// 行政诉讼) figures in the official tables, and the text of sections 一, 五 and 六. Their layout, the
// validation of the form and the checks on them. A figure left blank is "not entered yet": a draft may
// have gaps, a final report may not.
import type { ReportCheck } from './annual-report.ts';

export const SECTION_HEADINGS = {
  overview: '一、总体情况',
  proactive: '二、主动公开政府信息情况',
  applications: '三、收到和处理政府信息公开申请情况',
  appeals: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
} as const;

// ------------------------------------------------------------------ section 二

export const PROACTIVE_KEYS = [
  'regulations_issued',
  'regulations_repealed',
  'regulations_in_force',
  'normative_documents_issued',
  'normative_documents_repealed',
  'normative_documents_in_force',
  'licensing_decisions',
  'penalty_decisions',
  'enforcement_decisions',
  'fees_amount',
] as const;
export type ProactiveKey = (typeof PROACTIVE_KEYS)[number];

/** The one figure in money (万元, two decimals); the others are whole counts. */
export const MONEY_KEYS: readonly ProactiveKey[] = ['fees_amount'];

export interface ProactiveTable {
  /** The article of 条例 the table reports on, e.g. 第二十条第（一）项. */
  article: string;
  columns: string[];
  rows: Array<{ label: string; keys: ProactiveKey[] }>;
}

export const INFO_CONTENT_HEADING = '信息内容';

/** The four small tables of section 二, as printed in the official format. */
export const PROACTIVE_TABLES: readonly ProactiveTable[] = [
  {
    article: '第二十条第（一）项',
    columns: ['本年制发件数', '本年废止件数', '现行有效件数'],
    rows: [
      { label: '规章', keys: ['regulations_issued', 'regulations_repealed', 'regulations_in_force'] },
      { label: '行政规范性文件', keys: ['normative_documents_issued', 'normative_documents_repealed', 'normative_documents_in_force'] },
    ],
  },
  { article: '第二十条第（五）项', columns: ['本年处理决定数量'], rows: [{ label: '行政许可', keys: ['licensing_decisions'] }] },
  {
    article: '第二十条第（六）项',
    columns: ['本年处理决定数量'],
    rows: [
      { label: '行政处罚', keys: ['penalty_decisions'] },
      { label: '行政强制', keys: ['enforcement_decisions'] },
    ],
  },
  { article: '第二十条第（八）项', columns: ['本年收费金额（单位：万元）'], rows: [{ label: '行政事业性收费', keys: ['fees_amount'] }] },
];

/** "规章 本年制发件数": the row and column of a figure, for labels and messages. */
export const PROACTIVE_LABELS = Object.fromEntries(
  PROACTIVE_TABLES.flatMap((t) => t.rows.flatMap((r) => r.keys.map((key, i) => [key, `${r.label} ${t.columns[i]}`]))),
) as Record<ProactiveKey, string>;

// ------------------------------------------------------------------ section 四

export const APPEAL_OUTCOMES = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;

export const APPEAL_GROUPS = [
  { key: 'reconsideration', label: '行政复议', heading: '行政复议' },
  { key: 'litigation_direct', label: '行政诉讼（未经复议直接起诉）', heading: '未经复议直接起诉' },
  { key: 'litigation_after_reconsideration', label: '行政诉讼（复议后起诉）', heading: '复议后起诉' },
] as const;

export const LITIGATION_HEADING = '行政诉讼';

type AppealGroupKey = (typeof APPEAL_GROUPS)[number]['key'];
type AppealOutcomeKey = (typeof APPEAL_OUTCOMES)[number]['key'];
export type AppealKey = `${AppealGroupKey}_${AppealOutcomeKey}`;

export const appealKey = (group: AppealGroupKey, outcome: AppealOutcomeKey): AppealKey => `${group}_${outcome}`;

/** The 15 figures left to right as in the official table: 行政复议, then 行政诉讼 直接起诉 and 复议后起诉. */
export const APPEAL_KEYS: readonly AppealKey[] = APPEAL_GROUPS.flatMap((g) => APPEAL_OUTCOMES.map((o) => appealKey(g.key, o.key)));

export const APPEAL_LABELS = Object.fromEntries(
  APPEAL_GROUPS.flatMap((g) => APPEAL_OUTCOMES.map((o) => [appealKey(g.key, o.key), `${g.label} ${o.label}`])),
) as Record<AppealKey, string>;

// ------------------------------------------------------------------ text sections

export const TEXT_KEYS = ['overview', 'problems', 'other'] as const;
export type TextKey = (typeof TEXT_KEYS)[number];
export const TEXT_LABELS: Record<TextKey, string> = {
  overview: SECTION_HEADINGS.overview,
  problems: SECTION_HEADINGS.problems,
  other: SECTION_HEADINGS.other,
};
export const TEXT_MAX = 20_000;

// ------------------------------------------------------------------ parsing

export interface ReportInputs {
  proactive: Partial<Record<ProactiveKey, number>>;
  appeals: Partial<Record<AppealKey, number>>;
  text: Partial<Record<TextKey, string>>;
}

export const EMPTY_INPUTS: ReportInputs = { proactive: {}, appeals: {}, text: {} };

export type ParsedInputs = { ok: true; inputs: ReportInputs } | { ok: false; errors: Record<string, string> };

/** Nine digits before the point: more than any office issues, and safe as a double. */
const MAX_DIGITS = 9;

/** Full-width digits and punctuation typed with a Chinese input method read as their ASCII forms. */
function normalise(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/－/g, '-')
    .replace(/\s+/g, '');
}

type FigureResult = { value: number | undefined } | { error: string };

function parseCount(raw: string): FigureResult {
  const s = normalise(raw);
  if (s === '') return { value: undefined };
  if (/^-\d/.test(s)) return { error: '不能为负数' };
  if (/^\d+\.\d+$/.test(s)) return { error: '应为整数，不能有小数' };
  if (!/^\d+$/.test(s)) return { error: '请填写数字，例如 0' };
  if (s.replace(/^0+(?=\d)/, '').length > MAX_DIGITS) return { error: '数值过大' };
  return { value: Number(s) };
}

function parseMoney(raw: string): FigureResult {
  const s = normalise(raw);
  if (s === '') return { value: undefined };
  if (/^-\d/.test(s)) return { error: '不能为负数' };
  if (/^\d+\.\d{3,}$/.test(s)) return { error: '金额以万元为单位，最多保留两位小数' };
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return { error: '请填写金额，例如 12.50' };
  if (s.split('.')[0].replace(/^0+(?=\d)/, '').length > MAX_DIGITS) return { error: '数值过大' };
  return { value: Number(s) };
}

/**
 * The posted form (one field per figure and text, named by its key) as inputs, or every error by field.
 * Blank means not entered; a 总计 that disagrees with its four parts is accepted here and fails a check.
 */
export function parseReportInputs(form: Record<string, string | undefined>): ParsedInputs {
  const errors: Record<string, string> = {};
  const inputs: ReportInputs = { proactive: {}, appeals: {}, text: {} };
  for (const key of PROACTIVE_KEYS) {
    const result = MONEY_KEYS.includes(key) ? parseMoney(form[key] ?? '') : parseCount(form[key] ?? '');
    if ('error' in result) errors[key] = result.error;
    else if (result.value !== undefined) inputs.proactive[key] = result.value;
  }
  for (const key of APPEAL_KEYS) {
    const result = parseCount(form[key] ?? '');
    if ('error' in result) errors[key] = result.error;
    else if (result.value !== undefined) inputs.appeals[key] = result.value;
  }
  for (const key of TEXT_KEYS) {
    const text = (form[key] ?? '').replace(/\s+$/, '').replace(/^\s*\n/, '');
    if (text.length > TEXT_MAX) errors[key] = `不能超过${TEXT_MAX}个字（现有${text.length}个字）`;
    else if (text.trim() !== '') inputs.text[key] = text;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, inputs };
}

/** Stored JSON read back: only known keys with sensible values survive, whatever the column holds. */
export function readStoredInputs(proactive: unknown, appeals: unknown, text: unknown): ReportInputs {
  const figures = <K extends string>(value: unknown, keys: readonly K[]) => {
    const out: Partial<Record<K, number>> = {};
    const source = (value ?? {}) as Record<string, unknown>;
    for (const key of keys) {
      const n = source[key];
      if (typeof n === 'number' && Number.isFinite(n) && n >= 0) out[key] = n;
    }
    return out;
  };
  const texts: Partial<Record<TextKey, string>> = {};
  const source = (text ?? {}) as Record<string, unknown>;
  for (const key of TEXT_KEYS) {
    const s = source[key];
    if (typeof s === 'string' && s.trim() !== '') texts[key] = s;
  }
  return { proactive: figures(proactive, PROACTIVE_KEYS), appeals: figures(appeals, APPEAL_KEYS), text: texts };
}

/** A figure as printed: counts as they are, money with two decimals unless whole (the reference prints 0). */
export function formatFigure(value: number | undefined, money = false): string {
  if (value === undefined) return '';
  return money && !Number.isInteger(value) ? value.toFixed(2) : String(value);
}

/** The inputs as form values, to fill the form again. */
export function inputsToForm(inputs: ReportInputs): Record<string, string> {
  const form: Record<string, string> = {};
  for (const key of PROACTIVE_KEYS) form[key] = formatFigure(inputs.proactive[key], MONEY_KEYS.includes(key));
  for (const key of APPEAL_KEYS) form[key] = formatFigure(inputs.appeals[key]);
  for (const key of TEXT_KEYS) form[key] = inputs.text[key] ?? '';
  return form;
}

// ------------------------------------------------------------------ checks

/** Section 四: in each of the three groups, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. */
export function checkAppeals(appeals: ReportInputs['appeals']): ReportCheck[] {
  return APPEAL_GROUPS.map((g) => {
    const name = `${g.label}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结`;
    const parts = APPEAL_OUTCOMES.filter((o) => o.key !== 'total').map((o) => appeals[appealKey(g.key, o.key)]);
    const total = appeals[appealKey(g.key, 'total')];
    if (total === undefined || parts.some((p) => p === undefined)) {
      return { name, ok: false, detail: '尚未全部填写' };
    }
    const sum = (parts as number[]).reduce((s, n) => s + n, 0);
    const ok = sum === total;
    return {
      name,
      ok,
      detail: `${parts.join(' + ')} = ${sum}；总计 ${total}${ok ? '，相等' : `，相差 ${Math.abs(sum - total)}`}`,
    };
  });
}

/** Every figure of sections 二 and 四 entered and every text section written: the official format has no blank cells. */
export function checkCompleteness(inputs: ReportInputs): ReportCheck {
  const missingProactive = PROACTIVE_KEYS.filter((k) => inputs.proactive[k] === undefined).length;
  const missingAppeals = APPEAL_KEYS.filter((k) => inputs.appeals[k] === undefined).length;
  const gaps = [
    ...(missingProactive > 0 ? [`${SECTION_HEADINGS.proactive} ${PROACTIVE_KEYS.length} 项数据中的 ${missingProactive} 项`] : []),
    ...(missingAppeals > 0 ? [`${SECTION_HEADINGS.appeals} ${APPEAL_KEYS.length} 项数据中的 ${missingAppeals} 项`] : []),
    ...TEXT_KEYS.filter((k) => inputs.text[k] === undefined).map((k) => TEXT_LABELS[k]),
  ];
  return {
    name: '报告各部分均已填写',
    ok: gaps.length === 0,
    detail:
      gaps.length === 0
        ? `第二、四部分的 ${PROACTIVE_KEYS.length + APPEAL_KEYS.length} 项数据和第一、五、六部分的文字均已填写`
        : `尚未填写：${gaps.join('；')}`,
  };
}
