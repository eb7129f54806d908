import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

type Options = Parameters<typeof bodyLimit>[0];

/**
 * Hono's bodyLimit, asked only about requests whose size it must find out. It looks at the web
 * Request's body to see whether there is one, and on Node that builds the whole web Request (a
 * twentieth of a submission's CPU time, issue 6). A GET or HEAD has no body, and a body of a declared
 * length within the limit is all there is to read (Node's parser stops at the length); anything else,
 * a chunked body included, goes through bodyLimit.
 */
export function limitBody(options: Options): MiddlewareHandler {
  const limit = bodyLimit(options);
  return (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && Number(length) <= options.maxSize && c.req.header('transfer-encoding') === undefined) return next();
    return limit(c, next);
  };
}
