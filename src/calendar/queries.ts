import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function loadCalendarRows(db: Kysely<DB>) {
  const [years, rows] = await Promise.all([
    db.selectFrom('calendar_years').select('year').execute(),
    db.selectFrom('holidays').select(['date', 'kind']).execute(),
  ]);
  return { years: years.map((y) => Number(y.year)), rows };
}
