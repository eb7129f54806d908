// The working days a closed case took are stored with it (cases.working_days_to_close); a change of the
// calendar changes them for every closed case whose span from receipt to closing it touches.
import type { Transaction } from 'kysely';
import { storeWorkingDaysToClose } from '../cases/queries.ts';
import { createCalendar, workingDayOrdinals } from '../domain/calendar.ts';
import type { DB } from '../db/schema.ts';
import { loadCalendarRows } from './queries.ts';

/** Counts again, with the calendar as it stands in `trx`, the closed cases spanning any of `years`. */
export async function recountWorkingDaysToClose(trx: Transaction<DB>, years: readonly number[]): Promise<number> {
  if (years.length === 0) return 0;
  const { years: known, rows } = await loadCalendarRows(trx);
  const span = { from: `${Math.min(...years)}-01-01`, to: `${Math.max(...years)}-12-31` };
  return storeWorkingDaysToClose(trx, workingDayOrdinals(createCalendar(known, rows)), span);
}
