import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** What clientIp answers when there is no socket to ask (in-process requests). */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The caller's address; X-Forwarded-For is only believed behind our own reverse proxy, and only its
 * last entry: the proxy appends the address it saw, anything before it is whatever the client sent.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? UNKNOWN_CLIENT;
  } catch {
    // app.request() in tests has no socket.
    return UNKNOWN_CLIENT;
  }
}
