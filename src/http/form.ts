import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

/**
 * The posted form as plain strings. A repeated field keeps its first value, a file or missing
 * field reads as empty, so validation always sees every field as text. Browsers send each line
 * break as CRLF but count it as one character against maxlength: it becomes LF here, so the
 * server's length limits agree with the browser's.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await parseFormBody(c);
  const values: Record<string, string> = {};
  for (const [key, raw] of Object.entries(body)) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    values[key] = typeof first === 'string' ? first.replace(/\r\n?/g, '\n') : '';
  }
  return values;
}

/**
 * The files posted under a field (a multipart form), in order. A file input left empty is sent as a
 * nameless empty part: that is no file. A urlencoded post has none.
 */
export async function readFiles(c: Context, field: string): Promise<File[]> {
  const raw = (await parseFormBody(c))[field];
  const all = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return all.filter((v): v is File => typeof v !== 'string' && !(v.name === '' && v.size === 0));
}

export const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';

/** The body as parsed by Hono; a body no browser form would send (a broken multipart body) is the client's error, not ours. */
async function parseFormBody(c: Context) {
  try {
    return await c.req.parseBody({ all: true });
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    throw new HTTPException(400, { message: '提交的内容格式有误，无法读取。请返回页面重新填写后提交。', cause: error });
  }
}
