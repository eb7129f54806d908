import type { Context } from 'hono';

/**
 * The posted form as plain strings. A repeated field keeps its first value, a file or missing
 * field reads as empty, so validation always sees every field as text. Browsers send each line
 * break as CRLF but count it as one character against maxlength: it becomes LF here, so the
 * server's length limits agree with the browser's.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [key, raw] of Object.entries(body)) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    values[key] = typeof first === 'string' ? first.replace(/\r\n?/g, '\n') : '';
  }
  return values;
}

export const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';
