// The office's work pages: what each list shows (with due dates worked out on the working-day
// calendar), and the one bulk move the case service does not have (标记无效 for several letters).
import { listActiveDepartments } from '../cases/queries.ts';
import { invalidateCase, type CaseDeps } from '../cases/service.ts';
import { addCalendarDays, addWorkingDays, workingDaysBetween, type WorkCalendar } from '../domain/calendar.ts';
import { chinaDate } from '../domain/china-time.ts';
import { dueState } from '../domain/deadlines.ts';
import { CalendarYearMissingError, DomainError } from '../domain/errors.ts';
import type { StaffUser } from '../domain/roles.ts';
import {
  countOfficeWork,
  findCaseLabels,
  latestEventPayloads,
  listInReview,
  listIntake,
  listOverdueSupplements,
  listPendingExtensions,
  listUnconfirmedDeptLetters,
} from './queries.ts';

/** The intake page lists at most this many cases, oldest first; the count above it says how many there are. */
export const INTAKE_PAGE_SIZE = 200;

/** A department should accept a letter to its mailbox within this many working days. */
export const DEPT_CONFIRM_WORKING_DAYS = 2;

const todayOf = (deps: CaseDeps) => chinaDate(deps.clock.now());

export function loadOfficeCounts(deps: CaseDeps) {
  return countOfficeWork(deps.db, todayOf(deps));
}

/** The departments the office routes cases to: every active one but the office itself. */
export async function loadDispatchTargets(deps: CaseDeps) {
  return (await listActiveDepartments(deps.db)).filter((d) => !d.is_office);
}

export async function loadIntake(deps: CaseDeps) {
  const today = todayOf(deps);
  const [rows, departments, lateDeptLetters] = await Promise.all([
    listIntake(deps.db, INTAKE_PAGE_SIZE),
    loadDispatchTargets(deps),
    unconfirmedDeptLetters(deps, today),
  ]);
  const handBacks = await latestEventPayloads(
    deps.db,
    rows.filter((r) => r.status === 'confirmed').map((r) => r.id),
    'handed_back',
  );
  return {
    rows: rows.map((r) => ({ ...r, handBackReason: stringOrNull(handBacks.get(r.id)?.payload.reason) })),
    departments,
    lateDeptLetters,
  };
}

/** 部门信箱 letters their department has left unaccepted for more than two working days, per department. */
async function unconfirmedDeptLetters(deps: CaseDeps, today: string) {
  // Two working days need at least three calendar days: only older letters are read, then counted exactly.
  const before = new Date(`${addCalendarDays(today, -DEPT_CONFIRM_WORKING_DAYS)}T00:00:00+08:00`).toISOString();
  const candidates = await listUnconfirmedDeptLetters(deps.db, before);
  const cal = await deps.calendar.get();
  const byDepartment = new Map<string, number>();
  for (const letter of candidates) {
    if (workingDaysBetween(cal, chinaDate(new Date(letter.submitted_at)), today) <= DEPT_CONFIRM_WORKING_DAYS) continue;
    const name = letter.department_name ?? '未指定部门';
    byDepartment.set(name, (byDepartment.get(name) ?? 0) + 1);
  }
  const perDepartment = [...byDepartment].map(([name, count]) => ({ name, count }));
  return { total: perDepartment.reduce((sum, d) => sum + d.count, 0), perDepartment };
}

/** 标记无效 for several letters; like dispatchMany, each case is its own transaction and a refusal stops only itself. */
export async function invalidateMany(deps: CaseDeps, user: StaffUser, caseIds: number[], input: { reason: string; note?: string }) {
  const results: Array<{ caseId: number; ok: boolean; message?: string }> = [];
  for (const caseId of caseIds) {
    try {
      await invalidateCase(deps, user, caseId, input);
      results.push({ caseId, ok: true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ caseId, ok: false, message: error.message });
    }
  }
  return results;
}

export function loadCaseLabels(deps: CaseDeps, ids: number[]) {
  return findCaseLabels(deps.db, ids);
}

export async function loadReview(deps: CaseDeps) {
  const today = todayOf(deps);
  const [rows, cal] = await Promise.all([listInReview(deps.db), deps.calendar.get()]);
  return rows.map((r) => ({
    ...r,
    dueState: dueState(cal, today, { dueOn: r.due_on, paused: false, closed: false }),
  }));
}

export async function loadExtensions(deps: CaseDeps) {
  const today = todayOf(deps);
  const [rows, cal] = await Promise.all([listPendingExtensions(deps.db), deps.calendar.get()]);
  const requests = await latestEventPayloads(
    deps.db,
    rows.map((r) => r.id),
    'extension_requested',
  );
  return rows.map((r) => {
    const days = Number(r.extension_requested_days);
    const request = requests.get(r.id);
    return {
      id: r.id,
      reference: r.reference,
      subject: r.subject,
      departmentName: r.department_name,
      days,
      reason: stringOrNull(request?.payload.reason),
      requestedAt: request?.at ?? null,
      dueOn: r.due_on,
      dueState: dueState(cal, today, { dueOn: r.due_on, paused: r.status === 'consulting', closed: false }),
      ifApproved: dueIfApproved(cal, r.due_on, days, today),
    };
  });
}

export type IfApproved =
  | { kind: 'date'; dueOn: string }
  /** During a consultation the clock is stopped: the days are added to what is left when it resumes. */
  | { kind: 'paused' }
  | { kind: 'impossible'; message: string };

function dueIfApproved(cal: WorkCalendar, dueOn: string | null, days: number, today: string): IfApproved {
  if (dueOn === null) return { kind: 'paused' };
  if (dueOn < today) return { kind: 'impossible', message: `答复期限已于${dueOn}届满，不能再延长。` };
  try {
    return { kind: 'date', dueOn: addWorkingDays(cal, dueOn, days) };
  } catch (error) {
    if (error instanceof CalendarYearMissingError) return { kind: 'impossible', message: error.message };
    throw error;
  }
}

export async function loadSupplements(deps: CaseDeps) {
  const rows = await listOverdueSupplements(deps.db, todayOf(deps));
  const requests = await latestEventPayloads(
    deps.db,
    rows.map((r) => r.id),
    'supplement_requested',
  );
  return rows.map((r) => {
    const request = requests.get(r.id);
    return { ...r, missing: stringOrNull(request?.payload.missing), requestedAt: request?.at ?? null };
  });
}

const stringOrNull = (v: unknown) => (typeof v === 'string' ? v : null);
