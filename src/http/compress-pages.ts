// The portal's pages are rendered whole, as a string, before they are sent; hono's compress() pipes every
// body through a web CompressionStream instead, which for a 25 KB queue page cost ~1 ms of the server's
// ~4 ms, where one synchronous call of zlib takes 0.15 ms (a zlib call on the thread pool 0.35 ms: its
// stream object and the hop cost more than the work). So HTML is gzipped here in one call and sent with its
// length; compress() still handles every
// other body (the static files, which are streams, and downloads), as a response with an encoding is left alone.
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { parseAccept } from 'hono/utils/accept';

/** Below this a page is sent as it is: gzip's own header and the work would gain nothing (compress() agrees). */
const THRESHOLD_BYTES = 1024;

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** The quality the client gives an encoding: its own entry, else the wildcard's, else 0 (not accepted). */
function qualityOf(accepts: ReturnType<typeof parseAccept>, encoding: string): number {
  return accepts.find((a) => a.type.toLowerCase() === encoding)?.q ?? accepts.find((a) => a.type === '*')?.q ?? 0;
}

/** True when the client takes gzip and prefers nothing compress() would choose instead (deflate). */
function prefersGzip(header: string | undefined): boolean {
  if (!header) return false;
  const accepts = parseAccept(header);
  const q = qualityOf(accepts, 'gzip');
  return q > 0 && q >= qualityOf(accepts, 'deflate');
}

export function compressPages(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const { res } = c;
    // Headers first: even asking whether there is a body makes @hono/node-server build a full web Response.
    if (c.req.method === 'HEAD' || res.status === 206 || res.headers.has('Content-Encoding')) return;
    if (!/^text\/html\b/i.test(res.headers.get('Content-Type') ?? '') || NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')) return;
    if (!res.body) return;
    const vary = res.headers.get('Vary');
    if (vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? '')) res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (!prefersGzip(c.req.header('Accept-Encoding'))) return;
    const page = Buffer.from(await res.arrayBuffer());
    const body = page.byteLength < THRESHOLD_BYTES ? page : gzipSync(page);
    const sent = new Response(body, res);
    if (body !== page) sent.headers.set('Content-Encoding', 'gzip');
    // With its length a small page is also left alone by compress(), which takes a body without one for big.
    sent.headers.set('Content-Length', String(body.byteLength));
    // Replaced, not merged: hono's setter would rebuild the response around its body as a stream.
    c.res = undefined;
    c.res = sent;
  };
}
