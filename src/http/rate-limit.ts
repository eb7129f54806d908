// Per-address caps on what costs the office work or helps a guesser: stored submissions and lookups
// (on top of the slow-down after failed lookups). The counts live in the database, so every instance
// behind the proxy shares them; the numbers are SUBMISSION_RATE_LIMIT and LOOKUP_RATE_LIMIT.
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { takeRateLimit, type RateRule } from '../throttle/service.ts';
import { clientIp, UNKNOWN_CLIENT } from './client-ip.ts';

export const RATE_WINDOW_MS = 10 * 60_000;

export type RateLimitKind = 'submission' | 'lookup';

/** Counts this request. Over the limit: sets Retry-After and answers the seconds to wait; otherwise 0. */
export async function rateLimitWait(c: Context, deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, kind: RateLimitKind): Promise<number> {
  const ip = clientIp(c, deps.config.trustProxy);
  // No socket (in-process requests) means no address: one shared count would let one caller lock out all others.
  if (ip === UNKNOWN_CLIENT) return 0;
  const limit = kind === 'submission' ? deps.config.submissionRateLimit : deps.config.lookupRateLimit;
  const wait = await takeRateLimit(deps.db, `rate:${kind}:${ip}`, { limit, windowMs: RATE_WINDOW_MS }, deps.clock.now());
  if (wait > 0) c.header('Retry-After', String(wait));
  return wait;
}

/**
 * The submission cap of this caller, for the intake service to count inside the submission's own
 * transaction; null when there is nothing to count (no address, or the cap is off).
 */
export function submissionLimit(c: Context, deps: Pick<AppDeps, 'config'>): { key: string; rule: RateRule } | null {
  const ip = clientIp(c, deps.config.trustProxy);
  const limit = deps.config.submissionRateLimit;
  if (ip === UNKNOWN_CLIENT || limit <= 0) return null;
  return { key: `rate:submission:${ip}`, rule: { limit, windowMs: RATE_WINDOW_MS } };
}

/** What the citizen reads above the form they typed, which comes back whole. */
export function submissionLimitMessage(limit: number, waitSeconds: number): string {
  const minutes = Math.ceil(waitSeconds / 60);
  return `提交过于频繁：同一网络${RATE_WINDOW_MS / 60_000}分钟内最多提交${limit}件。您填写的内容已保留，请在${minutes}分钟后重新提交。`;
}
