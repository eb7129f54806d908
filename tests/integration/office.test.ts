// The office's work pages: intake and (bulk) dispatch, review of drafts, extensions to decide and
// 补正 requests gone unanswered — through HTTP as the office uses them, and refused to a department.
import { afterEach, describe, expect, it } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import {
  dispatchMany,
  handBackCase,
  requestExtension,
  requestSupplement,
  saveDraft,
  submitForReview,
  type CaseDeps,
} from '../../src/cases/service.ts';
import type { Role, StaffUser } from '../../src/domain/roles.ts';
import { departmentId, fileDeptLetter, fileDisclosure, fileMayorLetter, LETTER, DISCLOSURE_PERSON } from '../helpers/cases.ts';
import { allElements, byId, controls, describedText, formValue, textOf } from '../helpers/html.ts';
import { loginAs } from '../helpers/staff.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
afterEach(async () => {
  await t.destroy();
});

/** 10:00 in China on a date. */
const at = (date: string) => `${date}T02:00:00Z`;

function caseDeps(): CaseDeps {
  return { db: t.db, dbKind: t.database.kind, clock: t.clock, calendar: createCalendarSource(t.db), config: t.config };
}

/** A staff account for calling the case service directly. */
async function staffUser(role: Role, department?: string): Promise<StaffUser> {
  const { id } = await loginAs(t, role, department);
  const row = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { id, login: row.login, role, departmentId: row.department_id, displayName: row.display_name, email: null };
}

const get = (path: string, cookie: string) => t.app.request(path, { headers: { cookie } });
const mainText = (html: string) => textOf(byId(html, 'main')!.inner);
const caseRow = (id: number) => t.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function eventTypes(caseId: number) {
  const rows = await t.db.selectFrom('case_events').select('type').where('case_id', '=', caseId).orderBy('id').execute();
  return rows.map((r) => r.type);
}

/** The references linked in the first column of the page's data rows, in order. */
function listedReferences(html: string): string[] {
  return allElements(html)
    .filter((e) => e.tag === 'th' && e.attrs.get('scope') === 'row')
    .map((e) => textOf(e.inner));
}

function rowText(html: string, reference: string): string {
  const row = allElements(html).find((e) => e.tag === 'tr' && textOf(e.inner).includes(reference));
  return row ? textOf(row.inner) : '';
}

/** Posts a form with a field repeated (the ticked checkboxes). */
function postPairs(path: string, pairs: Array<[string, string]>, cookie: string) {
  return postForm(t, path, new URLSearchParams(pairs), { cookie });
}

/** A letter and an application dispatched to 教育局 on Monday 2 March, with the clerk who handles them. */
async function dispatchedPair() {
  const office = await staffUser('office_staff');
  const clerk = await staffUser('dept_staff', '教育局');
  const edu = await departmentId(t, '教育局');
  const letter = await fileMayorLetter(t);
  const application = await fileDisclosure(t);
  const results = await dispatchMany(caseDeps(), office, [letter.id, application.id], edu);
  expect(results.every((r) => r.ok)).toBe(true);
  return { office, clerk, edu, letter, application };
}

describe('受理分办: the intake queue', () => {
  it('lists new mayor letters and disclosure applications oldest first, never department letters, with counts in the sub-navigation', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const edu = await departmentId(t, '教育局');
    const deptLetter = await fileDeptLetter(t, edu, { subject: '学校门口接送秩序' });
    t.clock.set('2026-03-02T03:00:00Z');
    const mayor = await fileMayorLetter(t);
    t.clock.set('2026-03-02T04:00:00Z');
    const application = await fileDisclosure(t);

    const res = await get('/office/intake', office.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toContain('HX-Request');
    const html = await res.text();
    expect(listedReferences(html)).toEqual([mayor.reference, application.reference]);
    expect(html).not.toContain(deptLetter.reference);
    expect(html).not.toContain('学校门口接送秩序');
    const mayorRow = rowText(html, mayor.reference);
    expect(mayorRow).toContain('区长信箱');
    expect(mayorRow).toContain('投诉');
    expect(mayorRow).toContain(LETTER.subject);
    expect(mayorRow).toContain(LETTER.name);
    expect(mayorRow).toContain('2026-03-02 11:00');
    expect(mayorRow).toContain('标记无效');
    // An application cannot be marked invalid: it is 受理 and closed with an outcome instead.
    expect(rowText(html, application.reference)).toContain('政府信息公开申请');
    expect(rowText(html, application.reference)).not.toContain('标记无效');
    expect(allElements(html).find((e) => e.tag === 'a' && textOf(e.inner) === mayor.reference)?.attrs.get('href')).toBe(`/cases/${mayor.id}`);
    expect(textOf(allElements(html).find((e) => e.tag === 'nav' && e.attrs.get('aria-label') === '办公室工作')!.inner)).toBe(
      '受理分办（2） 答复审核（0） 延期审批（0） 逾期未补正（0）',
    );
    expect(byId(html, 'late-dept-letters')).toBeUndefined();

    // htmx asks for the office frame alone.
    const partial = await t.app.request('/office/intake', { headers: { cookie: office.cookie, 'hx-request': 'true' } });
    const fragment = await partial.text();
    expect(fragment).not.toMatch(/<html/);
    expect(listedReferences(fragment)).toEqual([mayor.reference, application.reference]);
    expect(byId(fragment, 'office-work')).toBeDefined();
  });

  it('warns about department letters left unaccepted for more than two working days', async () => {
    t = await createTestApp();
    await fileDeptLetter(t, await departmentId(t, '教育局'));
    await fileDeptLetter(t, await departmentId(t, '民政局'));

    // Monday's letters on Wednesday: two working days, still in time.
    t.clock.set(at('2026-03-04'));
    const wednesday = await loginAs(t, 'office_staff');
    expect(byId(await (await get('/office/intake', wednesday.cookie)).text(), 'late-dept-letters')).toBeUndefined();

    t.clock.set(at('2026-03-05'));
    const thursday = await loginAs(t, 'office_staff');
    const warning = textOf(byId(await (await get('/office/intake', thursday.cookie)).text(), 'late-dept-letters')!.inner);
    expect(warning).toContain('有 2 件部门信箱来信提交已超过2个工作日，所属部门仍未受理');
    expect(warning).toContain('区教育局 1 件');
    expect(warning).toContain('区民政局 1 件');
  });

  it('shows a case its department handed back, with the reason, ready to be dispatched again', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const { clerk, letter, application } = await dispatchedPair();
    await handBackCase(caseDeps(), clerk, letter.id, { reason: '道路维修属住建局职责，不属于本局' });

    const html = await (await get('/office/intake', office.cookie)).text();
    expect(listedReferences(html)).toEqual([letter.reference]);
    expect(html).not.toContain(application.reference);
    const row = rowText(html, letter.reference);
    expect(row).toContain('已退回，待重新分办');
    expect(row).toContain('退回原因：道路维修属住建局职责，不属于本局');
    // Already accepted: it is dispatched again, not accepted or marked invalid.
    expect(row).not.toContain('标记无效');
    expect(controls(html, 'case_ids').map((c) => c.attrs.get('value'))).toEqual([String(letter.id)]);
  });
});

describe('the missing holiday schedule', () => {
  it('warns on the office pages from 1 November while next year has no schedule', async () => {
    t = await createTestApp({ now: at('2026-10-30') });
    const office = await loginAs(t, 'office_staff');
    expect(mainText(await (await get('/office/intake', office.cookie)).text())).not.toContain('2027年节假日安排尚未录入');
    t.clock.set(at('2026-11-02'));
    // The first session has expired by then.
    const later = await loginAs(t, 'office_staff');
    const text = mainText(await (await get('/office/review', later.cookie)).text());
    expect(text).toContain('2027年节假日安排尚未录入');
    expect(text).toContain('前往工作日历');
  });
});

describe('受理并分办 several cases at once', () => {
  it('dispatches the ticked cases, refuses the invalid one and reports it', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const edu = await departmentId(t, '教育局');
    const letter = await fileMayorLetter(t);
    const application = await fileDisclosure(t);
    const spam = await fileMayorLetter(t, { subject: '优惠推广', content: '点击链接领取优惠券，数量有限先到先得。' });

    const invalidated = await postPairs('/office/intake/invalidate', [['case_ids', String(spam.id)], ['reason', 'spam'], ['note', '广告']], office.cookie);
    expect(invalidated.status).toBe(303);
    expect(invalidated.headers.get('location')).toBe('/office/intake?invalidated=1');
    expect((await caseRow(spam.id)).status).toBe('invalid');

    const res = await postPairs(
      '/office/intake/dispatch',
      [
        ['case_ids', String(letter.id)],
        ['case_ids', String(application.id)],
        ['case_ids', String(spam.id)],
        ['department_id', String(edu)],
      ],
      office.cookie,
    );
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/office/intake?dispatched=2&to=${edu}&refused=${spam.id}`);

    const page = await (await get(location, office.cookie)).text();
    const flash = textOf(byId(page, 'office-flash')!.inner);
    expect(flash).toContain('已受理并分办 2 件至区教育局');
    expect(flash).toContain(`以下 1 件未能办理： ${spam.reference} （当前状态：无效）`);
    expect(listedReferences(page)).toEqual([]);

    const a = await caseRow(letter.id);
    expect([a.status, a.department_id, a.received_on, a.due_on]).toEqual(['assigned', edu, '2026-03-02', '2026-03-23']); // 投诉: 15 working days
    const b = await caseRow(application.id);
    expect([b.status, b.department_id, b.received_on, b.due_on]).toEqual(['assigned', edu, '2026-03-02', '2026-03-30']); // 20 working days
    const c = await caseRow(spam.id);
    expect([c.status, c.department_id, c.due_on]).toEqual(['invalid', null, null]);

    expect(await eventTypes(letter.id)).toEqual(['submitted', 'confirmed', 'dispatched']);
    expect(await eventTypes(application.id)).toEqual(['submitted', 'confirmed', 'dispatched']);
    expect(await eventTypes(spam.id)).toEqual(['submitted', 'invalidated']);
    const invalidEvent = await t.db.selectFrom('case_events').select(['payload', 'actor_user_id']).where('case_id', '=', spam.id).where('type', '=', 'invalidated').executeTakeFirstOrThrow();
    expect(JSON.parse(invalidEvent.payload)).toMatchObject({ reason: 'spam', note: '广告' });
    expect(invalidEvent.actor_user_id).toBe(office.id);
  });

  it('with nothing ticked answers 422 with the message beside the list, keeping the chosen department', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const edu = await departmentId(t, '教育局');
    const letter = await fileMayorLetter(t);

    const res = await postPairs('/office/intake/dispatch', [['department_id', String(edu)]], office.cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(describedText(html, byId(html, 'f-case_ids')!)).toContain('请至少勾选一件来信或申请');
    expect(formValue(html, 'department_id')).toBe(String(edu));
    expect(textOf(byId(html, 'error-summary')!.inner)).toContain('选择来信和申请：请至少勾选一件来信或申请');
    expect((await caseRow(letter.id)).status).toBe('submitted');
    expect(await eventTypes(letter.id)).toEqual(['submitted']);
  });

  it('without a department answers 422 beside the select, keeping the ticked cases', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const first = await fileMayorLetter(t);
    const second = await fileMayorLetter(t);

    const res = await postPairs('/office/intake/dispatch', [['case_ids', String(second.id)], ['department_id', '']], office.cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(describedText(html, byId(html, 'f-department_id')!)).toContain('请选择承办单位');
    expect(byId(html, `pick-${second.id}`)!.attrs.has('checked')).toBe(true);
    expect(byId(html, `pick-${first.id}`)!.attrs.has('checked')).toBe(false);
    expect((await caseRow(second.id)).status).toBe('submitted');
  });

  it('marking invalid needs a reason', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const letter = await fileMayorLetter(t);
    const res = await postPairs('/office/intake/invalidate', [['case_ids', String(letter.id)], ['note', '重复']], office.cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(describedText(html, byId(html, 'f-reason')!)).toContain('请选择无效原因');
    expect(byId(html, 'f-note')!.attrs.get('value')).toBe('重复');
    expect((await caseRow(letter.id)).status).toBe('submitted');
  });
});

describe('who may use the office pages', () => {
  it('a department clerk gets 403 on every office page and action, and nothing changes', async () => {
    t = await createTestApp();
    const { letter, edu } = await dispatchedPair();
    const clerk = await loginAs(t, 'dept_staff', '教育局');
    const fresh = await fileMayorLetter(t);

    for (const path of ['/office/intake', '/office/review', '/office/extensions', '/office/supplements']) {
      const res = await get(path, clerk.cookie);
      expect(res.status, path).toBe(403);
      expect(mainText(await res.text()), path).toContain('没有权限');
    }
    const posts: Array<[string, Array<[string, string]>]> = [
      ['/office/intake/dispatch', [['case_ids', String(fresh.id)], ['department_id', String(edu)]]],
      ['/office/intake/invalidate', [['case_ids', String(fresh.id)], ['reason', 'spam']]],
      [`/office/review/${letter.id}/approve`, []],
      [`/office/review/${letter.id}/return`, [['comment', '请修改']]],
      [`/office/extensions/${letter.id}`, [['decision', 'approve']]],
      [`/office/supplements/${letter.id}/close`, []],
    ];
    for (const [path, pairs] of posts) {
      expect((await postPairs(path, pairs, clerk.cookie)).status, path).toBe(403);
    }
    expect((await caseRow(fresh.id)).status).toBe('submitted');
    expect(await eventTypes(fresh.id)).toEqual(['submitted']);
  });

  it('without a session the pages send to the login', async () => {
    t = await createTestApp();
    const res = await t.app.request('/office/review');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/login?next=%2Foffice%2Freview');
  });
});

describe('答复审核', () => {
  it('shows each draft with its deadline; approving closes the case and queues the applicant mail', async () => {
    t = await createTestApp();
    const { clerk, letter, application } = await dispatchedPair();
    t.clock.set(at('2026-03-19'));
    let office = await loginAs(t, 'office_staff');
    await saveDraft(caseDeps(), clerk, letter.id, { replyText: '经现场核查，该路段已列入本月维修计划，预计3月底前完工。' });
    await submitForReview(caseDeps(), clerk, letter.id);
    await saveDraft(caseDeps(), clerk, application.id, { replyText: '', outcome: 'granted' });
    await submitForReview(caseDeps(), clerk, application.id);

    const html = await (await get('/office/review', office.cookie)).text();
    expect(textOf(byId(html, `review-${letter.id}`)!.inner)).toContain(LETTER.subject);
    const cards = allElements(html).filter((e) => e.tag === 'article').map((e) => textOf(e.inner));
    expect(cards).toHaveLength(2);
    expect(cards[0]).toContain(letter.reference);
    expect(cards[0]).toMatch(/渠道 区长信箱 承办单位 区教育局 提交审核 2026-03-19 10:00 答复期限 2026年3月23日 即将到期/);
    expect(cards[0]).toContain('经现场核查，该路段已列入本月维修计划，预计3月底前完工。');
    expect(cards[1]).toContain(application.reference);
    expect(cards[1]).toMatch(/答复期限 2026年3月30日 正常 答复结果 予以公开/);
    expect(mainText(html)).toContain('答复审核（2）');

    t.clock.set(at('2026-03-20'));
    office = await loginAs(t, 'office_staff');
    const res = await postForm(t, `/office/review/${letter.id}/approve`, {}, { cookie: office.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/office/review?approved=${letter.id}`);
    const after = await (await get(res.headers.get('location')!, office.cookie)).text();
    expect(textOf(byId(after, 'office-flash')!.inner)).toContain(`${letter.reference} 已审核通过，答复已发出，案件办结。`);
    expect(listedArticles(after)).toEqual([application.reference]);

    const row = await caseRow(letter.id);
    expect([row.status, row.closed_on]).toEqual(['closed', '2026-03-20']);
    // The working days it took are stored with the case for the statistics: 3–6, 9–13 and 16–20 March.
    expect([row.received_on, row.working_days_to_close]).toEqual(['2026-03-02', 14]);
    expect((await eventTypes(letter.id)).slice(-1)).toEqual(['replied']);
    const mail = await t.db.selectFrom('outbox').selectAll().where('case_id', '=', letter.id).where('kind', '=', 'applicant_approve').executeTakeFirstOrThrow();
    expect(mail.to_address).toBe(LETTER.email);
    expect(mail.status).toBe('pending');
    expect(mail.subject).toContain('您的来信已答复');
    expect(mail.subject).toContain(letter.reference);
  });

  it('returning a draft needs a comment; with one the case goes back to the department', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const { clerk, letter } = await dispatchedPair();
    await saveDraft(caseDeps(), clerk, letter.id, { replyText: '已转交。' });
    await submitForReview(caseDeps(), clerk, letter.id);

    const refused = await postForm(t, `/office/review/${letter.id}/return`, { comment: '  ' }, { cookie: office.cookie });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(describedText(html, byId(html, `return-${letter.id}-comment`)!)).toContain('请写明退回修改的意见');
    expect((await caseRow(letter.id)).status).toBe('in_review');

    const res = await postForm(t, `/office/review/${letter.id}/return`, { comment: '请写明维修的具体时间。' }, { cookie: office.cookie });
    expect(res.status).toBe(303);
    expect((await caseRow(letter.id)).status).toBe('assigned');
    const event = await t.db.selectFrom('case_events').select('payload').where('case_id', '=', letter.id).where('type', '=', 'draft_returned').executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toEqual({ comment: '请写明维修的具体时间。' });
    expect(textOf(byId(await (await get(res.headers.get('location')!, office.cookie)).text(), 'office-flash')!.inner)).toContain('已退回承办单位修改');
  });
});

/** The references heading the articles of a page, in order. */
function listedArticles(html: string): string[] {
  return allElements(html)
    .filter((e) => e.tag === 'article')
    .map((e) => textOf(allElements(e.inner).find((x) => x.tag === 'a')!.inner));
}

describe('延期审批', () => {
  it('approving moves the due date by exactly the requested working days, across the 清明 holiday', async () => {
    t = await createTestApp();
    const { clerk, application } = await dispatchedPair();
    t.clock.set(at('2026-03-20'));
    const office = await loginAs(t, 'office_staff');
    await requestExtension(caseDeps(), clerk, application.id, { days: 10, reason: '所需信息分散在三个科室的历年档案中，需逐一调取' });

    const html = await (await get('/office/extensions', office.cookie)).text();
    expect(listedArticles(html)).toEqual([application.reference]);
    const text = textOf(allElements(html).find((e) => e.tag === 'article')!.inner);
    expect(text).toContain(application.reference);
    expect(text).toContain('承办单位 区教育局 申请延长 10个工作日 延期理由 所需信息分散在三个科室的历年档案中，需逐一调取 申请时间 2026-03-20 10:00');
    // 31 Mar – 3 Apr, then 4–6 April off (清明), 7–14 April.
    expect(text).toContain('当前答复期限 2026年3月30日 正常 批准后答复期限 2026年4月14日');
    expect(mainText(html)).toContain('延期审批（1）');

    const res = await postForm(t, `/office/extensions/${application.id}`, { decision: 'approve', comment: '同意' }, { cookie: office.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/office/extensions?approved=${application.id}`);
    const row = await caseRow(application.id);
    expect([row.due_on, row.extension_requested_days]).toEqual(['2026-04-14', null]);
    const event = await t.db.selectFrom('case_events').select(['payload', 'visibility']).where('case_id', '=', application.id).where('type', '=', 'extension_decided').executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({ approved: true, days: 10, comment: '同意' });
    expect(event.visibility).toBe('applicant');
    const mail = await t.db.selectFrom('outbox').selectAll().where('case_id', '=', application.id).where('kind', '=', 'applicant_decide_extension').executeTakeFirstOrThrow();
    expect(mail.to_address).toBe(DISCLOSURE_PERSON.email);
    expect(mail.text_body).toContain('延长10个工作日');

    const after = await (await get(res.headers.get('location')!, office.cookie)).text();
    expect(textOf(byId(after, 'office-flash')!.inner)).toContain('延期已批准，答复期限延至2026年4月14日');
    expect(mainText(after)).toContain('目前没有待审批的延期申请');
  });

  it('refusing needs a reason and leaves the due date as it was', async () => {
    t = await createTestApp();
    const office = await loginAs(t, 'office_staff');
    const { clerk, application } = await dispatchedPair();
    await requestExtension(caseDeps(), clerk, application.id, { days: 20, reason: '工作量大' });

    const refused = await postForm(t, `/office/extensions/${application.id}`, { decision: 'refuse', comment: '' }, { cookie: office.cookie });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(describedText(html, byId(html, `extension-${application.id}-comment`)!)).toContain('不批准延期须写明理由');
    expect((await caseRow(application.id)).extension_requested_days).toBe(20);

    const res = await postForm(t, `/office/extensions/${application.id}`, { decision: 'refuse', comment: '理由不充分，请按期答复' }, { cookie: office.cookie });
    expect(res.status).toBe(303);
    const row = await caseRow(application.id);
    expect([row.due_on, row.extension_requested_days]).toEqual(['2026-03-30', null]);
    const event = await t.db.selectFrom('case_events').select('payload').where('case_id', '=', application.id).where('type', '=', 'extension_decided').executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({ approved: false, comment: '理由不充分，请按期答复' });
  });
});

describe('逾期未补正', () => {
  it('lists only applications past their 补正 deadline; closing one sets other.no_supplement', async () => {
    t = await createTestApp();
    const { clerk, application: late, edu } = await dispatchedPair();
    const officeUser = await staffUser('office_staff');
    const waiting = await fileDisclosure(t, { description: '请公开本区2025年中小学校舍维修项目清单。' });
    await dispatchMany(caseDeps(), officeUser, [waiting.id], edu);

    await requestSupplement(caseDeps(), clerk, late.id, { missing: '请说明所需信息的年份范围' }); // answer due 2026-03-23
    t.clock.set(at('2026-03-10'));
    await requestSupplement(caseDeps(), clerk, waiting.id, { missing: '请写明项目所在学校' }); // answer due 2026-03-31

    t.clock.set(at('2026-03-23'));
    const monday = await loginAs(t, 'office_staff');
    expect(mainText(await (await get('/office/supplements', monday.cookie)).text())).toContain('目前没有补正期限已过仍未补正的申请');

    t.clock.set(at('2026-03-24'));
    const office = await loginAs(t, 'office_staff');
    const html = await (await get('/office/supplements', office.cookie)).text();
    expect(listedReferences(html)).toEqual([late.reference]);
    expect(rowText(html, late.reference)).toContain('请说明所需信息的年份范围');
    expect(rowText(html, late.reference)).toContain('2026年3月23日');
    expect(mainText(html)).toContain('逾期未补正（1）');

    // The one still within its deadline cannot be closed this way.
    const early = await postForm(t, `/office/supplements/${waiting.id}/close`, {}, { cookie: office.cookie });
    expect(early.status).toBe(422);
    expect(textOf(byId(await early.text(), 'office-flash')!.inner)).toContain('尚未届满');
    expect((await caseRow(waiting.id)).status).toBe('awaiting_supplement');

    const res = await postForm(t, `/office/supplements/${late.id}/close`, {}, { cookie: office.cookie });
    expect(res.status).toBe(303);
    const row = await caseRow(late.id);
    expect([row.status, row.outcome, row.closed_on, row.supplement_due_on]).toEqual(['closed', 'other.no_supplement', '2026-03-24', null]);
    expect([row.received_on, row.working_days_to_close]).toEqual(['2026-03-02', 16]); // to Tuesday 24 March
    const event = await t.db.selectFrom('case_events').select(['type', 'payload']).where('case_id', '=', late.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event.type).toBe('replied');
    expect(JSON.parse(event.payload)).toMatchObject({ outcome: 'other.no_supplement' });
    const after = await (await get(res.headers.get('location')!, office.cookie)).text();
    expect(textOf(byId(after, 'office-flash')!.inner)).toContain(`${late.reference} 已按申请人逾期未补正办结`);
    expect(listedReferences(after)).toEqual([]);
  });
});
