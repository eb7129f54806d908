// The annual report as a Word document in the official layout (title, opening paragraph, six sections,
// the three tables with their merged header cells), from the same document model as the printed page.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
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
  MONEY_KEYS,
  PROACTIVE_TABLES,
  SECTION_HEADINGS,
  formatFigure,
} from '../domain/report-inputs.ts';
import type { ReportDocument } from './service.ts';

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋' };
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const HEADING_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
/** Half-points: 三号 (16pt) for the text as in government documents, 小五 (9pt) in the wide tables. */
const BODY_SIZE = 32;
const TABLE_SIZE = 18;

interface CellSpec {
  text: string;
  columnSpan?: number;
  rowSpan?: number;
  align?: 'left' | 'center';
  indent?: number;
}

function cell(spec: CellSpec): TableCell {
  return new TableCell({
    columnSpan: spec.columnSpan,
    rowSpan: spec.rowSpan,
    verticalAlign: VerticalAlignTable.CENTER,
    children: [
      new Paragraph({
        alignment: spec.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
        indent: spec.indent ? { left: spec.indent * 200 } : undefined,
        children: [new TextRun({ text: spec.text, size: TABLE_SIZE })],
      }),
    ],
  });
}

/** The text width of an A4 page with Word's default margins, in twips. */
const TEXT_WIDTH = 9026;

/** Column widths in twips: a wider first column for row labels when `labelShare` is given, the rest even. */
function columnWidths(count: number, labelShare = 0): number[] {
  const label = Math.round(TEXT_WIDTH * labelShare);
  const rest = labelShare > 0 ? count - 1 : count;
  const each = Math.floor((TEXT_WIDTH - label) / rest);
  return [...(labelShare > 0 ? [label] : []), ...Array.from({ length: rest }, () => each)];
}

function table(widths: number[], rows: CellSpec[][]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: rows.map((cells) => new TableRow({ children: cells.map(cell) })),
  });
}

function paragraphs(text: string): Paragraph[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => new Paragraph({ indent: { firstLine: BODY_SIZE * 20 }, children: [new TextRun(line)] }));
}

function heading(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] });
}

function proactiveTables(figures: Record<string, number>): Array<Table | Paragraph> {
  return PROACTIVE_TABLES.flatMap((t) => [
    table(columnWidths(t.columns.length + 1), [
      [{ text: t.article, columnSpan: t.columns.length + 1 }],
      [{ text: INFO_CONTENT_HEADING }, ...t.columns.map((text) => ({ text }))],
      ...t.rows.map((r) => [{ text: r.label }, ...r.keys.map((key) => ({ text: formatFigure(figures[key], MONEY_KEYS.includes(key)) }))]),
    ]),
    new Paragraph({ children: [] }),
  ]);
}

function applicationsTable(doc: ReportDocument): Table {
  const rows = doc.report.applications.rows;
  const width = ORGANISATION_COLUMNS.length + 3;
  return table(columnWidths(width, 0.4), [
    [{ text: '', rowSpan: 3 }, { text: APPLICANT_HEADING, columnSpan: width - 1 }],
    [
      { text: REPORT_COLUMN_LABELS.natural_person, rowSpan: 2 },
      { text: ORGANISATION_HEADING, columnSpan: ORGANISATION_COLUMNS.length },
      { text: REPORT_COLUMN_LABELS.total, rowSpan: 2 },
    ],
    ORGANISATION_COLUMNS.map((col) => ({ text: REPORT_COLUMN_LABELS[col] })),
    ...TABLE_THREE_LINES.map((line): CellSpec[] =>
      line.kind === 'row'
        ? [{ text: line.label, align: 'left', indent: line.depth }, ...rows[line.key].map((n) => ({ text: String(n) }))]
        : [{ text: line.label, align: 'left', indent: line.depth, columnSpan: width }],
    ),
  ]);
}

function appealsTable(figures: Record<string, number>): Table {
  const [reconsideration, ...litigation] = APPEAL_GROUPS;
  const outcomes = APPEAL_OUTCOMES.map((o) => o.label);
  return table(columnWidths(APPEAL_KEYS.length), [
    [
      { text: reconsideration.heading, columnSpan: outcomes.length },
      { text: LITIGATION_HEADING, columnSpan: outcomes.length * litigation.length },
    ],
    [...outcomes.map((text) => ({ text, rowSpan: 2 })), ...litigation.map((g) => ({ text: g.heading, columnSpan: outcomes.length }))],
    litigation.flatMap(() => outcomes.map((text) => ({ text }))),
    APPEAL_KEYS.map((key) => ({ text: formatFigure(figures[key]) })),
  ]);
}

export async function renderReportDocx(doc: ReportDocument): Promise<Buffer> {
  const { report } = doc;
  const document = new Document({
    title: doc.title,
    creator: doc.agency,
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: BODY_SIZE }, paragraph: { spacing: { line: 560 } } },
        heading1: { run: { font: TITLE_FONT, size: 44 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 400 } } },
        heading2: { run: { font: HEADING_FONT, size: BODY_SIZE }, paragraph: { indent: { firstLine: BODY_SIZE * 20 }, spacing: { before: 200 } } },
      },
    },
    sections: [
      {
        children: [
          ...(doc.final ? [] : [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '草稿 · 尚未定稿，数据可能变化', bold: true })] })]),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(doc.title)] }),
          ...paragraphs(doc.preface),
          heading(SECTION_HEADINGS.overview),
          ...paragraphs(doc.overview),
          heading(SECTION_HEADINGS.proactive),
          ...proactiveTables(report.proactive),
          heading(SECTION_HEADINGS.applications),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: BALANCE_NOTE, size: TABLE_SIZE + 4 })] }),
          applicationsTable(doc),
          heading(SECTION_HEADINGS.appeals),
          appealsTable(report.appeals),
          heading(SECTION_HEADINGS.problems),
          ...paragraphs(doc.problems),
          heading(SECTION_HEADINGS.other),
          ...paragraphs(doc.other),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
