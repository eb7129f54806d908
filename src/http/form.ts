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
  return allValues(await parseFormBody(c), field).filter((v): v is File => typeof v !== 'string' && !(v.name === '' && v.size === 0));
}

export const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';

/** Every value posted under a repeated field (ticked boxes), text only, in order. */
export async function readValues(c: Context, field: string): Promise<string[]> {
  return allValues(await parseFormBody(c), field).filter((v): v is string => typeof v === 'string');
}

type FormBody = Record<string, string | File | Array<string | File>>;

function allValues(body: FormBody, field: string): Array<string | File> {
  const raw = body[field];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

async function parseFormBody(c: Context): Promise<FormBody> {
  // A handler reads the form and then its files: the body is parsed once per request.
  let parsed = parsedBodies.get(c);
  if (!parsed) {
    parsed = parseOnce(c);
    parsedBodies.set(c, parsed);
  }
  return parsed;
}

const parsedBodies = new WeakMap<Context, Promise<FormBody>>();

/**
 * The body as parsed by Hono; a body no browser form would send (a broken multipart body) is the client's
 * error, not ours. A urlencoded body is read as text and parsed here: Hono parses every form through a
 * web Response's formData(), whose streams cost a tenth of a submission's CPU time (issue 6).
 */
async function parseOnce(c: Context): Promise<FormBody> {
  try {
    const type = c.req.header('content-type')?.split(';')[0]!.trim().toLowerCase();
    if (type === 'application/x-www-form-urlencoded') return urlencodedBody(await c.req.text());
    return await c.req.parseBody({ all: true });
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    throw new HTTPException(400, { message: '提交的内容格式有误，无法读取。请返回页面重新填写后提交。', cause: error });
  }
}

/** The same shape as Hono's parseBody({ all: true }): a repeated field becomes an array. */
function urlencodedBody(text: string): FormBody {
  // No prototype: a field named __proto__ is a field like any other.
  const body: FormBody = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = body[key];
    if (seen === undefined) body[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else body[key] = [seen, value];
  }
  return body;
}
