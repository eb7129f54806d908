// What a change of the calendar does to the cases it reaches, in the transaction that changed it: the
// working days a closed case took (cases.working_days_to_close) are counted again, and an open case's due
// date is replayed from its clock with the new calendar — working days are the State Council's, so a
// holiday added or taken back moves the legal deadline, and the applicant sees why on the timeline.
import type { Transaction } from 'kysely';
import { insertEvent, storeWorkingDaysToClose } from '../cases/queries.ts';
import { listClockEvents } from '../cases/transition-queries.ts';
import { addWorkingDays, createCalendar, workingDayOrdinals, type WorkCalendar } from '../domain/calendar.ts';
import { formatChineseDate } from '../domain/china-time.ts';
import { SUPPLEMENT_ANSWER_DAYS, type Channel } from '../domain/codes.ts';
import { computeDeadline } from '../domain/deadlines.ts';
import { CalendarYearMissingError } from '../domain/errors.ts';
import type { DB } from '../db/schema.ts';
import { listAwaitedSupplementsSpanning, listOpenCasesSpanning, setDueOn, setSupplementDueOn } from './case-queries.ts';
import { loadCalendarRows } from './queries.ts';

export interface CalendarChangeResult {
  /** Closed cases whose working days were counted again. */
  recounted: number;
  /** Open cases whose reply or 补正 deadline moved. */
  moved: number;
}

/** After the schedules of `years` changed in `trx`: the cases spanning them, with the calendar as it now stands. */
export async function applyCalendarChange(
  trx: Transaction<DB>,
  years: readonly number[],
  actor: { userId: number | null; label: string },
  at: string,
): Promise<CalendarChangeResult> {
  if (years.length === 0) return { recounted: 0, moved: 0 };
  const { years: known, rows } = await loadCalendarRows(trx);
  const cal = createCalendar(known, rows);
  const span = { from: `${Math.min(...years)}-01-01`, to: `${Math.max(...years)}-12-31` };
  const recounted = await storeWorkingDaysToClose(trx, workingDayOrdinals(cal), span);
  const moved = await moveDueDates(trx, cal, span, actor, at);
  return { recounted, moved };
}

async function moveDueDates(
  trx: Transaction<DB>,
  cal: WorkCalendar,
  span: { from: string; to: string },
  actor: { userId: number | null; label: string },
  at: string,
): Promise<number> {
  const record = async (caseId: number, deadline: 'reply' | 'supplement', from: string, to: string) => {
    const label = deadline === 'reply' ? '答复期限' : '补正期限';
    await insertEvent(trx, {
      caseId,
      type: 'due_recomputed',
      at,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      visibility: 'applicant',
      payload: { deadline, previous: from, due_on: to, message: `因节假日安排调整，${label}由${formatChineseDate(from)}变更为${formatChineseDate(to)}。` },
    });
  };
  // Its clock runs into a year still without a schedule: it keeps its date until that year is entered.
  const orKept = <T>(compute: () => T): T | null => {
    try {
      return compute();
    } catch (error) {
      if (error instanceof CalendarYearMissingError) return null;
      throw error;
    }
  };

  let moved = 0;
  for (const c of await listOpenCasesSpanning(trx, span)) {
    const steps = await listClockEvents(trx, c.id);
    const dueOn = orKept(() => computeDeadline(cal, c.channel as Channel, steps).dueOn);
    if (dueOn === null || dueOn === c.due_on) continue;
    await setDueOn(trx, c.id, dueOn, at);
    await record(c.id, 'reply', c.due_on, dueOn);
    moved++;
  }
  // The applicant's 补正 deadline: SUPPLEMENT_ANSWER_DAYS working days after the request.
  for (const c of await listAwaitedSupplementsSpanning(trx, span)) {
    const asked = (await listClockEvents(trx, c.id)).filter((step) => step.kind === 'supplement_requested').at(-1);
    const dueOn = asked ? orKept(() => addWorkingDays(cal, asked.on, SUPPLEMENT_ANSWER_DAYS)) : null;
    if (dueOn === null || dueOn === c.supplement_due_on) continue;
    await setSupplementDueOn(trx, c.id, dueOn, at);
    await record(c.id, 'supplement', c.supplement_due_on, dueOn);
    moved++;
  }
  return moved;
}
