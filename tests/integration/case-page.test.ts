// The staff case page (/cases/:id) and each move on it, with the right and the wrong role and department.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { rateReply, type CaseDeps } from '../../src/cases/service.ts';
import { departmentId, fileDisclosure, fileMayorLetter, fileDeptLetter } from '../helpers/cases.ts';
import { allElements, byId, describedText, formValue, textOf } from '../helpers/html.ts';
import { loginAs } from '../helpers/staff.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

const DAY_START = 'T02:00:00Z'; // 10:00 in China

let t: TestApp;
let office: string;
let clerk: string; // 教育局
let otherClerk: string; // 民政局
let education: number;
let civil: number;

let sessionsEnded = false;

async function logInEveryone() {
  office = (await loginAs(t, 'office_staff')).cookie;
  clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
  otherClerk = (await loginAs(t, 'dept_staff', '民政局')).cookie;
}

beforeAll(async () => {
  t = await createTestApp();
  education = await departmentId(t, '教育局');
  civil = await departmentId(t, '民政局');
  await logInEveryone();
});

// Each test starts on Monday 2 March 2026; one that moved the clock weeks ahead ended the sessions.
beforeEach(async () => {
  onDay('2026-03-02');
  if (sessionsEnded) await logInEveryone();
  sessionsEnded = false;
});

afterAll(async () => {
  await t.destroy();
});

function caseDeps(): CaseDeps {
  return { db: t.db, dbKind: t.database.kind, clock: t.clock, calendar: createCalendarSource(t.db), config: t.config };
}

const onDay = (date: string) => t.clock.set(`${date}${DAY_START}`);

function get(path: string, cookie: string, headers: Record<string, string> = {}) {
  return t.app.request(path, { headers: { cookie, ...headers } });
}

async function pageOf(id: number, cookie: string): Promise<string> {
  const res = await get(`/cases/${id}`, cookie);
  expect(res.status).toBe(200);
  return res.text();
}

function act(id: number, slug: string, cookie: string, values: Record<string, string> = {}, htmx = false) {
  return postForm(t, `/cases/${id}/${slug}`, values, { cookie, htmx });
}

/** Everything a move could change: the case row, its timeline and the mail queue. */
async function snapshot(id: number) {
  const row = await t.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await t.db.selectFrom('case_events').select(['id', 'type']).where('case_id', '=', id).orderBy('id').execute();
  const mails = await t.db.selectFrom('outbox').select('id').execute();
  return { row, events, mails: mails.length };
}

async function refused(id: number, slug: string, cookie: string, values: Record<string, string>, status: 403 | 404) {
  const before = await snapshot(id);
  const res = await act(id, slug, cookie, values);
  expect(res.status, `${slug} should be refused`).toBe(status);
  expect(await snapshot(id)).toEqual(before);
}

async function done(id: number, slug: string, cookie: string, values: Record<string, string>, expectedStatus: string) {
  const res = await act(id, slug, cookie, values);
  expect(res.status, `${slug}: ${await res.clone().text()}`).toBe(303);
  expect(res.headers.get('location')).toBe(`/cases/${id}`);
  const row = await t.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.status).toBe(expectedStatus);
  return row;
}

/** The URLs the page's forms post to. */
function formActions(html: string): string[] {
  return allElements(html)
    .filter((e) => e.tag === 'form' && e.attrs.get('method') === 'post')
    .map((e) => e.attrs.get('action')!)
    .filter((a) => a.startsWith('/cases/'));
}

function mainText(html: string): string {
  return textOf(byId(html, 'main')!.inner);
}

describe('who sees a case', () => {
  it('a department clerk sees everything the citizen wrote on its own case, phone whole', async () => {
    const letter = await fileMayorLetter(t);
    await done(letter.id, 'dispatch', office, { department_id: String(education) }, 'assigned');

    const text = mainText(await pageOf(letter.id, clerk));
    expect(text).toContain(letter.reference);
    expect(text).toContain('张三');
    expect(text).toContain('13812345678');
    expect(text).toContain('zhangsan@example.com');
    expect(text).toContain('幸福路与民主路交叉口的路面破损已有两个月');
    expect(text).toContain('来信类别 投诉');
    expect(text).toContain('承办单位 区教育局');
  });

  it('any other case id answers 404 to a department, the same page as an id that does not exist', async () => {
    const letter = await fileMayorLetter(t);
    await done(letter.id, 'dispatch', office, { department_id: String(education) }, 'assigned');

    const other = await get(`/cases/${letter.id}`, otherClerk);
    const unknown = await get('/cases/987654', otherClerk);
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    const otherText = mainText(await other.text());
    expect(otherText).toBe(mainText(await unknown.text()));
    expect(otherText).not.toContain(letter.reference);
    // Not yet dispatched: no department sees it.
    const fresh = await fileMayorLetter(t);
    expect((await get(`/cases/${fresh.id}`, clerk)).status).toBe(404);
  });

  it('sends a visitor without a session to the login page', async () => {
    const letter = await fileMayorLetter(t);
    const res = await t.app.request(`/cases/${letter.id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/staff/login?next=${encodeURIComponent(`/cases/${letter.id}`)}`);
    const post = await postForm(t, `/cases/${letter.id}/confirm`, {});
    expect(post.status).toBe(303);
    expect((await t.db.selectFrom('cases').select('status').where('id', '=', letter.id).executeTakeFirstOrThrow()).status).toBe('submitted');
  });

  it('shows a disclosure application with the items of 条例第二十九条 and the whole id number', async () => {
    const app = await fileDisclosure(t, { doc_title: '老旧小区改造实施方案', purpose: '了解本人小区是否列入改造' });
    const html = await pageOf(app.id, office);
    const text = mainText(html);
    expect(text).toContain('申请内容（条例第二十九条）');
    for (const expected of [
      '申请人类型 自然人',
      '姓名 李四',
      '证件类型 居民身份证',
      '证件号码 11010519491231002X',
      '联系电话 13912345678',
      '通信地址 示例区人民路1号',
      '所需政府信息的内容描述 请公开2025年本区老旧小区改造项目的资金安排和实施清单。',
      '文件名称 老旧小区改造实施方案',
      '用途 了解本人小区是否列入改造',
      '信息的提供形式 电子文本',
      '获取信息的方式 电子邮件',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('the forms a case offers', () => {
  it('a new disclosure application offers the office 受理 and 分办, but not 审核通过', async () => {
    const app = await fileDisclosure(t);
    const html = await pageOf(app.id, office);
    const actions = formActions(html);
    expect(actions).toContain(`/cases/${app.id}/confirm`);
    expect(actions).toContain(`/cases/${app.id}/dispatch`);
    expect(actions).not.toContain(`/cases/${app.id}/approve`);
    expect(actions).not.toContain(`/cases/${app.id}/invalidate`); // applications are never "invalid", they get an outcome
    // 条例第三十一条: submitted on a working day, received that day.
    expect(formValue(byId(html, 'action-confirm')!.inner, 'received_on')).toBe('2026-03-02');
    expect(textOf(byId(html, 'action-dispatch')!.inner)).toContain('受理并分办');
  });

  it('a clerk sees the moves of a department, the office its review', async () => {
    const app = await fileDisclosure(t);
    await done(app.id, 'dispatch', office, { department_id: String(education) }, 'assigned');
    const slugs = (html: string) => formActions(html).map((a) => a.split('/').pop());

    expect(slugs(await pageOf(app.id, clerk))).toEqual([
      'attachments',
      'hand-back',
      'transfer',
      'request-supplement',
      'start-consultation',
      'request-extension',
      'save-draft',
      'submit-for-review',
      'notes',
    ]);
    await done(app.id, 'save-draft', clerk, { outcome: 'granted', reply_text: '' }, 'assigned');
    await done(app.id, 'submit-for-review', clerk, {}, 'in_review');
    expect(slugs(await pageOf(app.id, clerk))).toEqual(['notes']);
    expect(slugs(await pageOf(app.id, office))).toEqual(['return-draft', 'approve', 'notes']);
  });

  it('a submission a department receives directly is accepted by that department', async () => {
    const letter = await fileDeptLetter(t, education);
    const html = await pageOf(letter.id, clerk);
    expect(formActions(html)).toEqual([`/cases/${letter.id}/confirm`, `/cases/${letter.id}/invalidate`, `/cases/${letter.id}/notes`]);
    await done(letter.id, 'confirm', clerk, { received_on: '2026-03-02' }, 'assigned');
    // 投诉: 15 working days from 2 March.
    expect(mainText(await pageOf(letter.id, clerk))).toContain('答复期限 2026-03-23');
  });
});

describe('each move, with the right and the wrong role or department', () => {
  it('a 区长信箱 letter from intake to reopening', async () => {
    const letter = await fileMayorLetter(t);
    const id = letter.id;

    await refused(id, 'confirm', clerk, {}, 404);
    await done(id, 'confirm', office, { received_on: '2026-03-02' }, 'confirmed');

    await refused(id, 'dispatch', clerk, { department_id: String(education) }, 404);
    let row = await done(id, 'dispatch', office, { department_id: String(education), note: '请于期限内答复' }, 'assigned');
    expect(row.department_id).toBe(education);

    await refused(id, 'hand-back', otherClerk, { reason: '不属于本单位职责' }, 404);
    row = await done(id, 'hand-back', clerk, { reason: '不属于本单位职责' }, 'confirmed');
    expect(row.department_id).toBeNull();
    await done(id, 'dispatch', office, { department_id: String(education) }, 'assigned');

    await refused(id, 'transfer', otherClerk, { department_id: String(civil), reason: '涉及低保' }, 404);
    row = await done(id, 'transfer', clerk, { department_id: String(civil), reason: '涉及低保' }, 'assigned');
    expect(row.department_id).toBe(civil);
    expect((await get(`/cases/${id}`, clerk)).status).toBe(404);
    await done(id, 'transfer', otherClerk, { department_id: String(education), reason: '仍属教育局' }, 'assigned');

    await refused(id, 'save-draft', otherClerk, { reply_text: '已安排维修。' }, 404);
    row = await done(id, 'save-draft', clerk, { reply_text: '已安排维修。' }, 'assigned');
    expect(row.reply_text).toBe('已安排维修。');

    await refused(id, 'submit-for-review', otherClerk, {}, 404);
    await done(id, 'submit-for-review', clerk, {}, 'in_review');

    await refused(id, 'return-draft', clerk, { comment: '请写明维修日期' }, 403);
    await done(id, 'return-draft', office, { comment: '请写明维修日期' }, 'assigned');
    await done(id, 'submit-for-review', clerk, {}, 'in_review');

    await refused(id, 'approve', clerk, {}, 403);
    row = await done(id, 'approve', office, {}, 'closed');
    expect(row.closed_on).toBe('2026-03-02');

    await rateReply(caseDeps(), id, { rating: 'dissatisfied', comment: '至今未修' });
    await refused(id, 'reopen', clerk, { reason: '请核实维修情况' }, 403);
    row = await done(id, 'reopen', office, { reason: '请核实维修情况' }, 'assigned');
    expect(row.closed_on).toBeNull();

    await refused(id, 'notes', otherClerk, { note: '已电话联系来信人' }, 404);
    await done(id, 'notes', clerk, { note: '已电话联系来信人' }, 'assigned');

    const other = await fileMayorLetter(t);
    await refused(other.id, 'invalidate', clerk, { reason: 'spam' }, 404);
    await done(other.id, 'invalidate', office, { reason: 'spam', note: '广告' }, 'invalid');
  });

  it('a disclosure application through 补正, consultation and extension', async () => {
    const app = await fileDisclosure(t);
    const id = app.id;
    await done(id, 'confirm', office, { received_on: '2026-03-02' }, 'confirmed');
    await done(id, 'dispatch', office, { department_id: String(education) }, 'assigned');

    await refused(id, 'request-supplement', otherClerk, { missing: '请写明年份' }, 404);
    await done(id, 'request-supplement', clerk, { missing: '请写明年份' }, 'awaiting_supplement');

    await refused(id, 'record-supplement', otherClerk, { content: '2025年', received_on: '2026-03-02' }, 404);
    await done(id, 'record-supplement', clerk, { content: '2025年', received_on: '2026-03-02' }, 'assigned');

    await refused(id, 'start-consultation', otherClerk, { party: 'third_party', note: '涉及企业信息' }, 404);
    await done(id, 'start-consultation', clerk, { party: 'third_party', note: '涉及企业信息' }, 'consulting');

    await refused(id, 'end-consultation', otherClerk, { note: '第三方不同意公开' }, 404);
    await done(id, 'end-consultation', clerk, { note: '第三方不同意公开' }, 'assigned');

    await refused(id, 'request-extension', otherClerk, { days: '5', reason: '需要区分处理' }, 404);
    let row = await done(id, 'request-extension', clerk, { days: '5', reason: '需要区分处理' }, 'assigned');
    expect(row.extension_requested_days).toBe(5);

    await refused(id, 'decide-extension', clerk, { decision: 'approve' }, 403);
    row = await done(id, 'decide-extension', office, { decision: 'refuse', comment: '期限尚充足' }, 'assigned');
    expect(row.extension_requested_days).toBeNull();
    expect(textOf(byId(await pageOf(id, clerk), 'main')!.inner)).toContain('审批结果：不予批准（申请延长5个工作日）');
  });

  it('closing for a 补正 not answered in time is the office’s, after the deadline only', async () => {
    const app = await fileDisclosure(t);
    const id = app.id;
    await done(id, 'dispatch', office, { department_id: String(education) }, 'assigned');
    const row = await done(id, 'request-supplement', clerk, { missing: '请写明所需信息的年份' }, 'awaiting_supplement');
    // 15 working days to answer, from 2 March.
    expect(row.supplement_due_on).toBe('2026-03-23');
    expect(formActions(await pageOf(id, office))).not.toContain(`/cases/${id}/close-no-supplement`);

    onDay('2026-03-24');
    // Sessions last hours, not weeks: log in again on the new day.
    sessionsEnded = true;
    const officeNow = (await loginAs(t, 'office_staff')).cookie;
    const clerkNow = (await loginAs(t, 'dept_staff', '教育局')).cookie;
    expect(formActions(await pageOf(id, officeNow))).toContain(`/cases/${id}/close-no-supplement`);
    await refused(id, 'close-no-supplement', clerkNow, {}, 403);
    const closed = await done(id, 'close-no-supplement', officeNow, {}, 'closed');
    expect(closed.outcome).toBe('other.no_supplement');
    expect(closed.closed_on).toBe('2026-03-24');
  });
});

describe('a refused move', () => {
  it('comes back (422) with the typed values and each message beside its field', async () => {
    const app = await fileDisclosure(t);
    await done(app.id, 'dispatch', office, { department_id: String(education) }, 'assigned');
    const before = await snapshot(app.id);

    const res = await act(app.id, 'request-extension', clerk, { days: '25', reason: '需要调取2019年的档案' });
    expect(res.status).toBe(422);
    const html = await res.text();
    const days = byId(html, 'request-extension-days')!;
    expect(days.attrs.get('value')).toBe('25');
    expect(days.attrs.get('aria-invalid')).toBe('true');
    expect(describedText(html, days)).toContain('延长期限应为1至20个工作日');
    expect(byId(html, 'request-extension-reason')!.inner).toBe('需要调取2019年的档案');
    expect(byId(html, 'action-request-extension')!.attrs.has('open')).toBe(true);
    // The summary at the top leads to the field.
    const summary = byId(html, 'error-summary')!;
    expect(textOf(summary.inner)).toContain('“申请延期”未能办理');
    expect(allElements(summary.inner).find((e) => e.tag === 'a')!.attrs.get('href')).toBe('#request-extension-days');
    // Other forms keep their own fields empty and closed.
    expect(byId(html, 'hand-back-reason')!.inner).toBe('');
    expect(byId(html, 'action-hand-back')!.attrs.has('open')).toBe(false);
    expect(await snapshot(app.id)).toEqual(before);

    const empty = await act(app.id, 'hand-back', clerk, { reason: '   ' });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(describedText(emptyHtml, byId(emptyHtml, 'hand-back-reason')!)).toContain('请说明退回原因');
    expect(await snapshot(app.id)).toEqual(before);
  });

  it('answers htmx with the case partial alone', async () => {
    const letter = await fileMayorLetter(t);
    await done(letter.id, 'dispatch', office, { department_id: String(education) }, 'assigned');
    const res = await act(letter.id, 'transfer', clerk, { department_id: '', reason: '涉及低保' }, true);
    expect(res.status).toBe(422);
    expect(res.headers.get('vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html.startsWith('<div id="case">')).toBe(true);
    expect(describedText(html, byId(html, 'transfer-department_id')!)).toContain('请选择承办单位');
    expect(byId(html, 'transfer-reason')!.inner).toBe('涉及低保');

    const page = await get(`/cases/${letter.id}`, clerk, { 'hx-request': 'true' });
    expect(page.headers.get('vary')).toContain('HX-Request');
    expect((await page.text()).startsWith('<div id="case">')).toBe(true);
  });

  it('a move the state does not allow answers 409 with the reason', async () => {
    const letter = await fileMayorLetter(t);
    await done(letter.id, 'dispatch', office, { department_id: String(education) }, 'assigned');
    const before = await snapshot(letter.id);
    const res = await act(letter.id, 'approve', office);
    expect(res.status).toBe(409);
    expect(mainText(await res.text())).toContain('当前状态为“办理中”，不能执行“审核通过”。');
    expect(await snapshot(letter.id)).toEqual(before);
  });
});

describe('the timeline', () => {
  it('lists every event oldest first, each marked with who may see it', async () => {
    const letter = await fileMayorLetter(t);
    await done(letter.id, 'dispatch', office, { department_id: String(education) }, 'assigned');
    await done(letter.id, 'notes', clerk, { note: '来信人要求电话回复' }, 'assigned');
    await done(letter.id, 'hand-back', clerk, { reason: '属于住建局职责' }, 'confirmed');

    const html = await pageOf(letter.id, office);
    const entries = allElements(html)
      .filter((e) => e.tag === 'li' && allElements(e.inner).some((x) => x.tag === 'time'))
      .map((e) => textOf(e.inner));
    const timeline = entries.filter((e) => /^2026-03-02 10:00/.test(e));
    expect(timeline).toHaveLength(5);
    expect(timeline[0]).toMatch(/提交 申请人可见 申请人/);
    expect(timeline[1]).toMatch(/受理 申请人可见 测试\d+ 您的来信已受理/);
    expect(timeline[2]).toMatch(/分办至承办单位 申请人可见 测试\d+ 已交由区教育局办理。/);
    expect(timeline[3]).toMatch(/内部备注 内部 测试\d+ 备注：来信人要求电话回复/);
    expect(timeline[4]).toMatch(/退回区政府办公室 内部 测试\d+ 理由：属于住建局职责 退回单位：区教育局/);
  });
});

describe('the reply notice', () => {
  it('a letter has none', async () => {
    const letter = await fileMayorLetter(t);
    expect((await get(`/cases/${letter.id}/notice`, office)).status).toBe(404);
  });

  it('a disclosure application without an outcome has none yet; a draft outcome gives a preview marked 草稿', async () => {
    const app = await fileDisclosure(t);
    await done(app.id, 'dispatch', office, { department_id: String(education) }, 'assigned');
    expect((await get(`/cases/${app.id}/notice`, clerk)).status).toBe(404);
    await done(app.id, 'save-draft', clerk, { outcome: 'unavailable.not_held', reply_text: '' }, 'assigned');

    const res = await get(`/cases/${app.id}/notice`, clerk);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/static/css/print.css"');
    const text = mainText(html);
    expect(text).toContain('草稿');
    expect(text).toContain('政府信息公开申请答复告知书');
    expect(text).toContain('李四：');
    expect(text).toContain('第三十六条第（四）项');
    expect(text).toContain('示例区人民政府办公室 2026年3月2日');
    expect((await get(`/cases/${app.id}/notice`, otherClerk)).status).toBe(404);
    // The stylesheet for paper is only on the notice.
    expect(await pageOf(app.id, clerk)).not.toContain('print.css');
    const css = await t.app.request('/static/css/print.css');
    expect(css.status).toBe(200);
    expect(await css.text()).toMatch(/@media print[\s\S]*\.site-header, \.site-footer/);
  });
});
