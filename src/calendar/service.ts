// The working-day calendar as the rest of the app uses it: read from the holidays table, kept in memory.
import type { Kysely } from 'kysely';
import { createCalendar, type WorkCalendar } from '../domain/calendar.ts';
import type { DB } from '../db/schema.ts';
import { loadCalendarRows } from './queries.ts';

// Short enough that another instance's calendar edit is seen within a minute; edits here invalidate at once.
const TTL_MS = 60_000;

export interface CalendarSource {
  get(): Promise<WorkCalendar>;
  invalidate(): void;
}

export function createCalendarSource(db: Kysely<DB>, now: () => number = Date.now): CalendarSource {
  let cached: { cal: WorkCalendar; loadedAt: number } | null = null;
  let loading: Promise<WorkCalendar> | null = null;
  return {
    async get() {
      if (cached && now() - cached.loadedAt < TTL_MS) return cached.cal;
      loading ??= loadCalendarRows(db)
        .then(({ years, rows }) => {
          const cal = createCalendar(years, rows);
          cached = { cal, loadedAt: now() };
          return cal;
        })
        .finally(() => {
          loading = null;
        });
      return loading;
    },
    invalidate() {
      cached = null;
    },
  };
}
