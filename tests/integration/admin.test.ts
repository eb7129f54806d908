// The office administrator's pages: staff accounts, departments, the working-day calendar, letter
// limits and failed mails — through HTTP as the administrator uses them, and refused to everyone else.
import { afterEach, describe, expect, it } from 'vitest';
import { calendarWarning } from '../../src/calendar/admin-service.ts';
import { loadCalendarRows } from '../../src/calendar/queries.ts';
import { addWorkingDays, createCalendar } from '../../src/domain/calendar.ts';
import { CalendarYearMissingError } from '../../src/domain/errors.ts';
import { enqueueMail } from '../../src/mail/outbox.ts';
import { createUser } from '../../src/users/service.ts';
import { departmentId, fileDeptLetter, fileDisclosure } from '../helpers/cases.ts';
import { byId, controls, describedText, formValue, textOf } from '../helpers/html.ts';
import { loginAs, type TestStaff } from '../helpers/staff.ts';
import { cookiesFrom, createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
afterEach(async () => {
  await t.destroy();
});

const get = (path: string, cookie: string) => t.app.request(path, { headers: { cookie } });
const mainText = (html: string) => textOf(byId(html, 'main')!.inner);

async function adminApp(now?: string): Promise<TestStaff> {
  t = await createTestApp(now ? { now } : {});
  return loginAs(t, 'office_admin');
}

async function logIn(login: string, password: string) {
  return postForm(t, '/staff/login', { login, password, next: '/staff' });
}

/** The password page reached the way the browser reaches it after a POST that made one. */
async function followPasswordRedirect(res: Response, adminCookie: string) {
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/admin/users/password');
  const setCookie = res.headers.getSetCookie().join('\n');
  expect(setCookie).toMatch(/new_password=.*Path=\/admin\/users\/password/i);
  expect(setCookie).toMatch(/HttpOnly/i);
  const page = await get('/admin/users/password', `${adminCookie}; ${cookiesFrom(res)}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-store');
  // The cookie is deleted as the page is shown.
  expect(page.headers.getSetCookie().join('\n')).toMatch(/new_password=;.*Max-Age=0/i);
  const html = await page.text();
  return { html, password: textOf(byId(html, 'new-password')!.inner) };
}

describe('staff accounts', () => {
  it('creates a department clerk, shows the password once, and the clerk logs in to the work queue', async () => {
    const admin = await adminApp();
    const education = await departmentId(t, '教育局');
    const res = await postForm(
      t,
      '/admin/users',
      { login: 'wangfang', display_name: '王芳', role: 'dept_staff', department_id: String(education), email: 'wangfang@example.gov.cn' },
      { cookie: admin.cookie },
    );
    const { html, password } = await followPasswordRedirect(res, admin.cookie);
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(mainText(html)).toContain('账号已创建');
    expect(mainText(html)).toContain('wangfang');
    expect(mainText(html)).toContain('密码只显示这一次');

    // Without the cookie (as after the first view) the page shows nothing and sends the admin back.
    const again = await get('/admin/users/password', admin.cookie);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/admin/users');

    const row = await t.db.selectFrom('users').selectAll().where('login', '=', 'wangfang').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'dept_staff', department_id: education, display_name: '王芳', email: 'wangfang@example.gov.cn', active: 1 });
    expect(row.password_hash).not.toContain(password);

    const list = mainText(await (await get('/admin/users', admin.cookie)).text());
    expect(list).toMatch(/wangfang 王芳 部门工作人员 区教育局 wangfang@example\.gov\.cn 在用/);

    const login = await logIn('wangfang', password);
    expect(login.status).toBe(303);
    const landing = await get('/staff', cookiesFrom(login));
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe('/queue');
  });

  it('requires a department for a department clerk and keeps every value when refusing', async () => {
    const admin = await adminApp();
    const res = await postForm(
      t,
      '/admin/users',
      { login: 'lisi', display_name: '李四', role: 'dept_staff', department_id: '', email: 'not-an-address' },
      { cookie: admin.cookie },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(describedText(html, controls(html, 'department_id')[0]!)).toContain('部门工作人员必须选择所属部门');
    expect(describedText(html, controls(html, 'email')[0]!)).toContain('电子邮箱格式不正确');
    expect(formValue(html, 'login')).toBe('lisi');
    expect(formValue(html, 'display_name')).toBe('李四');
    expect(formValue(html, 'role')).toBe('dept_staff');
    expect(formValue(html, 'email')).toBe('not-an-address');
    expect(await t.db.selectFrom('users').select('id').where('login', '=', 'lisi').executeTakeFirst()).toBeUndefined();
  });

  it('puts office accounts in the office whatever department was chosen, and refuses a login in use', async () => {
    const admin = await adminApp();
    const education = await departmentId(t, '教育局');
    const office = await departmentId(t, '办公室');
    const res = await postForm(t, '/admin/users', { login: 'zhaoliu', display_name: '赵六', role: 'office_staff', department_id: String(education), email: '' }, { cookie: admin.cookie });
    await followPasswordRedirect(res, admin.cookie);
    const row = await t.db.selectFrom('users').select(['role', 'department_id']).where('login', '=', 'zhaoliu').executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'office_staff', department_id: office });

    const twice = await postForm(t, '/admin/users', { login: 'zhaoliu', display_name: '另一个赵六', role: 'office_staff', department_id: '', email: '' }, { cookie: admin.cookie });
    expect(twice.status).toBe(422);
    const html = await twice.text();
    expect(describedText(html, controls(html, 'login')[0]!)).toContain('登录名“zhaoliu”已被使用');
  });

  it('answers 403 to office staff and department clerks on every administrator page, and sends visitors to the login', async () => {
    t = await createTestApp();
    const officeStaff = await loginAs(t, 'office_staff');
    const clerk = await loginAs(t, 'dept_staff', '教育局');
    const pages = ['/admin', '/admin/users', '/admin/departments', '/admin/calendar', '/admin/calendar?year=2027', '/admin/settings', '/admin/mail'];
    for (const who of [officeStaff, clerk]) {
      for (const path of pages) {
        const res = await get(path, who.cookie);
        expect(res.status, `${path}`).toBe(403);
        expect(mainText(await res.text())).toContain('没有权限');
      }
      const post = await postForm(t, '/admin/settings', { inquiry: '1', suggestion: '1', help: '1', complaint: '1', report: '1', other: '1' }, { cookie: who.cookie });
      expect(post.status).toBe(403);
      const create = await postForm(t, '/admin/users', { login: 'intruder', display_name: 'x', role: 'office_admin', department_id: '', email: '' }, { cookie: who.cookie });
      expect(create.status).toBe(403);
    }
    const limit = await t.db.selectFrom('category_deadlines').select('working_days').where('category', '=', 'inquiry').executeTakeFirstOrThrow();
    expect(limit.working_days).toBe(5);
    expect(await t.db.selectFrom('users').select('id').where('login', '=', 'intruder').executeTakeFirst()).toBeUndefined();

    const anonymous = await t.app.request('/admin/users');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/staff/login?next=%2Fadmin%2Fusers');
  });

  it('deactivating a user ends their session at once; reactivating lets them log in again', async () => {
    const admin = await adminApp();
    const created = await createUser(t.db, { login: 'chenqi', role: 'dept_staff', department: '教育局', displayName: '陈七' }, t.clock.now());
    const session = cookiesFrom(await logIn('chenqi', created.password));
    expect((await get('/staff', session)).headers.get('location')).toBe('/queue');

    const res = await postForm(t, `/admin/users/${created.id}/deactivate`, {}, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', created.id).execute()).toEqual([]);

    const after = await get('/staff', session);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/staff\/login/);
    expect((await logIn('chenqi', created.password)).status).toBe(401);
    const list = await (await get(res.headers.get('location')!, admin.cookie)).text();
    expect(textOf(byId(list, 'done-message')!.inner)).toContain('账号已停用');
    expect(textOf(byId(list, `user-${created.id}`)!.inner)).toContain('已停用');

    expect((await postForm(t, `/admin/users/${created.id}/reactivate`, {}, { cookie: admin.cookie })).status).toBe(303);
    expect((await logIn('chenqi', created.password)).status).toBe(303);
  });

  it('an administrator cannot deactivate themself', async () => {
    const admin = await adminApp();
    const res = await postForm(t, `/admin/users/${admin.id}/deactivate`, {}, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(textOf(byId(await res.text(), 'error-summary')!.inner)).toContain('不能停用自己的账号');
    const row = await t.db.selectFrom('users').select('active').where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(row.active).toBe(1);
    expect((await get('/admin/users', admin.cookie)).status).toBe(200);
  });

  it('resetting a password shows the new one once, ends the old sessions and the new one works', async () => {
    const admin = await adminApp();
    const created = await createUser(t.db, { login: 'sunba', role: 'office_staff', displayName: '孙八' }, t.clock.now());
    const oldSession = cookiesFrom(await logIn('sunba', created.password));

    const res = await postForm(t, `/admin/users/${created.id}/password`, {}, { cookie: admin.cookie });
    const { html, password } = await followPasswordRedirect(res, admin.cookie);
    expect(mainText(html)).toContain('密码已重置');
    expect(password).not.toBe(created.password);

    expect((await get('/staff', oldSession)).headers.get('location')).toMatch(/^\/staff\/login/);
    expect((await logIn('sunba', created.password)).status).toBe(401);
    expect((await logIn('sunba', password)).status).toBe(303);
  });
});

describe('departments', () => {
  it('adds a department that then appears in the department mailbox, and refuses a name in use', async () => {
    const admin = await adminApp();
    const res = await postForm(t, '/admin/departments', { name: '区体育局', short_name: '体育局', email: 'tiyu@example.gov.cn' }, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    const list = await (await get(res.headers.get('location')!, admin.cookie)).text();
    expect(mainText(list)).toContain('部门已新增');
    expect(mainText(list)).toMatch(/区体育局 体育局 tiyu@example\.gov\.cn 0 0 在用/);
    expect(await (await t.app.request('/')).text()).toContain('区体育局');

    const dup = await postForm(t, '/admin/departments', { name: '区教育局', short_name: '体育局', email: '' }, { cookie: admin.cookie });
    expect(dup.status).toBe(422);
    const html = await dup.text();
    expect(describedText(html, controls(html, 'name')[0]!)).toContain('已有名为“区教育局”的部门');
    expect(describedText(html, controls(html, 'short_name')[0]!)).toContain('“体育局”已被其他部门使用');
    expect(formValue(html, 'name')).toBe('区教育局');
  });

  it('renames a department; its cases stay with it', async () => {
    const admin = await adminApp();
    const education = await departmentId(t, '教育局');
    const letter = await fileDeptLetter(t, education);
    const form = await (await get(`/admin/departments/${education}`, admin.cookie)).text();
    expect(formValue(form, 'name')).toBe('区教育局');

    const res = await postForm(t, `/admin/departments/${education}`, { name: '区教育体育局', short_name: '教体局', email: 'jiaoti@example.gov.cn' }, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('departments').select(['name', 'short_name', 'email']).where('id', '=', education).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '区教育体育局', short_name: '教体局', email: 'jiaoti@example.gov.cn' });
    const list = mainText(await (await get('/admin/departments', admin.cookie)).text());
    expect(list).toMatch(/区教育体育局 教体局 jiaoti@example\.gov\.cn 1 1 在用/);
    const kase = await t.db.selectFrom('cases').select('department_id').where('id', '=', letter.id).executeTakeFirstOrThrow();
    expect(kase.department_id).toBe(education);

    const empty = await postForm(t, `/admin/departments/${education}`, { name: '', short_name: '教体局', email: '' }, { cookie: admin.cookie });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(describedText(html, controls(html, 'name')[0]!)).toContain('请填写部门名称');
  });

  it('deactivates a department only when it has no open cases, and reactivates it', async () => {
    const admin = await adminApp();
    const education = await departmentId(t, '教育局');
    await fileDeptLetter(t, education);

    const refused = await postForm(t, `/admin/departments/${education}/deactivate`, {}, { cookie: admin.cookie });
    expect(refused.status).toBe(422);
    expect(textOf(byId(await refused.text(), 'error-summary')!.inner)).toContain('区教育局还有1件未办结的来信或申请，不能停用');
    const still = await t.db.selectFrom('departments').select('active').where('id', '=', education).executeTakeFirstOrThrow();
    expect(still.active).toBe(1);

    const office = await departmentId(t, '办公室');
    expect((await postForm(t, `/admin/departments/${office}/deactivate`, {}, { cookie: admin.cookie })).status).toBe(422);

    const water = await departmentId(t, '水利局');
    const res = await postForm(t, `/admin/departments/${water}/deactivate`, {}, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    expect(textOf(byId(await (await get('/admin/departments', admin.cookie)).text(), `department-${water}`)!.inner)).toContain('已停用');
    expect(await (await t.app.request('/')).text()).not.toContain('区水利局');

    expect((await postForm(t, `/admin/departments/${water}/reactivate`, {}, { cookie: admin.cookie })).status).toBe(303);
    expect(await (await t.app.request('/')).text()).toContain('区水利局');
  });
});

// As the State Council might publish it: 元旦, 春节 (4 statutory days, 9 days off), 清明, 劳动节, 端午, 中秋, 国庆.
const SCHEDULE_2027 = [
  '# 国务院办公厅关于2027年部分节假日安排的通知',
  '2027-01-01 至 2027-01-03 休 元旦',
  '2027-01-31 班 春节',
  '2027-02-05 至 2027-02-13 休 春节',
  '2027-02-20 班 春节',
  '2027-04-03~2027-04-05 休 清明节',
  '2027-05-01..2027-05-05 休 劳动节',
  '2027-05-08 班 劳动节',
  '2027-06-09 休 端午节',
  '2027-09-15 休 中秋节',
  '2027-09-26 班 国庆节',
  '2027-10-01-2027-10-07 休 国庆节',
  '2027-10-09 班 国庆节',
].join('\n');

async function calendarFromDb() {
  const { years, rows } = await loadCalendarRows(t.db);
  return createCalendar(years, rows);
}

describe('working-day calendar', () => {
  it('shows a known year with its off days and make-up working days', async () => {
    const admin = await adminApp();
    const html = await (await get('/admin/calendar?year=2025', admin.cookie)).text();
    const text = mainText(html);
    expect(text).toContain('2025年节假日安排');
    expect(text).toContain('2025-10-01 星期三 休息 国庆节');
    expect(text).toContain('2025-09-28 星期日 调休上班 国庆节');
    expect(formValue(html, 'schedule')).toContain('2025-10-01 至 2025-10-05 休 国庆节');
    // Every known year and next year are offered.
    expect(text).toContain('2004年');
    expect(text).toContain('2027年（未录入）');
  });

  it('entering the 2027 schedule makes working days across 2027 computable, including for new applications', async () => {
    const admin = await adminApp('2027-02-04T02:00:00Z');
    await expect(calendarFromDb().then((cal) => addWorkingDays(cal, '2027-01-29', 5))).rejects.toThrow(CalendarYearMissingError);
    const before = await fileDisclosure(t);
    const beforeText = mainText(await (await t.app.request(`/admin/calendar?year=2027`, { headers: { cookie: admin.cookie } })).text());
    expect(beforeText).toContain('2027年的安排尚未录入');
    expect(beforeText).toContain('2027年节假日安排尚未录入');

    const res = await postForm(t, '/admin/calendar/2027', { schedule: SCHEDULE_2027 }, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    const html = await (await get(res.headers.get('location')!, admin.cookie)).text();
    const text = mainText(html);
    expect(text).toContain('2027年节假日安排已保存');
    expect(text).toContain('来源：办公室录入');
    expect(text).toContain('2027-02-05 星期五 休息 春节');
    expect(text).toContain('2027-01-31 星期日 调休上班 春节');
    expect(text).toContain('2027-10-07 星期四 休息 国庆节');
    expect(byId(html, 'calendar-warning')).toBeUndefined();

    const year = await t.db.selectFrom('calendar_years').select(['source']).where('year', '=', 2027).executeTakeFirstOrThrow();
    expect(year.source).toBe('office');
    const days = await t.db.selectFrom('holidays').select(['date', 'kind']).where('date', '>=', '2027-01-01').where('date', '<=', '2027-12-31').execute();
    expect(days.filter((d) => d.kind === 'off')).toHaveLength(3 + 9 + 3 + 5 + 1 + 1 + 7);
    expect(days.filter((d) => d.kind === 'work')).toHaveLength(5);

    const cal = await calendarFromDb();
    expect(addWorkingDays(cal, '2027-01-29', 5)).toBe('2027-02-04'); // Sunday 31 January is worked
    expect(addWorkingDays(cal, '2027-02-04', 3)).toBe('2027-02-17'); // over the Spring Festival
    expect(addWorkingDays(cal, '2027-09-30', 1)).toBe('2027-10-08');
    expect(() => addWorkingDays(cal, '2027-12-30', 2)).toThrow('2028年');

    // The app's cached calendar was refreshed: the receipt of a new application now names its dates.
    const beforeStep = await t.db.selectFrom('case_events').select('payload').where('case_id', '=', before.id).executeTakeFirstOrThrow();
    expect(beforeStep.payload).not.toContain('预计最迟');
    const after = await fileDisclosure(t);
    const afterStep = await t.db.selectFrom('case_events').select('payload').where('case_id', '=', after.id).executeTakeFirstOrThrow();
    expect(JSON.parse(afterStep.payload).message).toContain('收到申请之日为2027年2月4日，预计最迟于2027年3月11日前答复');
  });

  it('refuses a 班 on a weekday naming the line, lists every bad line and keeps the text', async () => {
    const admin = await adminApp();
    const schedule = [
      '2027-01-01 至 2027-01-03 休 元旦',
      '2027-02-05 至 2027-02-13 休 春节',
      '2027-02-08 班 春节',
      '2027-02-30 休 春节',
      '2026-12-31 休 元旦',
      '2027-05-05 至 2027-05-01 休 劳动节',
      '2027-06-09 放 端午节',
      '2027-01-02 休 元旦',
    ].join('\n');
    const res = await postForm(t, '/admin/calendar/2027', { schedule }, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    const errors = textOf(byId(html, 'f-schedule-error')!.inner);
    expect(errors).toContain('第3行：2027-02-08 是星期一');
    expect(errors).toContain('第4行：2027-02-30 不是有效日期');
    expect(errors).toContain('第5行：2026-12-31 不在2027年内');
    expect(errors).toContain('第6行：开始日期 2027-05-05 晚于结束日期 2027-05-01');
    expect(errors).toContain('第7行：“放”应为“休”');
    expect(errors).toContain('第8行：2027-01-02 已在第1行填写过');
    expect(errors).not.toMatch(/第[12]行：/);
    expect(describedText(html, controls(html, 'schedule')[0]!)).toContain('第3行');
    expect(formValue(html, 'schedule')).toBe(schedule);
    expect(await t.db.selectFrom('calendar_years').select('year').where('year', '=', 2027).executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom('holidays').select('date').where('date', '>=', '2027-01-01').execute()).toEqual([]);
  });

  it('warns from 1 November while next year is missing, and not before', async () => {
    const admin = await adminApp('2026-11-02T02:00:00Z');
    const html = await (await get('/admin/calendar', admin.cookie)).text();
    expect(textOf(byId(html, 'calendar-warning')!.inner)).toContain('2027年节假日安排尚未录入');
    expect(await calendarWarning(t.db, '2026-11-01')).toMatchObject({ year: 2027 });

    t.clock.set('2026-10-31T02:00:00Z');
    const october = await (await get('/admin/calendar', admin.cookie)).text();
    expect(byId(october, 'calendar-warning')).toBeUndefined();
    expect(mainText(october)).not.toContain('尚未录入，');
    expect(await calendarWarning(t.db, '2026-10-31')).toBeNull();

    t.clock.set('2026-11-02T02:00:00Z');
    await postForm(t, '/admin/calendar/2027', { schedule: SCHEDULE_2027 }, { cookie: admin.cookie });
    expect(byId(await (await get('/admin/calendar', admin.cookie)).text(), 'calendar-warning')).toBeUndefined();
  });

  it('correcting a year counts again the working days of the closed cases that span it, and only those', async () => {
    const admin = await adminApp('2026-03-02T02:00:00Z');
    const closedCase = (reference: string, received: string, closed: string, days: number | null) => ({
      reference, channel: 'mayor_mailbox', status: 'closed', subject: '事项', content: '内容', applicant_name: '申请人', phone: '13812345678',
      consent_publish: 0, query_code_hash: 'x', submitted_at: `${received}T02:00:00.000Z`, received_on: received, closed_on: closed,
      working_days_to_close: days, created_at: `${received}T02:00:00.000Z`, updated_at: `${received}T02:00:00.000Z`,
    });
    await t.db.insertInto('cases').values([
      // 28 (Sunday, worked), 29, 30 September, 9 and 10 October: 5, the National Day holiday between.
      closedCase('CAL-A', '2025-09-26', '2025-10-10', 5),
      // Not yet counted: it spans 2025, so it is counted now (23–27, 30, 31 December; 2, 3, 6–10 January).
      closedCase('CAL-B', '2024-12-20', '2025-01-10', null),
      // Within 2024 only: left as it is, even a wrong figure.
      closedCase('CAL-C', '2024-03-01', '2024-03-15', 99),
    ]).execute();

    // Open since 26 September with the 20 working days of 条例第三十三条: due 30 October with the Sunday worked.
    const open = await t.db
      .insertInto('cases')
      .values({ ...closedCase('CAL-D', '2025-09-26', '2025-09-26', null), channel: 'disclosure', status: 'assigned', closed_on: null, due_on: '2025-10-30' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('case_events')
      .values({ case_id: open.id, type: 'confirmed', at: '2025-09-26T02:00:00.000Z', actor_label: '区政府办公室', visibility: 'applicant', payload: JSON.stringify({ clock: { kind: 'start', on: '2025-09-26', days: 20 }, message: '已登记' }) })
      .execute();

    // Waiting for a 补正 asked on Thursday 25 September: 15 working days to answer, to 22 October.
    const waiting = await t.db
      .insertInto('cases')
      .values({ ...closedCase('CAL-E', '2025-09-22', '2025-09-22', null), channel: 'disclosure', status: 'awaiting_supplement', closed_on: null, supplement_due_on: '2025-10-22' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('case_events')
      .values([
        { case_id: waiting.id, type: 'confirmed', at: '2025-09-22T02:00:00.000Z', actor_label: '区政府办公室', visibility: 'applicant', payload: JSON.stringify({ clock: { kind: 'start', on: '2025-09-22', days: 20 } }) },
        { case_id: waiting.id, type: 'supplement_requested', at: '2025-09-25T02:00:00.000Z', actor_label: '区教育局', visibility: 'applicant', payload: JSON.stringify({ clock: { kind: 'supplement_requested', on: '2025-09-25' } }) },
      ])
      .execute();

    const schedule = formValue(await (await get('/admin/calendar?year=2025', admin.cookie)).text(), 'schedule');
    expect(schedule).toContain('2025-09-28 班 国庆节');
    const corrected = schedule.split('\n').filter((line) => line !== '2025-09-28 班 国庆节').join('\n');
    const res = await postForm(t, '/admin/calendar/2025', { schedule: corrected }, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    const saved = await (await get(res.headers.get('location')!, admin.cookie)).text();
    expect(mainText(saved)).toContain('2件未办结案件的答复期限或补正期限已按新安排重新计算');

    const stored = await t.db.selectFrom('cases').select(['reference', 'working_days_to_close']).where('reference', 'like', 'CAL-%').orderBy('reference').execute();
    expect(stored.map((c) => [c.reference, c.working_days_to_close])).toEqual([['CAL-A', 4], ['CAL-B', 14], ['CAL-C', 99], ['CAL-D', null], ['CAL-E', null]]);
    // One working day fewer before the holiday: the deadline moves a day, and the applicant is told why.
    const moved = await t.db.selectFrom('cases').select('due_on').where('id', '=', open.id).executeTakeFirstOrThrow();
    expect(moved.due_on).toBe('2025-10-31');
    const event = await t.db.selectFrom('case_events').select(['type', 'visibility', 'actor_user_id', 'payload']).where('case_id', '=', open.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect([event.type, event.visibility, event.actor_user_id]).toEqual(['due_recomputed', 'applicant', admin.id]);
    expect(JSON.parse(event.payload).message).toBe('因节假日安排调整，答复期限由2025年10月30日变更为2025年10月31日。');
    // The applicant's 补正 deadline moves the same way.
    const supplement = await t.db.selectFrom('cases').select('supplement_due_on').where('id', '=', waiting.id).executeTakeFirstOrThrow();
    expect(supplement.supplement_due_on).toBe('2025-10-23');
    const told = await t.db.selectFrom('case_events').select('payload').where('case_id', '=', waiting.id).where('type', '=', 'due_recomputed').executeTakeFirstOrThrow();
    expect(JSON.parse(told.payload).message).toBe('因节假日安排调整，补正期限由2025年10月22日变更为2025年10月23日。');
  });

  it('answers 404 for a year too far ahead to enter', async () => {
    const admin = await adminApp();
    expect((await get('/admin/calendar?year=2030', admin.cookie)).status).toBe(404);
    expect((await postForm(t, '/admin/calendar/2030', { schedule: '2030-01-01 休 元旦' }, { cookie: admin.cookie })).status).toBe(404);
  });
});

describe('letter limits', () => {
  it('changing a limit changes what the home page promises', async () => {
    const admin = await adminApp();
    expect(textOf(await (await t.app.request('/')).text())).toContain('咨询5个工作日');
    const form = await (await get('/admin/settings', admin.cookie)).text();
    expect(formValue(form, 'complaint')).toBe('15');

    const res = await postForm(t, '/admin/settings', { inquiry: '7', suggestion: '10', help: '10', complaint: '20', report: '15', other: '10' }, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    expect(mainText(await (await get(res.headers.get('location')!, admin.cookie)).text())).toContain('答复期限已保存');
    const home = textOf(await (await t.app.request('/')).text());
    expect(home).toContain('咨询7个工作日');
    expect(home).toContain('投诉20个工作日');
  });

  it('refuses anything but whole numbers from 1 to 60, each error beside its field', async () => {
    const admin = await adminApp();
    const values = { inquiry: '0', suggestion: '10', help: '2.5', complaint: '61', report: '十', other: '' };
    const res = await postForm(t, '/admin/settings', values, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const field of ['inquiry', 'help', 'complaint', 'report']) {
      expect(describedText(html, controls(html, field)[0]!), field).toContain('请填写1至60之间的整数');
      expect(formValue(html, field)).toBe(values[field as keyof typeof values]);
    }
    expect(describedText(html, controls(html, 'other')[0]!)).toContain('请填写其他类来信的答复期限');
    expect(describedText(html, controls(html, 'suggestion')[0]!)).not.toContain('请填写');
    const stored = await t.db.selectFrom('category_deadlines').select('working_days').where('category', '=', 'inquiry').executeTakeFirstOrThrow();
    expect(stored.working_days).toBe(5);
  });
});

describe('failed mails', () => {
  async function failedMail(to: string) {
    const letter = await fileDeptLetter(t, await departmentId(t, '教育局'), { email: '' });
    await enqueueMail(t.db, { kind: 'receipt', caseId: letter.id, to, subject: '回执', text: '正文' }, t.clock.now());
    const row = await t.db.selectFrom('outbox').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await t.db.updateTable('outbox').set({ status: 'failed', attempts: 8, last_error: '550 mailbox unavailable' }).where('id', '=', row.id).execute();
    return { id: row.id, reference: letter.reference };
  }

  it('lists a failed mail with the address masked and sends it again', async () => {
    const admin = await adminApp();
    const mail = await failedMail('zhangsan@example.com');
    const html = await (await get('/admin/mail', admin.cookie)).text();
    const text = textOf(byId(html, `mail-${mail.id}`)!.inner);
    expect(text).toContain(`提交回执（${mail.reference}）`);
    expect(text).toContain('z***@example.com');
    expect(text).toContain('550 mailbox unavailable');
    expect(html).not.toContain('zhangsan@');

    const res = await postForm(t, `/admin/mail/${mail.id}/retry`, {}, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('outbox').select(['status', 'attempts', 'to_address']).where('id', '=', mail.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 0, to_address: 'zhangsan@example.com' });
    const after = await (await get(res.headers.get('location')!, admin.cookie)).text();
    expect(byId(after, 'no-failed-mail')).toBeDefined();
  });

  it('sends it to a corrected address, refusing one that is not an address', async () => {
    const admin = await adminApp();
    const mail = await failedMail('zhangsan@exmaple');
    const field = `to_${mail.id}`;
    const bad = await postForm(t, `/admin/mail/${mail.id}/retry`, { [field]: 'zhangsan at example.com' }, { cookie: admin.cookie });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(describedText(html, controls(html, field)[0]!)).toContain('电子邮箱格式不正确');
    expect(formValue(html, field)).toBe('zhangsan at example.com');

    const res = await postForm(t, `/admin/mail/${mail.id}/retry`, { [field]: 'zhangsan@example.com' }, { cookie: admin.cookie });
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('outbox').select(['status', 'to_address']).where('id', '=', mail.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', to_address: 'zhangsan@example.com' });
  });
});
