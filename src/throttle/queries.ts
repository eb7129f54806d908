import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function findThrottle(db: Kysely<DB>, key: string) {
  return db.selectFrom('throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function saveThrottle(
  db: Kysely<DB>,
  row: { key: string; failures: number; window_started_at: string; blocked_until: string | null },
) {
  await db
    .insertInto('throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        window_started_at: row.window_started_at,
        blocked_until: row.blocked_until,
      }),
    )
    .execute();
}

export async function deleteThrottle(db: Kysely<DB>, key: string) {
  await db.deleteFrom('throttle').where('key', '=', key).execute();
}
