import type { Context } from 'hono';

/**
 * The posted form as plain strings. A repeated field keeps its first value, a file or missing
 * field reads as empty, so validation always sees every field as text.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  for (const [key, raw] of Object.entries(body)) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    values[key] = typeof first === 'string' ? first : '';
  }
  return values;
}

export const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';
