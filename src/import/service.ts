// Historical import, step two: rows checked against the database and written in ONE transaction, or nothing.
// Imported cases are ordinary cases: open ones sit in their department's queue with a due date and a clock
// that later moves (extension, transfer …) recompute from; closed ones count in the statistics.
import type { Kysely } from 'kysely';
import { createCalendarSource } from '../calendar/service.ts';
import { formatReference } from '../cases/references.ts';
import { NO_QUERY_CODE_HASH } from '../cases/query-code.ts';
import { addWorkingDays, workingDayOrdinals, type WorkCalendar } from '../domain/calendar.ts';
import { DISCLOSURE_REPLY_DAYS, type Channel } from '../domain/codes.ts';
import type { ClockStep } from '../domain/deadlines.ts';
import { CalendarYearMissingError, DomainError } from '../domain/errors.ts';
import { withDeferredSearchIndex } from '../search/deferred-index.ts';
import type { DB, NewCase } from '../db/schema.ts';
import { formatLineErrors, type ImportRow, type LineError, type ParsedImport } from './parse.ts';
import {
  advanceReferenceCounter,
  findTakenReferences,
  insertCases,
  insertSubmittedEvents,
  listAllDepartments,
  listLetterLimits,
} from './queries.ts';

export const IMPORTED_APPLICANT_NAME = '（历史导入）';
const IMPORT_ACTOR_LABEL = '历史数据导入';

/** The file was refused whole; `lines` says why, one `line N: reason` per bad line. */
export class ImportRejectedError extends DomainError {
  readonly lines: string[];
  constructor(errors: readonly LineError[]) {
    const lines = formatLineErrors(errors);
    super(`导入失败：${lines.length} 行有误，未导入任何数据。`);
    this.lines = lines;
  }
}

type Department = Awaited<ReturnType<typeof listAllDepartments>>[number];

/**
 * Imports the parsed file, all or nothing. The file's own errors (`parsed.errors`) are reported together
 * with what only the database can tell (unknown department, reference already taken), so the office can
 * fix every line in one go. Returns the number of cases imported.
 */
export async function importCases(db: Kysely<DB>, parsed: ParsedImport, now: Date): Promise<number> {
  const { rows } = parsed;
  // Loaded before the transaction: on SQLite the transaction holds the only connection.
  const cal = rows.length > 0 ? await createCalendarSource(db).get() : null;
  const daysTaken = cal ? workingDaysCounter(cal) : () => null;

  // The cases are indexed for search once, after the last insert (deferred-index.ts: 14% of the import's time).
  return db.transaction().execute((trx) => withDeferredSearchIndex(db, trx, async () => {
    const departments = departmentResolver(await listAllDepartments(trx));
    const limits = await listLetterLimits(trx);
    const taken = await findTakenReferences(
      trx,
      rows.flatMap((r) => (r.reference ? [r.reference.text] : [])),
    );

    const errors: LineError[] = [...parsed.errors];
    const checked: Array<{ row: ImportRow; departmentId: number; dueOn: string | null; clock: ClockStep | null }> = [];
    for (const row of rows) {
      const reasons: string[] = [];
      if (row.reference && taken.has(row.reference.text)) reasons.push(`reference ${row.reference.text} 已存在`);
      const dept = departments(row.department);
      if (typeof dept === 'string') reasons.push(dept);
      else if (row.closedOn === null && dept.active !== 1) reasons.push(`承办单位“${dept.name}”已停用，未办结的案件不能交给它`);

      // An open case gets the clock an ordinary one has, so the queue shows its deadline and later moves can recompute it.
      let clock: ClockStep | null = null;
      let dueOn = row.dueOn;
      if (row.closedOn === null) {
        const days = row.channel === 'disclosure' ? DISCLOSURE_REPLY_DAYS : limits.get(row.category!);
        if (days === undefined) reasons.push(`办公室尚未设定“${row.category}”类来信的办理时限`);
        else {
          clock = { kind: 'start', on: row.receivedOn, days };
          if (dueOn === null) {
            const computed = computeDue(cal!, row.receivedOn, days);
            if (computed.ok) dueOn = computed.dueOn;
            else reasons.push(`due_on 为空，且${computed.reason}：请填写 due_on`);
          }
        }
      }

      if (reasons.length > 0 || typeof dept === 'string') errors.push(...reasons.map((reason) => ({ line: row.line, reason })));
      else checked.push({ row, departmentId: dept.id, dueOn, clock });
    }
    if (errors.length > 0) throw new ImportRejectedError(errors);

    const references = await assignReferences(trx, checked.map((c) => c.row));
    const at = now.toISOString();
    const cases: NewCase[] = checked.map(({ row, departmentId, dueOn }) => ({
      reference: references.get(row)!,
      channel: row.channel,
      status: row.closedOn ? 'closed' : 'assigned',
      department_id: departmentId,
      category: row.category,
      subject: row.subject,
      content: row.content,
      applicant_type: row.applicantType,
      applicant_name: IMPORTED_APPLICANT_NAME,
      phone: '',
      // The citizen of a historical case was never given a code and cannot look it up online.
      query_code_hash: NO_QUERY_CODE_HASH,
      submitted_at: chinaMidnight(row.receivedOn),
      received_on: row.receivedOn,
      due_on: dueOn,
      closed_on: row.closedOn,
      working_days_to_close: row.closedOn ? daysTaken(row.receivedOn, row.closedOn) : null,
      outcome: row.outcome,
      consent_publish: 0,
      created_at: at,
      updated_at: at,
    }));
    const ids = await insertCases(trx, cases);
    await insertSubmittedEvents(
      trx,
      checked.map(({ row, clock }, i) => ({
        case_id: ids.get(cases[i]!.reference)!,
        at: cases[i]!.submitted_at,
        actor_label: IMPORT_ACTOR_LABEL,
        payload: JSON.stringify({ imported: true, imported_at: at, source_line: row.line, message: '历史数据导入', ...(clock ? { clock } : {}) }),
      })),
    );
    return cases.length;
  }));
}

/**
 * The working days between two dates from the calendar's day ordinals, looked up instead of walked day by
 * day for each of thousands of rows; null when the calendar lacks a year of the span (a case older than it).
 */
function workingDaysCounter(cal: WorkCalendar): (from: string, to: string) => number | null {
  const ordinals = new Map(workingDayOrdinals(cal).map((o) => [o.date, o]));
  return (from, to) => {
    const a = ordinals.get(from);
    const b = ordinals.get(to);
    return a && b && a.run === b.run ? b.ordinal - a.ordinal : null;
  };
}

/**
 * Given references keep their number; the counter of their channel and year moves past the highest, so later
 * submissions do not collide. Blank ones get the next free numbers of the channel and the year of received_on,
 * in order of receipt. One counter statement per channel and year.
 */
async function assignReferences(trx: Kysely<DB>, rows: readonly ImportRow[]): Promise<Map<ImportRow, string>> {
  const assigned = new Map<ImportRow, string>();
  const groups = new Map<string, { channel: Channel; year: number; highestGiven: number; blanks: ImportRow[] }>();
  const groupOf = (channel: Channel, year: number) => {
    const key = `${channel}:${year}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { channel, year, highestGiven: 0, blanks: [] }));
    return g;
  };
  for (const row of rows) {
    if (row.reference) {
      assigned.set(row, row.reference.text);
      const g = groupOf(row.channel, row.reference.year);
      g.highestGiven = Math.max(g.highestGiven, row.reference.number);
    } else {
      groupOf(row.channel, Number(row.receivedOn.slice(0, 4))).blanks.push(row);
    }
  }
  for (const g of groups.values()) {
    const last = await advanceReferenceCounter(trx, g.channel, g.year, g.highestGiven, g.blanks.length);
    const blanks = [...g.blanks].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.line - b.line);
    blanks.forEach((row, i) => assigned.set(row, formatReference(g.channel, g.year, last - blanks.length + 1 + i)));
  }
  return assigned;
}

/** Department column → the department, or the reason it names none. Blank = the office; a full name wins over a short name. */
function departmentResolver(all: readonly Department[]): (text: string | null) => Department | string {
  const office = all.find((d) => d.is_office === 1);
  const byName = new Map(all.map((d) => [d.name, d]));
  const byShortName = new Map<string, Department[]>();
  for (const d of all) byShortName.set(d.short_name, [...(byShortName.get(d.short_name) ?? []), d]);
  return (text) => {
    if (text === null) return office ?? '系统中没有区政府办公室，department 不能为空';
    const named = byName.get(text);
    if (named) return named;
    const short = byShortName.get(text) ?? [];
    if (short.length === 1) return short[0]!;
    if (short.length > 1) return `承办单位简称“${text}”对应多个单位，请写全称`;
    return `承办单位“${text}”不存在（应为系统中已有单位的全称或简称）`;
  };
}

function computeDue(cal: WorkCalendar, receivedOn: string, days: number): { ok: true; dueOn: string } | { ok: false; reason: string } {
  try {
    return { ok: true, dueOn: addWorkingDays(cal, receivedOn, days) };
  } catch (error) {
    if (error instanceof CalendarYearMissingError) return { ok: false, reason: `工作日历中没有${error.year}年的节假日安排，无法计算办理期限` };
    throw error;
  }
}

/** 00:00 of a China date as an ISO instant: the submission time of a case known only by its receipt date. */
function chinaMidnight(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}
