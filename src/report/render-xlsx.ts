// The annual report as a workbook: one sheet per table in the official layout (merged header cells,
// figures as numbers), plus the text sections, the mailbox figures and the checks, from the same
// document model as the printed page.
import ExcelJS from 'exceljs';
import {
  APPLICANT_HEADING,
  BALANCE_NOTE,
  ORGANISATION_COLUMNS,
  ORGANISATION_HEADING,
  REPORT_COLUMN_LABELS,
  TABLE_THREE_LINES,
} from '../domain/annual-report.ts';
import {
  APPEAL_GROUPS,
  APPEAL_KEYS,
  APPEAL_OUTCOMES,
  INFO_CONTENT_HEADING,
  LITIGATION_HEADING,
  PROACTIVE_TABLES,
  SECTION_HEADINGS,
  checkAppeals,
} from '../domain/report-inputs.ts';
import type { ReportDocument } from './service.ts';

export const SHEET_NAMES = {
  text: '报告正文',
  proactive: '二 主动公开',
  applications: '三 依申请公开',
  appeals: '四 复议诉讼',
  mailboxes: '信箱来信',
  checks: '校验',
} as const;

type Value = string | number | null;

const THIN = { style: 'thin' as const };

/** Borders and centring on a block of cells, as a printed table; row labels (column 1 from `labelsFrom`) to the left. */
function frame(ws: ExcelJS.Worksheet, fromRow: number, toRow: number, columns: number, labelsFrom = Infinity) {
  for (let r = fromRow; r <= toRow; r++) {
    for (let c = 1; c <= columns; c++) {
      const cell = ws.getCell(r, c);
      cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
      cell.alignment = { vertical: 'middle', horizontal: c === 1 && r >= labelsFrom ? 'left' : 'center', wrapText: true };
    }
  }
}

function addRows(ws: ExcelJS.Worksheet, rows: Value[][]): number {
  const first = ws.rowCount + 1;
  for (const row of rows) ws.addRow(row);
  return first;
}

function textSheet(wb: ExcelJS.Workbook, doc: ReportDocument) {
  const ws = wb.addWorksheet(SHEET_NAMES.text);
  ws.columns = [{ width: 36 }, { width: 100 }];
  ws.addRow([doc.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, 2);
  if (!doc.final) ws.addRow(['草稿 · 尚未定稿，数据可能变化']);
  const rows: Array<[string, string]> = [
    ['', doc.preface],
    [SECTION_HEADINGS.overview, doc.overview],
    [SECTION_HEADINGS.problems, doc.problems],
    [SECTION_HEADINGS.other, doc.other],
  ];
  for (const [heading, text] of rows) {
    const row = ws.addRow([heading, text]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
}

function proactiveSheet(wb: ExcelJS.Workbook, figures: Record<string, number>) {
  const ws = wb.addWorksheet(SHEET_NAMES.proactive);
  ws.columns = [{ width: 20 }, { width: 22 }, { width: 16 }, { width: 16 }];
  for (const t of PROACTIVE_TABLES) {
    const width = t.columns.length + 1;
    const first = addRows(ws, [
      [t.article],
      [INFO_CONTENT_HEADING, ...t.columns],
      ...t.rows.map((r) => [r.label, ...r.keys.map((key) => figures[key] ?? null)]),
    ]);
    ws.mergeCells(first, 1, first, width);
    frame(ws, first, ws.rowCount, width, first + 2);
    ws.addRow([]);
  }
}

function applicationsSheet(wb: ExcelJS.Workbook, doc: ReportDocument) {
  const ws = wb.addWorksheet(SHEET_NAMES.applications);
  const rows = doc.report.applications.rows;
  const width = ORGANISATION_COLUMNS.length + 3;
  ws.columns = [{ width: 56 }, ...Array.from({ length: width - 1 }, () => ({ width: 11 }))];
  ws.addRow([BALANCE_NOTE]);
  ws.mergeCells(1, 1, 1, width);
  const head = addRows(ws, [
    ['', APPLICANT_HEADING],
    ['', REPORT_COLUMN_LABELS.natural_person, ORGANISATION_HEADING, null, null, null, null, REPORT_COLUMN_LABELS.total],
    ['', null, ...ORGANISATION_COLUMNS.map((col) => REPORT_COLUMN_LABELS[col])],
  ]);
  ws.mergeCells(head, 1, head + 2, 1);
  ws.mergeCells(head, 2, head, width);
  ws.mergeCells(head + 1, 2, head + 2, 2);
  ws.mergeCells(head + 1, 3, head + 1, 2 + ORGANISATION_COLUMNS.length);
  ws.mergeCells(head + 1, width, head + 2, width);
  for (const line of TABLE_THREE_LINES) {
    const indent = '　'.repeat(line.depth);
    if (line.kind === 'row') {
      ws.addRow([indent + line.label, ...rows[line.key]]);
    } else {
      ws.addRow([indent + line.label]);
      ws.mergeCells(ws.rowCount, 1, ws.rowCount, width);
    }
  }
  frame(ws, head, ws.rowCount, width, head + 3);
}

function appealsSheet(wb: ExcelJS.Workbook, figures: Record<string, number>) {
  const ws = wb.addWorksheet(SHEET_NAMES.appeals);
  const [reconsideration, ...litigation] = APPEAL_GROUPS;
  const n = APPEAL_OUTCOMES.length;
  const outcomes = APPEAL_OUTCOMES.map((o) => o.label);
  ws.columns = APPEAL_KEYS.map(() => ({ width: 11 }));
  const blank = (count: number) => Array.from({ length: count }, () => null);
  addRows(ws, [
    [reconsideration.heading, ...blank(n - 1), LITIGATION_HEADING],
    [...outcomes, ...litigation.flatMap((g) => [g.heading, ...blank(n - 1)])],
    [...blank(n), ...litigation.flatMap(() => outcomes)],
    APPEAL_KEYS.map((key) => figures[key] ?? null),
  ]);
  ws.mergeCells(1, 1, 1, n);
  ws.mergeCells(1, n + 1, 1, n * 3);
  for (let c = 1; c <= n; c++) ws.mergeCells(2, c, 3, c);
  ws.mergeCells(2, n + 1, 2, n * 2);
  ws.mergeCells(2, n * 2 + 1, 2, n * 3);
  frame(ws, 1, 4, n * 3);
}

function mailboxSheet(wb: ExcelJS.Workbook, doc: ReportDocument) {
  const ws = wb.addWorksheet(SHEET_NAMES.mailboxes);
  ws.columns = [{ width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }];
  const { mayor_mailbox: mayor, dept_mailbox: dept } = doc.report.mailboxes;
  addRows(ws, [
    ['信箱', '受理（件）', '办结（件）', '办结率（%）'],
    ['区长信箱', mayor.received, mayor.closed, mayor.completion_rate],
    ['部门信箱', dept.received, dept.closed, dept.completion_rate],
  ]);
  frame(ws, 1, 3, 4, 2);
}

function checksSheet(wb: ExcelJS.Workbook, doc: ReportDocument) {
  const ws = wb.addWorksheet(SHEET_NAMES.checks);
  ws.columns = [{ width: 60 }, { width: 10 }, { width: 90 }];
  const checks = [...doc.report.applications.checks, ...checkAppeals(doc.report.appeals)];
  addRows(ws, [['校验项', '结果', '数据'], ...checks.map((c) => [c.name, c.ok ? '通过' : '未通过', c.detail])]);
  frame(ws, 1, ws.rowCount, 3, 2);
}

export async function renderReportXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = doc.title;
  wb.creator = doc.agency;
  textSheet(wb, doc);
  proactiveSheet(wb, doc.report.proactive);
  applicationsSheet(wb, doc);
  appealsSheet(wb, doc.report.appeals);
  mailboxSheet(wb, doc);
  checksSheet(wb, doc);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
