// Slows down guessing (query codes, passwords): a few free failures, then waits that double each time;
// and caps how often one address may submit or look up (rate limits).
// Kept in the database so every server instance sees the same count.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { countRequest, deleteStaleThrottles, deleteThrottle, findThrottle, saveThrottle } from './queries.ts';

const FREE_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const FIRST_WAIT_MS = 15_000;
const MAX_WAIT_MS = 15 * 60_000;

/** Seconds the caller must still wait, or 0. */
export async function throttleWait(db: Kysely<DB>, key: string, now: Date): Promise<number> {
  const row = await findThrottle(db, key);
  if (!row?.blocked_until) return 0;
  const ms = new Date(row.blocked_until).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

export async function recordFailure(db: Kysely<DB>, key: string, now: Date): Promise<void> {
  const row = await findThrottle(db, key);
  const fresh = !row || now.getTime() - new Date(row.window_started_at).getTime() > WINDOW_MS;
  const failures = fresh ? 1 : Number(row.failures) + 1;
  // The FREE_FAILURES-th failure already starts the first wait, so the next attempt is slowed.
  const over = failures - FREE_FAILURES + 1;
  const wait = over > 0 ? Math.min(FIRST_WAIT_MS * 2 ** (over - 1), MAX_WAIT_MS) : 0;
  await saveThrottle(db, {
    key,
    failures,
    window_started_at: fresh ? now.toISOString() : row.window_started_at,
    blocked_until: wait > 0 ? new Date(now.getTime() + wait).toISOString() : null,
  });
}

export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await deleteThrottle(db, key);
}

/** At most `limit` requests per address in each window of `windowMs`; a limit of 0 turns the rule off. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/** Counts this request; seconds until the window ends when it is over the limit, otherwise 0. */
export async function takeRateLimit(db: Kysely<DB> | Transaction<DB>, key: string, rule: RateRule, now: Date): Promise<number> {
  if (rule.limit <= 0) return 0;
  const row = await countRequest(db, key, now.toISOString(), new Date(now.getTime() - rule.windowMs).toISOString());
  if (Number(row.count) <= rule.limit) return 0;
  const ms = new Date(row.window_started_at).getTime() + rule.windowMs - now.getTime();
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The counters hold client addresses (personal data) and mean nothing once their window is over:
 * a day after it started, a row that blocks nobody is deleted.
 */
export async function purgeStaleThrottles(db: Kysely<DB>, now: Date): Promise<number> {
  return deleteStaleThrottles(db, new Date(now.getTime() - 86_400_000).toISOString(), now.toISOString());
}
