import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { prepareQuery } from '../db/prepared-query.ts';

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

const countRequestQuery = prepareQuery((db, p: { key: string; now: string; windowStartedBefore: string }) =>
  db
    .insertInto('throttle')
    .values({ key: p.key, failures: 1, window_started_at: p.now, blocked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const expired = eb('throttle.window_started_at', '<=', p.windowStartedBefore);
        return {
          failures: eb.case().when(expired).then(1).else(eb('throttle.failures', '+', 1)).end(),
          window_started_at: eb.case().when(expired).then(eb.ref('excluded.window_started_at')).else(eb.ref('throttle.window_started_at')).end(),
        };
      }),
    )
    .returning(['failures as count', 'window_started_at']),
);

/**
 * Counts one request against a fixed window in a single statement, so parallel requests on any
 * instance can't both read the old count. A window older than `windowStartedBefore` starts afresh.
 * A rate row keeps its count in the `failures` column.
 */
export async function countRequest(db: Kysely<DB> | Transaction<DB>, key: string, now: string, windowStartedBefore: string) {
  const [row] = (await countRequestQuery(db, { key, now, windowStartedBefore })).rows;
  return row!;
}

/** Rows whose window started before `startedBefore` and that block nobody any more. */
export async function deleteStaleThrottles(db: Kysely<DB>, startedBefore: string, now: string): Promise<number> {
  const result = await db
    .deleteFrom('throttle')
    .where('window_started_at', '<', startedBefore)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
