// Table 三 of the 政府信息公开工作年度报告 (依申请公开): its rows and columns in the official order, the
// figures built from per-group tallies of the disclosure cases, and the 勾稽关系 checks printed above it.
// Renderers (page, DOCX, XLSX) take the layout from here so every output has the same rows.
import { APPLICANT_TYPES, APPLICANT_TYPE_LABELS, type ApplicantType } from './codes.ts';
import { OUTCOME_CODES, OUTCOME_GROUPS, OUTCOMES, isOutcomeCode, type OutcomeCode, type OutcomeGroup } from './outcomes.ts';
import { completionRate } from './rates.ts';

export type ReportColumn = ApplicantType | 'total';

/** The seven columns: 自然人, the five 法人或其他组织, 总计. */
export const REPORT_COLUMNS: readonly ReportColumn[] = [...APPLICANT_TYPES, 'total'];
export const REPORT_COLUMN_LABELS: Record<ReportColumn, string> = { ...APPLICANT_TYPE_LABELS, total: '总计' };
/** Header cells spanning columns in the official table. */
export const APPLICANT_HEADING = '申请人情况';
export const ORGANISATION_HEADING = '法人或其他组织';
export const ORGANISATION_COLUMNS: readonly ApplicantType[] = APPLICANT_TYPES.filter((t) => t !== 'natural_person');

const TOTAL = REPORT_COLUMNS.length - 1;

export type RowKey = 'new' | 'carried_over' | OutcomeCode | 'handled_total' | 'carried_forward';

/** The rows with figures, in table order; also the key order of the JSON. */
export const ROW_KEYS: readonly RowKey[] = ['new', 'carried_over', ...OUTCOME_CODES, 'handled_total', 'carried_forward'];

export const ROW_LABELS: Record<RowKey, string> = {
  new: '一、本年新收政府信息公开申请数量',
  carried_over: '二、上年结转政府信息公开申请数量',
  ...(Object.fromEntries(OUTCOMES.map((o) => [o.code, o.rowLabel])) as Record<OutcomeCode, string>),
  handled_total: '（七）总计',
  carried_forward: '四、结转下年度继续办理',
};

export const RESULTS_HEADING = '三、本年度办理结果';
export const BALANCE_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

export interface OutcomeRowGroup {
  group: OutcomeGroup;
  label: string;
  codes: readonly OutcomeCode[];
}

/** （一）…（六）: the first two are single rows; （三）–（六） head their numbered rows. */
export const OUTCOME_ROW_GROUPS: readonly OutcomeRowGroup[] = OUTCOME_GROUPS.map((g) => ({
  group: g.group,
  label: g.rowLabel,
  codes: OUTCOMES.filter((o) => o.group === g.group).map((o) => o.code),
}));

/**
 * The printed table top to bottom. `row` lines carry figures; `heading` is 三、本年度办理结果; `group` is
 * （三）不予公开 … （六）其他处理, whose sub-total (groupSubtotal) a renderer may print or leave blank as
 * the official format does. depth: 0 for 一 to 四, 1 for （一）…（七）, 2 for the numbered rows.
 */
export type TableThreeLine =
  | { kind: 'row'; key: RowKey; label: string; depth: 0 | 1 | 2 }
  | { kind: 'heading'; label: string; depth: 0 }
  | { kind: 'group'; group: OutcomeGroup; label: string; depth: 1 };

export const TABLE_THREE_LINES: readonly TableThreeLine[] = [
  { kind: 'row', key: 'new', label: ROW_LABELS.new, depth: 0 },
  { kind: 'row', key: 'carried_over', label: ROW_LABELS.carried_over, depth: 0 },
  { kind: 'heading', label: RESULTS_HEADING, depth: 0 },
  ...OUTCOME_ROW_GROUPS.flatMap((g): TableThreeLine[] =>
    g.codes.length === 1
      ? [{ kind: 'row', key: g.codes[0], label: ROW_LABELS[g.codes[0]], depth: 1 }]
      : [
          { kind: 'group', group: g.group, label: g.label, depth: 1 },
          ...g.codes.map((code): TableThreeLine => ({ kind: 'row', key: code, label: ROW_LABELS[code], depth: 2 })),
        ],
  ),
  { kind: 'row', key: 'handled_total', label: ROW_LABELS.handled_total, depth: 1 },
  { kind: 'row', key: 'carried_forward', label: ROW_LABELS.carried_forward, depth: 0 },
];

/** Seven figures per row, in REPORT_COLUMNS order. */
export type ApplicationRows = Record<RowKey, number[]>;

/**
 * One group of disclosure cases relevant to a year, counted by the database: applicant type and outcome
 * as stored (possibly missing or unknown), and how many of them were new, carried over, closed in the
 * year and still open at its end.
 */
export interface DisclosureTally {
  applicantType: string | null;
  outcome: string | null;
  newInYear: number;
  carriedOver: number;
  closedInYear: number;
  carriedForward: number;
}

/**
 * The figures of table 三. The 总计 column and （七）总计 count every case, so a case with a missing
 * applicant type or outcome shows up as a failed check instead of vanishing from the table.
 */
export function buildApplicationRows(tallies: readonly DisclosureTally[]): ApplicationRows {
  const rows = Object.fromEntries(ROW_KEYS.map((key) => [key, REPORT_COLUMNS.map(() => 0)])) as ApplicationRows;
  const add = (key: RowKey, column: number, n: number) => {
    if (column >= 0) rows[key][column] += n;
    rows[key][TOTAL] += n;
  };
  for (const t of tallies) {
    const column = APPLICANT_TYPES.indexOf(t.applicantType as ApplicantType);
    add('new', column, t.newInYear);
    add('carried_over', column, t.carriedOver);
    add('handled_total', column, t.closedInYear);
    add('carried_forward', column, t.carriedForward);
    if (t.outcome !== null && isOutcomeCode(t.outcome)) add(t.outcome, column, t.closedInYear);
  }
  return rows;
}

/** Sum of a group's rows, per column (for （三）不予公开 the eight refusal rows). */
export function groupSubtotal(rows: ApplicationRows, group: OutcomeGroup): number[] {
  const codes = OUTCOME_ROW_GROUPS.find((g) => g.group === group)!.codes;
  return REPORT_COLUMNS.map((_, col) => codes.reduce((sum, code) => sum + rows[code][col], 0));
}

export interface ReportCheck {
  name: string;
  ok: boolean;
  detail: string;
}

function columnLabel(col: number): string {
  return REPORT_COLUMN_LABELS[REPORT_COLUMNS[col]];
}

/** Each column: 本年新收 + 上年结转 = （七）总计 + 结转下年度. */
function balanceChecks(rows: ApplicationRows): ReportCheck[] {
  return REPORT_COLUMNS.map((_, col) => {
    const incoming = rows.new[col] + rows.carried_over[col];
    const outgoing = rows.handled_total[col] + rows.carried_forward[col];
    const ok = incoming === outgoing;
    return {
      name: `本年新收 + 上年结转 = 办理结果总计 + 结转下年度（${columnLabel(col)}）`,
      ok,
      detail:
        `本年新收 ${rows.new[col]} + 上年结转 ${rows.carried_over[col]} = ${incoming}；` +
        `办理结果总计 ${rows.handled_total[col]} + 结转下年度 ${rows.carried_forward[col]} = ${outgoing}` +
        (ok ? '，相等' : `，相差 ${Math.abs(incoming - outgoing)}`),
    };
  });
}

/** Each column: （七）总计 = the sum of the 21 outcome rows. */
function handledTotalCheck(rows: ApplicationRows): ReportCheck {
  const parts = REPORT_COLUMNS.map((_, col) => {
    const sum = OUTCOME_CODES.reduce((s, code) => s + rows[code][col], 0);
    return { col, sum, total: rows.handled_total[col] };
  });
  const wrong = parts.filter((p) => p.sum !== p.total);
  return {
    name: '（七）总计 = 21 项办理结果之和',
    ok: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `各列 21 项之和均等于（七）总计：${parts.map((p) => `${columnLabel(p.col)} ${p.total}`).join('，')}`
        : wrong.map((p) => `${columnLabel(p.col)}：21 项之和 ${p.sum}，（七）总计 ${p.total}`).join('；'),
  };
}

/** Each row: the 总计 column = the sum of the six applicant columns. */
function totalColumnCheck(rows: ApplicationRows): ReportCheck {
  const parts = ROW_KEYS.map((key) => ({
    key,
    sum: rows[key].slice(0, TOTAL).reduce((s, n) => s + n, 0),
    total: rows[key][TOTAL],
  }));
  const wrong = parts.filter((p) => p.sum !== p.total);
  const shortLabel = (key: RowKey) => ROW_LABELS[key].replace(/（区分处理的.*）$/, '');
  return {
    name: '总计列 = 六类申请人之和',
    ok: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `全部 ${ROW_KEYS.length} 行相符（本年新收 ${rows.new[TOTAL]}，上年结转 ${rows.carried_over[TOTAL]}，` +
          `办理结果总计 ${rows.handled_total[TOTAL]}，结转下年度 ${rows.carried_forward[TOTAL]}）`
        : wrong.map((p) => `${shortLabel(p.key)}：六类之和 ${p.sum}，总计列 ${p.total}`).join('；'),
  };
}

/** This year's 上年结转 = last year's 结转下年度, column by column. */
function carryOverCheck(year: number, rows: ApplicationRows, previousCarriedForward: readonly number[]): ReportCheck {
  const wrong = REPORT_COLUMNS.map((_, col) => col).filter((col) => rows.carried_over[col] !== previousCarriedForward[col]);
  return {
    name: `本年上年结转 = ${year - 1}年结转下年度`,
    ok: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `上年结转 ${rows.carried_over[TOTAL]} 件，与${year - 1}年结转下年度 ${previousCarriedForward[TOTAL]} 件一致`
        : wrong
            .map((col) => `${columnLabel(col)}：上年结转 ${rows.carried_over[col]}，${year - 1}年结转下年度 ${previousCarriedForward[col]}`)
            .join('；'),
  };
}

/** The checks shown above table 三, balance per column first; a report with any failed check cannot be final. */
export function checkApplications(year: number, rows: ApplicationRows, previousCarriedForward: readonly number[]): ReportCheck[] {
  return [...balanceChecks(rows), handledTotalCheck(rows), totalColumnCheck(rows), carryOverCheck(year, rows, previousCarriedForward)];
}

export interface MailboxFigures {
  received: number;
  closed: number;
  /** 办结率 in percent, two decimals; null when no letter was received. */
  completion_rate: number | null;
}

export function mailboxFigures(received: number, closed: number): MailboxFigures {
  return { received, closed, completion_rate: completionRate({ received, closed }) };
}

export type MailboxChannel = 'mayor_mailbox' | 'dept_mailbox';
export const MAILBOX_CHANNELS: readonly MailboxChannel[] = ['mayor_mailbox', 'dept_mailbox'];

/** The JSON of `report YEAR --format json`. proactive, appeals and text are the office's own entries. */
export interface AnnualReport {
  year: number;
  applications: {
    columns: ReportColumn[];
    rows: ApplicationRows;
    checks: ReportCheck[];
  };
  mailboxes: Record<MailboxChannel, MailboxFigures>;
  proactive: Record<string, number>;
  appeals: Record<string, number>;
  text: Record<string, string>;
}

/** A report year: four digits, as printed in the title (2024年). */
export function isReportYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1000 && year <= 9999;
}
