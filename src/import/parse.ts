// Historical import, step one: the bytes of a CSV file become checked rows, or a `line N: reason` per bad row.
// Only what the file itself can tell is checked here; departments and references already in the database
// are the service's part.
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { isDateString } from '../domain/calendar.ts';
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  CHANNELS,
  LETTER_CATEGORIES,
  LETTER_CATEGORY_LABELS,
  REFERENCE_PREFIXES,
  type ApplicantType,
  type Channel,
  type LetterCategory,
} from '../domain/codes.ts';
import { isOutcomeCode, type OutcomeCode } from '../domain/outcomes.ts';

export const IMPORT_COLUMNS = [
  'reference',
  'channel',
  'department',
  'category',
  'applicant_type',
  'received_on',
  'due_on',
  'closed_on',
  'outcome',
  'subject',
  'content',
] as const;

export const SUBJECT_MAX_CHARS = 200;

export interface ImportReference {
  text: string;
  year: number;
  number: number;
}

export interface ImportRow {
  /** Physical line of the file where the record starts (the header is line 1). */
  line: number;
  reference: ImportReference | null;
  channel: Channel;
  /** A department's name or short name as written; blank means the office. */
  department: string | null;
  category: LetterCategory | null;
  applicantType: ApplicantType | null;
  receivedOn: string;
  dueOn: string | null;
  closedOn: string | null;
  outcome: OutcomeCode | null;
  subject: string;
  content: string;
}

export interface LineError {
  line: number;
  reason: string;
}

export interface ParsedImport {
  rows: ImportRow[];
  errors: LineError[];
}

type Fields = Record<(typeof IMPORT_COLUMNS)[number], string>;

const isLetter = (channel: Channel) => channel !== 'disclosure';
const chars = (s: string) => [...s].length;

// Offices' spreadsheets write the Chinese labels; the file format's codes are accepted as well.
const CATEGORY_BY_TEXT = new Map<string, LetterCategory>([
  ...LETTER_CATEGORIES.map((c) => [c, c] as const),
  ...LETTER_CATEGORIES.map((c) => [LETTER_CATEGORY_LABELS[c], c] as const),
]);
const APPLICANT_TYPE_BY_TEXT = new Map<string, ApplicantType>([
  ...APPLICANT_TYPES.map((t) => [t, t] as const),
  ...APPLICANT_TYPES.map((t) => [APPLICANT_TYPE_LABELS[t], t] as const),
]);

const REFERENCE_PATTERN = /^([A-Z]+)(\d{4})-(\d{6})$/;

// Control characters other than tab and line breaks: a damaged file, never text (PostgreSQL cannot even store NUL).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Reads the file. `today` (China date) bounds received_on and closed_on: history cannot lie in the future.
 * Never throws on bad input: every problem found becomes a LineError.
 */
export function parseImportCsv(input: Uint8Array | string, today: string): ParsedImport {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const lines = lineCounter(bytes);

  const encodingError = checkUtf8(bytes, lines);
  if (encodingError) return { rows: [], errors: [encodingError] };

  const rows: ImportRow[] = [];
  const errors: LineError[] = [];
  const firstLineOfReference = new Map<string, number>();
  let headerChecked = false;
  let headerOk = false;
  // csv-parse reports where a record ends (in bytes); the next record starts right there.
  let recordStart = 0;

  const onRecord = (record: string[], end: number) => {
    const line = lines.at(recordStart);
    recordStart = end;
    if (!headerChecked) {
      headerChecked = true;
      headerOk = record.length === IMPORT_COLUMNS.length && record.every((name, i) => name.trim() === IMPORT_COLUMNS[i]);
      if (!headerOk) {
        errors.push({
          line,
          reason: `表头应为“${IMPORT_COLUMNS.join(',')}”，实为“${record.join(',')}”`,
        });
      }
      return;
    }
    if (!headerOk) return;
    // Blank lines and rows of empty cells are what spreadsheets leave at the end of a sheet.
    if (record.every((f) => f.trim() === '')) return;
    if (record.length !== IMPORT_COLUMNS.length) {
      errors.push({ line, reason: `应有 ${IMPORT_COLUMNS.length} 列，实有 ${record.length} 列` });
      return;
    }
    const fields = Object.fromEntries(IMPORT_COLUMNS.map((name, i) => [name, record[i]!.trim()])) as Fields;
    const { row, reasons } = checkRow(fields, line, today);
    if (fields.reference) {
      const first = firstLineOfReference.get(fields.reference);
      if (first === undefined) firstLineOfReference.set(fields.reference, line);
      else reasons.push(`reference ${fields.reference} 与第 ${first} 行重复`);
    }
    if (row && reasons.length === 0) rows.push(row);
    else errors.push(...reasons.map((reason) => ({ line, reason })));
  };

  try {
    parse(bytes, {
      bom: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (他说"好") is text, as spreadsheets mean it.
      relax_quotes: true,
      on_record: (record: string[], context) => {
        onRecord(record, context.bytes);
        return null;
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('CSV_')) throw error;
    // The record being read when parsing broke down starts where the last good one ended.
    errors.push({ line: lines.at(recordStart), reason: csvErrorReason(code) });
  }
  if (!headerChecked && errors.length === 0) errors.push({ line: 1, reason: `文件是空的：第一行应为表头“${IMPORT_COLUMNS.join(',')}”` });
  return { rows, errors };
}

/** `line N: reason` lines in file order, one per bad line, its reasons joined. */
export function formatLineErrors(errors: readonly LineError[]): string[] {
  const byLine = new Map<number, string[]>();
  for (const e of [...errors].sort((a, b) => a.line - b.line)) {
    byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.reason]);
  }
  return [...byLine].map(([line, reasons]) => `line ${line}: ${reasons.join('；')}`);
}

function checkRow(f: Fields, line: number, today: string): { row: ImportRow | null; reasons: string[] } {
  const reasons: string[] = [];
  for (const column of IMPORT_COLUMNS) {
    if (CONTROL.test(f[column])) reasons.push(`${column} 含有无法识别的控制字符（如空字符），请删除后再导入`);
  }

  const channel = (CHANNELS as readonly string[]).includes(f.channel) ? (f.channel as Channel) : null;
  if (!channel) reasons.push(f.channel ? `channel 应为 ${CHANNELS.join('、')} 之一，而不是“${f.channel}”` : 'channel 必填');

  let reference: ImportReference | null = null;
  if (f.reference) {
    const m = REFERENCE_PATTERN.exec(f.reference);
    if (!m || Number(m[3]) === 0) {
      reasons.push(`reference “${f.reference}”格式不对：应为前缀 + 年份 + “-” + 6 位序号，例如 XZ2024-000123`);
    } else if (channel && m[1] !== REFERENCE_PREFIXES[channel]) {
      reasons.push(`reference ${f.reference} 的前缀与 channel 不符：${channel} 的编号以 ${REFERENCE_PREFIXES[channel]} 开头`);
    } else if (!Object.values(REFERENCE_PREFIXES).includes(m[1]!)) {
      reasons.push(`reference ${f.reference} 的前缀应为 ${Object.values(REFERENCE_PREFIXES).join('、')} 之一`);
    } else {
      reference = { text: f.reference, year: Number(m[2]), number: Number(m[3]) };
    }
  }

  let category: LetterCategory | null = null;
  let applicantType: ApplicantType | null = null;
  if (channel && isLetter(channel)) {
    category = CATEGORY_BY_TEXT.get(f.category) ?? null;
    if (!f.category) reasons.push('来信须填写 category');
    else if (!category) {
      reasons.push(`category 应为 ${LETTER_CATEGORIES.join('、')} 或 ${Object.values(LETTER_CATEGORY_LABELS).join('、')} 之一，而不是“${f.category}”`);
    }
    if (f.applicant_type) reasons.push('来信不填 applicant_type（申请人类型只用于政府信息公开申请）');
    if (f.outcome) reasons.push('来信不填 outcome（答复结果代码只用于政府信息公开申请）');
  }
  if (channel === 'disclosure') {
    if (f.category) reasons.push('政府信息公开申请不填 category（来信类别只用于来信）');
    applicantType = APPLICANT_TYPE_BY_TEXT.get(f.applicant_type) ?? null;
    if (!f.applicant_type) reasons.push('政府信息公开申请须填写 applicant_type');
    else if (!applicantType) reasons.push(`applicant_type 应为 ${APPLICANT_TYPES.join('、')} 之一，而不是“${f.applicant_type}”`);
  }

  const receivedOn = date('received_on', f.received_on, reasons);
  if (!f.received_on) reasons.push('received_on 必填');
  const dueOn = date('due_on', f.due_on, reasons);
  const closedOn = date('closed_on', f.closed_on, reasons);
  if (receivedOn && receivedOn > today) reasons.push(`received_on ${receivedOn} 晚于今天（${today}）`);
  if (closedOn && closedOn > today) reasons.push(`closed_on ${closedOn} 晚于今天（${today}）`);
  if (receivedOn && closedOn && closedOn < receivedOn) reasons.push(`closed_on ${closedOn} 早于 received_on ${receivedOn}`);
  if (receivedOn && dueOn && dueOn < receivedOn) reasons.push(`due_on ${dueOn} 早于 received_on ${receivedOn}`);

  let outcome: OutcomeCode | null = null;
  if (channel === 'disclosure') {
    if (f.outcome && !isOutcomeCode(f.outcome)) reasons.push(`outcome “${f.outcome}”不是答复结果代码（见 GLOSSARY 的 21 个代码，例如 granted、partial、unavailable.not_held）`);
    else if (f.outcome && !f.closed_on) reasons.push('未办结（closed_on 为空）的申请不填 outcome');
    else if (!f.outcome && f.closed_on) reasons.push('已办结（填了 closed_on）的政府信息公开申请须填写 outcome');
    else if (f.outcome) outcome = f.outcome as OutcomeCode;
  }

  if (!f.subject) reasons.push('subject 必填');
  else if (chars(f.subject) > SUBJECT_MAX_CHARS) reasons.push(`subject 不能超过 ${SUBJECT_MAX_CHARS} 字（现有 ${chars(f.subject)} 字）`);

  if (reasons.length > 0 || !channel || !receivedOn) return { row: null, reasons };
  return {
    reasons,
    row: {
      line,
      reference,
      channel,
      department: f.department || null,
      category,
      applicantType,
      receivedOn,
      dueOn,
      closedOn,
      outcome,
      subject: f.subject,
      content: f.content,
    },
  };
}

/** A checked YYYY-MM-DD date, or null when blank or invalid (then a reason is added). */
function date(column: string, value: string, reasons: string[]): string | null {
  if (!value) return null;
  if (isDateString(value)) return value;
  reasons.push(`${column} “${value}”不是有效日期（格式 YYYY-MM-DD，例如 2024-03-01）`);
  return null;
}

function csvErrorReason(code: string): string {
  return code === 'CSV_QUOTE_NOT_CLOSED' ? 'CSV 格式错误：从这一行开始的引号没有闭合' : `CSV 格式错误（${code}）`;
}

/** Maps a byte offset to its physical line; CRLF, LF and a lone CR each end one line, as editors count. */
function lineCounter(bytes: Buffer) {
  let line = 1;
  // The next LF and CR not yet counted (-1: none left), found by indexOf, which is native: counting a
  // 20,000-row file byte by byte in JavaScript took 60 ms.
  let lf = bytes.indexOf(0x0a);
  let cr = bytes.indexOf(0x0d);
  return {
    /** Offsets must not decrease between calls (records come in file order). */
    at(to: number): number {
      for (; lf !== -1 && lf < to; lf = bytes.indexOf(0x0a, lf + 1)) line++;
      for (; cr !== -1 && cr < to; cr = bytes.indexOf(0x0d, cr + 1)) if (bytes[cr + 1] !== 0x0a) line++;
      return line;
    },
  };
}

/** Excel on Chinese Windows saves CSV as GBK by default: say so instead of importing mojibake. */
function checkUtf8(bytes: Buffer, lines: ReturnType<typeof lineCounter>): LineError | null {
  if (isUtf8(bytes)) return null;
  // Find the line holding the first bad byte, line by line (a UTF-8 sequence never contains LF).
  let start = 0;
  while (start < bytes.length) {
    const lf = bytes.indexOf(0x0a, start);
    const end = lf === -1 ? bytes.length : lf + 1;
    if (!isUtf8(bytes.subarray(start, end))) break;
    start = end;
  }
  return {
    line: lines.at(start),
    reason: '文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入',
  };
}
