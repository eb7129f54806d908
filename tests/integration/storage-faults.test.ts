// A locked database or a full disk while a citizen submits: a clear Chinese "please try again"
// answer with the form as it was typed, and nothing half-saved. Both faults are real ones of the
// app's own SQLite connection: a second connection holding the write lock longer than the app
// waits, and a page limit that stops the file from growing (what a full disk looks like to SQLite).
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byId, formValue, textOf } from '../helpers/html.ts';
import { LETTER, PERSON_APPLICATION } from '../helpers/intake.ts';
import { cookiesFrom, createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

const BUSY = '系统繁忙，您填写的内容已保留，请稍后重新提交';

let t: TestApp;
let blocker: SqliteDatabase.Database | undefined;

beforeEach(async () => {
  if (process.env.TEST_DATABASE_URL) return;
  // Behind the proxy every submission also counts against its address in the database: that write
  // meets the fault as well.
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  // The app waits 5 s for a lock in production; a tenth of a second keeps the test quick.
  t.database.sqlite!.pragma('busy_timeout = 100');
});

afterEach(async () => {
  blocker?.close();
  blocker = undefined;
  await t?.destroy();
});

/** Another connection (a second process, say) takes the write lock and keeps it. */
function holdWriteLock() {
  blocker = new SqliteDatabase(t.database.url.replace(/^sqlite:/, ''));
  blocker.exec('BEGIN IMMEDIATE');
  blocker.prepare("UPDATE settings SET value = value WHERE key = 'none'").run();
}

function post(path: string, values: Record<string, string>, opts: { htmx?: boolean } = {}) {
  return postForm(t, path, values, { ...opts, headers: { 'x-forwarded-for': '198.51.100.7' } });
}

function releaseWriteLock() {
  blocker!.exec('ROLLBACK');
}

async function stored() {
  const count = async (table: 'cases' | 'case_events' | 'outbox' | 'reference_counters') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { cases: await count('cases'), events: await count('case_events'), mails: await count('outbox'), counters: await count('reference_counters') };
}

const NOTHING = { cases: 0, events: 0, mails: 0, counters: 0 };

/** The 503 page: the message in Chinese, the form with every value, no trace of the fault itself. */
async function expectFormKept(res: Response, values: Record<string, string>) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('30');
  const html = await res.text();
  const main = textOf(byId(html, 'main')?.inner ?? html);
  expect(textOf(byId(html, 'form-problem')!.inner)).toBe(BUSY);
  expect(byId(html, 'form-problem')!.attrs.get('role')).toBe('alert');
  expect(html).not.toMatch(/SQLITE|SqliteError|database|locked|disk is full|at async|\.ts:\d+/i);
  expect(main).not.toMatch(/\bError\b/);
  for (const [name, value] of Object.entries(values)) expect(formValue(html, name), name).toBe(value);
  return html;
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('storage faults (SQLite only: simulated with SQLite locks and page limits)', () => {
  it('a locked database gives the letter form back with everything typed, then the same letter goes through', async () => {
    holdWriteLock();
    const res = await post('/letters/mayor', LETTER);
    const html = await expectFormKept(res, LETTER);
    expect(textOf(byId(html, 'main')!.inner)).toContain('区长信箱');
    expect(await stored()).toEqual(NOTHING);

    // htmx swaps the form alone, with the same message and values.
    const partial = await post('/letters/mayor', LETTER, { htmx: true });
    expect(partial.status).toBe(503);
    const fragment = await partial.text();
    expect(fragment).not.toContain('<html');
    expect(textOf(byId(fragment, 'form-problem')!.inner)).toBe(BUSY);
    expect(formValue(fragment, 'content')).toBe(LETTER.content);

    releaseWriteLock();
    const again = await post('/letters/mayor', LETTER);
    expect(again.status).toBe(303);
    // No reference was used up by the failed attempts.
    expect(decodeURIComponent(cookiesFrom(again))).toMatch(/^receipt=XZ\d{4}-000001:/);
    expect(await stored()).toEqual({ cases: 1, events: 1, mails: 1, counters: 1 });
  });

  it('a locked database gives the disclosure application back with everything typed', async () => {
    holdWriteLock();
    const res = await post('/disclosure', PERSON_APPLICATION);
    const html = await expectFormKept(res, PERSON_APPLICATION);
    expect(textOf(byId(html, 'main')!.inner)).toContain('政府信息公开申请');
    expect(await stored()).toEqual(NOTHING);
  });

  it('a full disk gives a long letter back with everything typed, and nothing half-saved', async () => {
    const long = { ...LETTER, content: `${'小区门口的路灯坏了，晚上出行很不安全，请尽快维修。'.repeat(80)}`.slice(0, 2000) };
    const sqlite = t.database.sqlite!;
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);

    const res = await post('/letters/mayor', long);
    await expectFormKept(res, long);
    expect(await stored()).toEqual(NOTHING);

    // Space again (the administrator freed the disk): the same letter is filed as the first one.
    sqlite.pragma(`max_page_count = ${pages * 100}`);
    const again = await post('/letters/mayor', long);
    expect(again.status).toBe(303);
    expect(decodeURIComponent(cookiesFrom(again))).toMatch(/^receipt=XZ\d{4}-000001:/);
    const row = await t.db.selectFrom('cases').select(['content', 'applicant_name']).executeTakeFirstOrThrow();
    expect(row).toEqual({ content: long.content, applicant_name: LETTER.name });
  });
});
