// The reminders the portal sends by itself: a became_overdue event on each case the day after its
// due date passes, and the daily digest mails to each department and to the office.
import type { Kysely } from 'kysely';
import type { CalendarSource } from '../calendar/service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkCalendar } from '../domain/calendar.ts';
import { CASE_STATUS_LABELS, RUNNING_STATUSES, type CaseStatus } from '../domain/case-state.ts';
import { chinaDate, formatChinaDateTime, formatChineseDate } from '../domain/china-time.ts';
import { DUE_SOON_WORKING_DAYS } from '../domain/deadlines.ts';
import { CalendarYearMissingError } from '../domain/errors.ts';
import { isOfficeRole, isRole } from '../domain/roles.ts';
import { enqueueMail, type NewMail } from '../mail/outbox.ts';
import { departmentDigestMail, officeDigestMail, type DigestItem } from '../../views/emails/digest.ts';
import {
  claimJobRun,
  findOverdueCandidates,
  insertOverdueEvents,
  listDigestCases,
  listMailableStaff,
  lockJobRun,
  type DigestCaseRow,
} from './queries.ts';

export interface ReminderDeps {
  db: Kysely<DB>;
  calendar: CalendarSource;
  config: Pick<Config, 'districtName' | 'publicUrl'>;
}

/** Who the timeline names for what the portal records by itself. */
export const SYSTEM_ACTOR_LABEL = '系统';
/** Digests go out from this time of day (China time) on. */
export const DIGEST_TIME = '08:00';

const JOB_OVERDUE = 'became_overdue';
const JOB_DEPARTMENT_DIGEST = 'department_digest';
const JOB_OFFICE_DIGEST = 'office_digest';

/**
 * Records one became_overdue event per case and due date: for each running case whose due date is
 * before today (China date) and that has no such event for that due date yet. Returns how many.
 */
export async function recordOverdueCases(deps: Pick<ReminderDeps, 'db'>, now: Date): Promise<number> {
  const today = chinaDate(now);
  const query = { statuses: RUNNING_STATUSES, today };
  // Most runs find nothing: look first, so that they write nothing either.
  if ((await findOverdueCandidates(deps.db, { ...query, limit: 1 })).length === 0) return 0;
  const at = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    // Another instance doing the same now waits here, then finds its candidates already recorded.
    await lockJobRun(trx, JOB_OVERDUE, today, at);
    const candidates = await findOverdueCandidates(trx, query);
    await insertOverdueEvents(
      trx,
      candidates.map((c) => ({ caseId: c.id, dueOn: c.dueOn, message: `已超过办理期限（应于${formatChineseDate(c.dueOn)}前答复）。` })),
      { at, actorLabel: SYSTEM_ACTOR_LABEL },
    );
    return candidates.length;
  });
}

export type DigestOutcome =
  | { kind: 'too_early' }
  | { kind: 'day_off' }
  | { kind: 'calendar_missing'; year: number }
  /** Mails queued by this run: 0 when there was nothing to report or another run sent them already. */
  | { kind: 'done'; mails: number };

/**
 * The daily digests of `now`'s China date, on working days from 08:00: each department with cases
 * due within 2 working days or overdue gets one mail per clerk with an address, the office one
 * mail per office user with the overdue cases of all departments. Each digest is claimed in
 * job_runs in the transaction that queues its mails: it goes out once a day whichever server
 * instance runs first, and claim and mails commit together or not at all.
 */
export async function sendDailyDigests(deps: ReminderDeps, now: Date): Promise<DigestOutcome> {
  if (formatChinaDateTime(now).slice(11) < DIGEST_TIME) return { kind: 'too_early' };
  const today = chinaDate(now);
  const cal = await deps.calendar.get();
  let dueSoonUntil: string;
  try {
    if (!isWorkingDay(cal, today)) return { kind: 'day_off' };
    dueSoonUntil = addWorkingDays(cal, today, DUE_SOON_WORKING_DAYS);
  } catch (error) {
    if (error instanceof CalendarYearMissingError) return { kind: 'calendar_missing', year: error.year };
    throw error;
  }

  const cases = await listDigestCases(deps.db, { statuses: RUNNING_STATUSES, dueOnOrBefore: dueSoonUntil });
  if (cases.length === 0) return { kind: 'done', mails: 0 };
  const staff = await listMailableStaff(deps.db);
  const item = (row: DigestCaseRow): DigestItem => ({
    reference: row.reference,
    subject: row.subject,
    dueOn: row.due_on,
    statusLabel: CASE_STATUS_LABELS[row.status as CaseStatus] ?? row.status,
    workingDays: daysApart(cal, today, row.due_on),
    url: `${deps.config.publicUrl}/cases/${row.id}`,
  });
  const workbenchUrl = `${deps.config.publicUrl}/staff`;
  let mails = 0;

  for (const [departmentId, rows] of groupByDepartment(cases)) {
    if (departmentId === null) continue;
    const recipients = staff.filter((s) => s.department_id === departmentId).map((s) => s.email);
    if (recipients.length === 0) continue;
    const mail = departmentDigestMail({
      districtName: deps.config.districtName,
      departmentName: rows[0]!.department_name ?? '',
      date: today,
      overdue: rows.filter((r) => r.due_on < today).map(item),
      dueSoon: rows.filter((r) => r.due_on >= today).map(item),
      workbenchUrl,
    });
    mails += await enqueueOnce(deps.db, JOB_DEPARTMENT_DIGEST, `${today}/${departmentId}`, recipients.map((to) => ({ kind: JOB_DEPARTMENT_DIGEST, caseId: null, to, ...mail })), now);
  }

  const overdue = cases.filter((r) => r.due_on < today);
  const officeRecipients = staff.filter((s) => isRole(s.role) && isOfficeRole(s.role)).map((s) => s.email);
  if (overdue.length > 0 && officeRecipients.length > 0) {
    const mail = officeDigestMail({
      districtName: deps.config.districtName,
      date: today,
      // Cases not dispatched yet last (SQL sorts NULL first on SQLite, last on PostgreSQL).
      groups: [...groupByDepartment(overdue)]
        .sort(([a], [b]) => Number(a === null) - Number(b === null))
        .map(([, rows]) => ({ departmentName: rows[0]!.department_name, items: rows.map(item) })),
      workbenchUrl,
    });
    mails += await enqueueOnce(deps.db, JOB_OFFICE_DIGEST, today, officeRecipients.map((to) => ({ kind: JOB_OFFICE_DIGEST, caseId: null, to, ...mail })), now);
  }
  return { kind: 'done', mails };
}

/** Working days overdue (due before today) or left (due today or later). */
function daysApart(cal: WorkCalendar, today: string, dueOn: string): number {
  return dueOn < today ? workingDaysBetween(cal, dueOn, today) : workingDaysBetween(cal, today, dueOn);
}

// Rows come sorted by department, so the groups keep the departments' order.
function groupByDepartment(rows: DigestCaseRow[]): Map<number | null, DigestCaseRow[]> {
  const groups = new Map<number | null, DigestCaseRow[]>();
  for (const row of rows) {
    const group = groups.get(row.department_id);
    if (group) group.push(row);
    else groups.set(row.department_id, [row]);
  }
  return groups;
}

async function enqueueOnce(db: Kysely<DB>, job: string, runKey: string, mails: NewMail[], now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (!(await claimJobRun(trx, job, runKey, now.toISOString()))) return 0;
    for (const mail of mails) await enqueueMail(trx, mail, now);
    return mails.length;
  });
}
