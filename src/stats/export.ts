// The dashboard's tables as files: CSV for any program, XLSX for the office's spreadsheets. Both hold
// the same figures as the page; XLSX keeps percentages as numbers formatted with %, so they add up.
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../domain/errors.ts';
import { EXPORT_TABLES, FIGURE_COLUMNS, SMALL_SAMPLE_NOTE, type ColumnKind, type ExportTable, type FigureRow, type StatsView } from './service.ts';

type CellKind = 'text' | ColumnKind;

export interface ExportSheet {
  /** Sheet name and part of the file name, e.g. 按渠道. */
  name: string;
  filename: string;
  columns: Array<{ header: string; kind: CellKind }>;
  rows: Array<Array<string | number | null>>;
}

const TABLE_NAMES: Record<ExportTable, string> = {
  channels: '按渠道',
  departments: '按承办单位',
  monthly: '按月趋势',
  categories: '来信按类别',
};

export function parseExportTable(raw: string | undefined): ExportTable {
  if ((EXPORT_TABLES as readonly string[]).includes(raw ?? '')) return raw as ExportTable;
  throw new ValidationError({ table: '请选择要导出的表格' }, '请选择要导出的表格：按渠道、按承办单位、按月趋势或来信按类别。');
}

function figureCells(row: FigureRow): Array<number | null> {
  return FIGURE_COLUMNS.map((c) => row.figures[c.key]);
}

const figureColumns = FIGURE_COLUMNS.map((c) => ({ header: c.label, kind: c.kind }));

/** One table of a loaded dashboard as rows of plain values (rates in percent, e.g. 97.62). */
export function statsSheet(view: StatsView, table: ExportTable): ExportSheet {
  if (!view.period) throw new ValidationError(view.errors, Object.values(view.errors).join('；'));
  const name = TABLE_NAMES[table];
  const filename = `统计-${name}-${view.period.label}`;
  switch (table) {
    case 'channels':
      return {
        name,
        filename,
        columns: [{ header: '渠道', kind: 'text' }, ...figureColumns],
        rows: [...view.channels, ...(view.channelTotal ? [view.channelTotal] : [])].map((r) => [r.label, ...figureCells(r)]),
      };
    case 'departments':
      return {
        name,
        filename,
        columns: [{ header: '承办单位', kind: 'text' }, ...figureColumns, { header: '备注', kind: 'text' }],
        rows: view.departments.map((r) => [r.label, ...figureCells(r), r.smallSample ? SMALL_SAMPLE_NOTE : null]),
      };
    case 'categories':
      return {
        name,
        filename,
        columns: [{ header: '来信类别', kind: 'text' }, ...figureColumns],
        rows: [...view.categories, ...(view.categoryTotal ? [view.categoryTotal] : [])].map((r) => [r.label, ...figureCells(r)]),
      };
    case 'monthly':
      return {
        name,
        filename,
        columns: [
          { header: '月份', kind: 'text' },
          { header: '当月受理', kind: 'count' },
          { header: '当月办结', kind: 'count' },
        ],
        rows: view.months.map((m) => [m.label, m.received, m.closed]),
      };
  }
}

/** UTF-8 with BOM and CRLF so Excel opens it in Chinese; percentages written as on the page (97.62%). */
export function sheetToCsv(sheet: ExportSheet): string {
  const records = sheet.rows.map((row) =>
    row.map((value, i) => {
      if (value === null) return '';
      return sheet.columns[i].kind === 'percent' && typeof value === 'number' ? `${value.toFixed(2)}%` : String(value);
    }),
  );
  return stringify([sheet.columns.map((c) => c.header), ...records], { bom: true, record_delimiter: 'windows', escape_formulas: true });
}

const NUMBER_FORMATS: Partial<Record<CellKind, string>> = { count: '0', percent: '0.00%', days: '0.##' };

export async function sheetToXlsx(sheet: ExportSheet): Promise<Buffer> {
  // Loaded on the first export only: exceljs costs tens of MB that most processes never need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.title = sheet.filename;
  const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => {
    const numFmt = NUMBER_FORMATS[c.kind];
    return { header: c.header, width: c.kind === 'text' ? 28 : Math.max(10, c.header.length * 2 + 2), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  ws.getRow(1).font = { bold: true };
  for (const row of sheet.rows) {
    // A spreadsheet percentage is a fraction: 97.62 (percent) is stored as 0.9762 and shown as 97.62%.
    ws.addRow(row.map((value, i) => (sheet.columns[i].kind === 'percent' && typeof value === 'number' ? value / 100 : value)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
