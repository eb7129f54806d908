// A 政府信息公开申请 through its whole course in Chromium: filed by a 自然人, dispatched by the office,
// 补正 requested and received on a later day, a third party consulted, an extension asked by the
// clerk and approved by the office, a 部分公开 reply approved, and the reply notice read by staff
// and by the applicant. Each due date a page shows is checked against the 2026 calendar in the DB.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../src/domain/calendar.ts';
import { formatChineseDate } from '../../src/domain/china-time.ts';
import { DISCLOSURE_REPLY_DAYS, SUPPLEMENT_ANSWER_DAYS } from '../../src/domain/codes.ts';
import { startE2E, type E2E } from '../helpers/browser.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ now: '2026-03-02T02:00:00Z' });
});

afterAll(async () => {
  await e2e?.close();
});

/** 10:00 in China on that day. */
function setDay(date: string) {
  e2e.t.clock.set(`${date}T02:00:00Z`);
}

function summaryValue(scope: Page | Locator, label: string) {
  return scope.locator('dl.summary dt', { hasText: label }).first().locator('xpath=following-sibling::dd[1]');
}

/** Waits until the case page (as swapped by htmx or loaded anew) shows this status. */
async function waitForStatus(page: Page, label: string) {
  await summaryValue(page, '办理状态').getByText(label, { exact: true }).waitFor();
}

/** Opens the case page's action form with this summary and returns it. */
async function openAction(page: Page, label: string) {
  const details = page.locator('details.case-action', { has: page.locator('summary', { hasText: label }) });
  await details.locator('summary').click();
  return details;
}

async function dueText(page: Page) {
  return (await summaryValue(page, '答复期限').innerText()).trim();
}

async function lookup(page: Page, reference: string, code: string) {
  await page.goto('/lookup');
  await page.getByLabel(/^编号/).fill(reference);
  await page.getByLabel(/^查询码/).fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByRole('heading', { name: `政府信息公开申请 ${reference}` }).waitFor();
}

test('a disclosure application goes through 补正, consultation and extension to a 部分公开 reply notice', async () => {
  const cal = await e2e.calendar();
  const firstDue = addWorkingDays(cal, '2026-03-02', DISCLOSURE_REPLY_DAYS);
  const supplementDue = addWorkingDays(cal, '2026-03-03', SUPPLEMENT_ANSWER_DAYS);
  const restartedDue = addWorkingDays(cal, '2026-03-10', DISCLOSURE_REPLY_DAYS);
  const daysLeft = workingDaysBetween(cal, '2026-03-12', restartedDue);
  const resumedDue = addWorkingDays(cal, '2026-03-26', daysLeft);
  const extendedDue = addWorkingDays(cal, resumedDue, 10);
  // Cross-check by hand: from 8 April, 18 working days skip 清明 (6 April is off) to 22 April; ten more
  // skip 劳动节 (1–5 May) and end on Saturday 9 May, a make-up working day (调休上班).
  expect([firstDue, restartedDue, daysLeft, resumedDue, extendedDue]).toEqual(['2026-03-30', '2026-04-08', 18, '2026-04-22', '2026-05-09']);

  // Monday 2 March: the citizen applies as a 自然人.
  const citizen = await e2e.newPage();
  await citizen.goto('/disclosure');
  await citizen.getByLabel('自然人（公民个人）').check();
  await citizen.getByLabel(/^姓名/).fill('赵六');
  await citizen.getByLabel(/^证件类型/).selectOption({ label: '居民身份证' });
  await citizen.getByLabel(/^证件号码/).fill('11010519491231002X');
  await citizen.getByLabel(/^联系电话/).fill('13912345678');
  await citizen.getByLabel(/^电子邮箱/).fill('zhaoliu@example.com');
  await citizen.getByLabel(/^所需政府信息的内容描述/).fill('请公开2025年本区老旧小区改造项目的资金安排和实施清单。');
  await citizen.getByLabel('电子文本', { exact: true }).check();
  await citizen.getByLabel('电子邮件', { exact: true }).check();
  await Promise.all([citizen.waitForURL('**/receipt'), citizen.getByRole('button', { name: '提交申请' }).click()]);
  const reference = (await summaryValue(citizen, '编号').innerText()).trim();
  const code = (await summaryValue(citizen, '查询码').innerText()).trim();
  expect(reference).toMatch(/^YSQ2026-\d{6}$/);

  // The office dispatches it to 区住房和城乡建设局; received today, due in 20 working days.
  const office = await e2e.staffPage('office_admin');
  await office.goto('/office/intake');
  await office.getByLabel(`选择 ${reference}`).check();
  await office.getByLabel(/^承办单位/).selectOption({ label: '区住房和城乡建设局' });
  await office.getByRole('button', { name: '受理并分办', exact: true }).click();
  await office.getByText('已受理并分办 1 件至区住房和城乡建设局').waitFor();
  const caseId = (await e2e.t.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

  const clerk = await e2e.staffPage('dept_staff', '住建局');
  await clerk.goto(`/cases/${caseId}`);
  await waitForStatus(clerk, '办理中');
  expect(await dueText(clerk)).toBe(`${firstDue} 正常 剩余20个工作日`);
  // The 申请人 section shows the identity number whole to staff who may see the case.
  expect(await clerk.locator('main').innerText()).toContain('11010519491231002X');

  // Tuesday 3 March: 告知补正. The due date goes; the page says why and until when.
  setDay('2026-03-03');
  const supplement = await openAction(clerk, '告知补正');
  await supplement.getByLabel(/^需要补正的内容/).fill('请写明所需信息涉及的小区名称。');
  await supplement.getByRole('button', { name: '告知补正' }).click();
  await waitForStatus(clerk, '待补正');
  expect(await summaryValue(clerk, '答复期限').locator('time').count()).toBe(0);
  expect(await dueText(clerk)).toContain(`等待申请人补正，补正期限至${supplementDue}；收到补正材料后重新计算20个工作日。`);
  expect(await clerk.locator('#deadline-heading + ol').innerText()).toContain('2026-03-03 发出补正通知（条例第三十条），办理期限中止，待收到补正材料后重新计算。');

  await lookup(citizen, reference, code);
  expect((await summaryValue(citizen, '办理状态').innerText()).trim()).toBe('待您补正材料');
  expect(await citizen.locator('dl.summary dt', { hasText: '答复期限' }).count()).toBe(0);
  expect(await citizen.locator('.timeline').innerText()).toContain(`请补正以下内容：请写明所需信息涉及的小区名称。`);
  expect(await citizen.locator('.timeline').innerText()).toContain(`请于${formatChineseDate(supplementDue)}前提交补正材料`);

  // Tuesday 10 March: the supplement arrives; the 20 days run anew from today.
  setDay('2026-03-10');
  await clerk.reload();
  const record = await openAction(clerk, '登记补正材料');
  expect(await record.getByLabel(/^收到补正材料之日/).inputValue()).toBe('2026-03-10');
  await record.getByLabel(/^补正的内容/).fill('涉及幸福小区、民主小区两个小区。');
  await record.getByRole('button', { name: '登记补正材料' }).click();
  await waitForStatus(clerk, '办理中');
  expect(await dueText(clerk)).toBe(`${restartedDue} 正常 剩余20个工作日`);

  // Thursday 12 March: a third party is consulted; the clock stops with 18 days left.
  setDay('2026-03-12');
  await clerk.reload();
  expect(await dueText(clerk)).toBe(`${restartedDue} 正常 剩余${daysLeft}个工作日`);
  const consult = await openAction(clerk, '征求意见');
  await consult.getByLabel('第三方（条例第三十二条）').check();
  await consult.getByLabel(/^征求谁的意见/).fill('清单涉及施工企业的报价，征求该企业意见。');
  await consult.getByRole('button', { name: '征求意见' }).click();
  await waitForStatus(clerk, '征求意见中');
  expect(await summaryValue(clerk, '答复期限').locator('time').count()).toBe(0);
  expect(await dueText(clerk)).toContain(`征求意见中，剩余${daysLeft}个工作日，结束后恢复计时。`);

  // Thursday 26 March: the consultation ends and the clock resumes.
  setDay('2026-03-26');
  await clerk.reload();
  const end = await openAction(clerk, '结束征求意见');
  await end.getByLabel(/^征求意见结果/).fill('企业同意公开除报价明细以外的内容。');
  await end.getByRole('button', { name: '结束征求意见' }).click();
  await waitForStatus(clerk, '办理中');
  expect(await dueText(clerk)).toBe(`${resumedDue} 正常 剩余${daysLeft}个工作日`);

  // Friday 27 March: the clerk asks for 10 more days; the office approves on 延期审批.
  setDay('2026-03-27');
  await clerk.reload();
  const extension = await openAction(clerk, '申请延期');
  await extension.getByLabel(/^延长的工作日数/).fill('10');
  await extension.getByLabel(/^延期理由/).fill('涉及两个小区的资金清单，需财政局核对。');
  await extension.getByRole('button', { name: '申请延期' }).click();
  await clerk.getByText('申请延长10个工作日，待区政府办公室审批').waitFor();
  expect(await dueText(clerk)).toContain(resumedDue);

  await office.goto('/office/extensions');
  const card = office.locator('article', { has: office.getByRole('link', { name: reference }) });
  expect((await summaryValue(card, '当前答复期限').innerText()).trim()).toContain(formatChineseDate(resumedDue));
  expect((await summaryValue(card, '批准后答复期限').innerText()).trim()).toBe(formatChineseDate(extendedDue));
  await card.getByRole('button', { name: `批准延期 ${reference}`, exact: true }).click();
  await office.getByText('目前没有待审批的延期申请。').waitFor();

  await clerk.reload();
  expect(await dueText(clerk)).toContain(`${extendedDue} 正常`);
  expect(await dueText(clerk)).toContain('（已延期）');
  expect(await clerk.locator('#deadline-heading + ol').innerText()).toContain(
    `2026-03-27 延长答复期限10个工作日（条例第三十三条第二款），应于${extendedDue}前答复。`,
  );

  await lookup(citizen, reference, code);
  expect((await summaryValue(citizen, '答复期限').innerText()).trim()).toBe('2026年5月9日前');

  // Monday 30 March: a 部分公开 draft, submitted and approved.
  setDay('2026-03-30');
  await clerk.reload();
  const draft = await openAction(clerk, '保存答复草稿');
  await draft.getByLabel(/^答复结果/).selectOption({ label: '部分公开' });
  await draft.getByLabel(/^答复内容/).fill('现提供两个小区改造的资金安排和实施清单；施工企业的报价明细属于商业秘密，不予公开。');
  await draft.getByRole('button', { name: '保存答复草稿' }).click();
  await clerk.getByRole('heading', { name: '答复草稿', exact: true }).waitFor();
  await clerk.getByRole('button', { name: '提交审核' }).click();
  await waitForStatus(clerk, '待审核');

  await office.goto('/office/review');
  const review = office.locator('article', { has: office.getByRole('link', { name: reference }) });
  expect((await summaryValue(review, '答复结果').innerText()).trim()).toBe('部分公开');
  await review.getByRole('button', { name: `审核通过并答复 ${reference}`, exact: true }).click();
  await office.getByText('目前没有待审核的答复。').waitFor();

  await office.goto(`/cases/${caseId}/notice`);
  await office.getByRole('heading', { level: 1, name: '政府信息公开申请答复告知书' }).waitFor();
  const notice = await office.locator('main').innerText();
  expect(notice).toContain('答复结果：部分公开');
  expect(notice).toContain('第三十七条');
  expect(notice).toContain('施工企业的报价明细属于商业秘密，不予公开。');
  expect(notice).toContain('2026年3月30日');
  expect(notice).not.toContain('草稿');

  // The applicant reads the same notice in the lookup.
  await lookup(citizen, reference, code);
  expect((await summaryValue(citizen, '办理状态').innerText()).trim()).toBe('已办结');
  const shown = await citizen.locator('.notice-document').innerText();
  expect(shown).toContain('政府信息公开申请答复告知书');
  expect(shown).toContain('赵六：');
  expect(shown).toContain('第三十七条');
  expect(shown).toContain('施工企业的报价明细属于商业秘密，不予公开。');
});
