// A 区长信箱 letter from the citizen's form to the rated reply, every step done in Chromium by the
// person who does it: citizen → office (受理并分办) → 教育局 clerk (draft, 提交审核) → office (审核通过)
// → citizen (reads the reply, rates it). Due dates on the pages are checked against the 2026 calendar.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addWorkingDays } from '../../src/domain/calendar.ts';
import { DEFAULT_LETTER_LIMITS } from '../../src/domain/codes.ts';
import { startE2E, type E2E } from '../helpers/browser.ts';

let e2e: E2E;

beforeAll(async () => {
  // Monday 2 March 2026, 10:00 in China.
  e2e = await startE2E({ now: '2026-03-02T02:00:00Z' });
});

afterAll(async () => {
  await e2e?.close();
});

const SUBJECT = '学校门口接送车辆拥堵';
const CONTENT = '实验小学门口每天放学时段接送车辆乱停，学生过马路很危险，请教育局协调交警设置临时停车区。';
const REPLY = '经与交警大队协调，实验小学门口已于三月中旬划设临时停车区，并安排志愿者在放学时段引导。';

/** The text of the <dd> that follows the <dt> with this label. */
function summaryValue(page: Page, label: string) {
  return page.locator('dl.summary dt', { hasText: label }).first().locator('xpath=following-sibling::dd[1]');
}

async function lookup(page: Page, reference: string, code: string) {
  await page.goto('/lookup');
  await page.getByLabel(/^编号/).fill(reference);
  await page.getByLabel(/^查询码/).fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByRole('heading', { name: `区长信箱 ${reference}` }).waitFor();
}

test('a citizen writes to the 区长信箱, the office dispatches, the clerk replies, the office approves, the citizen rates', async () => {
  const cal = await e2e.calendar();
  // Complaints are due 15 working days after the day the office dispatches them (today).
  const dueOn = addWorkingDays(cal, '2026-03-02', DEFAULT_LETTER_LIMITS.complaint);
  // Cross-check by hand: 3–6, 9–13, 16–20 and 23 March 2026 are the 15 working days (no holiday in March).
  expect(dueOn).toBe('2026-03-23');

  // The citizen: home page → 区长信箱 → the form.
  const citizen = await e2e.newPage();
  await citizen.goto('/');
  expect(await citizen.getByRole('heading', { level: 1 }).textContent()).toContain('政民互动');
  await Promise.all([citizen.waitForURL('**/letters/mayor'), citizen.getByRole('link', { name: '给区长写信' }).click()]);
  await citizen.getByRole('heading', { level: 1, name: '区长信箱' }).waitFor();
  await citizen.getByLabel(/^姓名/).fill('王五');
  await citizen.getByLabel(/^手机号码/).fill('13800138000');
  await citizen.getByLabel(/^电子邮箱/).fill('wangwu@example.com');
  await citizen.getByLabel(/^投诉/).check();
  await citizen.getByLabel(/^标题/).fill(SUBJECT);
  await citizen.getByLabel(/^来信内容/).fill(CONTENT);
  await Promise.all([citizen.waitForURL('**/receipt'), citizen.getByRole('button', { name: '提交' }).click()]);

  await citizen.getByRole('heading', { name: '提交成功' }).waitFor();
  const reference = (await summaryValue(citizen, '编号').textContent())!.trim();
  const code = (await summaryValue(citizen, '查询码').textContent())!.trim();
  expect(reference).toMatch(/^XZ2026-\d{6}$/);
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  expect(await citizen.locator('main').innerText()).toContain('查询码只显示这一次');

  // The office: 受理分办 → tick the letter → 区教育局 → 受理并分办.
  const office = await e2e.staffPage('office_admin');
  await office.goto('/office/intake');
  await office.getByRole('link', { name: reference }).waitFor();
  await office.getByLabel(`选择 ${reference}`).check();
  await office.getByLabel(/^承办单位/).selectOption({ label: '区教育局' });
  await office.getByRole('button', { name: '受理并分办', exact: true }).click();
  await office.getByText('已受理并分办 1 件至区教育局').waitFor();
  expect(await office.getByRole('link', { name: reference }).count()).toBe(0);

  // The citizen looks it up: 办理中, at 区教育局, due on the calendar's date.
  await lookup(citizen, reference, code);
  expect((await summaryValue(citizen, '办理状态').innerText()).trim()).toBe('办理中');
  expect((await summaryValue(citizen, '承办单位').innerText()).trim()).toBe('区教育局');
  expect((await summaryValue(citizen, '答复期限').innerText()).trim()).toBe('2026年3月23日前');

  // The 教育局 clerk: the queue shows it; the case page shows the due date; draft, then 提交审核.
  const clerk = await e2e.staffPage('dept_staff', '教育局');
  await clerk.goto('/queue');
  const row = clerk.locator('#queue-table tr', { has: clerk.getByRole('link', { name: reference }) });
  await row.waitFor();
  expect(await row.innerText()).toContain(SUBJECT);
  expect(await row.innerText()).toContain(dueOn);
  await Promise.all([clerk.waitForURL(/\/cases\/\d+$/), row.getByRole('link', { name: reference }).click()]);
  await clerk.getByRole('heading', { level: 1, name: `区长信箱 ${reference}` }).waitFor();
  expect(await summaryValue(clerk, '答复期限').locator('time').getAttribute('datetime')).toBe(dueOn);
  expect(await summaryValue(clerk, '答复期限').innerText()).toContain(`${dueOn} 正常 剩余15个工作日`);
  expect(await clerk.locator('#deadline-heading + ol').innerText()).toContain(`2026-03-02 受理来信，自次日起计15个工作日，应于${dueOn}前答复。`);
  expect(await clerk.locator('main').innerText()).toContain(CONTENT);

  await clerk.locator('summary', { hasText: '保存答复草稿' }).click();
  await clerk.getByLabel(/^答复内容/).fill(REPLY);
  await clerk.getByRole('button', { name: '保存答复草稿' }).click();
  await clerk.getByRole('heading', { name: '答复草稿', exact: true }).waitFor();
  expect(await clerk.locator('.reply-text').innerText()).toBe(REPLY);
  await clerk.getByRole('button', { name: '提交审核' }).click();
  await clerk.getByRole('heading', { name: '答复草稿（待审核）' }).waitFor();
  expect((await summaryValue(clerk, '办理状态').innerText()).trim()).toBe('待审核');

  // The office approves on 答复审核.
  await office.goto('/office/review');
  const card = office.locator('article', { has: office.getByRole('link', { name: reference }) });
  expect(await card.locator('.reply-text').innerText()).toBe(REPLY);
  expect(await card.innerText()).toContain('2026年3月23日');
  await card.getByRole('button', { name: `审核通过并答复 ${reference}`, exact: true }).click();
  await office.getByText('目前没有待审核的答复。').waitFor();

  // The citizen reads the reply, rates it 满意 and sees the rating.
  await lookup(citizen, reference, code);
  expect((await summaryValue(citizen, '办理状态').innerText()).trim()).toBe('已办结');
  expect((await summaryValue(citizen, '办结日期').innerText()).trim()).toBe('2026年3月2日');
  expect(await citizen.locator('.reply-text').innerText()).toBe(REPLY);
  await citizen.getByLabel('满意', { exact: true }).check();
  await Promise.all([citizen.waitForURL('**/lookup/case'), citizen.getByRole('button', { name: '提交评价' }).click()]);
  expect(await citizen.locator('main').innerText()).toContain('您的评价：满意');
  expect(await citizen.getByRole('button', { name: '提交评价' }).count()).toBe(0);

  // The office sees the rating on the case page.
  const caseId = (await e2e.t.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
  await office.goto(`/cases/${caseId}`);
  expect(await office.locator('main').innerText()).toContain('申请人评价：满意');
});
