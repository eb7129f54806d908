// Accessibility in Chromium: axe-core finds no WCAG 2.1 A/AA violation on the citizen pages (each
// form, each form with errors, the confirmation, the lookup and a reply) and the staff pages; the
// letter form works by keyboard alone; and text at 200% never makes a citizen page scroll sideways.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeContext, axeViolations, describeViolations } from '../helpers/axe.ts';
import { startE2E, type E2E } from '../helpers/browser.ts';
import { departmentId, fileDisclosure, fileMayorLetter, type FiledCase } from '../helpers/cases.ts';
import { loginAs } from '../helpers/staff.ts';
import { postForm } from '../helpers/test-app.ts';

let e2e: E2E;
let audit: BrowserContext;
let replied: FiledCase;
let drafted: FiledCase;
let applied: FiledCase;
let waiting: FiledCase;

const REPLY = '经核查，幸福路与民主路交叉口的破损路面已于本周修复完毕，感谢您的监督。';

async function post(path: string, values: Record<string, string>, cookie: string) {
  const res = await postForm(e2e.t, path, values, { cookie });
  if (res.status !== 303) throw new Error(`${path} answered ${res.status}`);
}

beforeAll(async () => {
  e2e = await startE2E();
  audit = await axeContext(e2e);
  const educationId = await departmentId(e2e.t, '教育局');
  const office = await loginAs(e2e.t, 'office_admin');
  const clerk = await loginAs(e2e.t, 'dept_staff', '教育局');

  // A letter answered and closed: the citizen's reply page.
  replied = await fileMayorLetter(e2e.t);
  await post(`/cases/${replied.id}/dispatch`, { department_id: String(educationId) }, office.cookie);
  await post(`/cases/${replied.id}/save-draft`, { reply_text: REPLY }, clerk.cookie);
  await post(`/cases/${replied.id}/submit-for-review`, {}, clerk.cookie);
  await post(`/cases/${replied.id}/approve`, {}, office.cookie);

  // A letter at the clerk's with a draft (the case page with most of its forms), and one in review.
  drafted = await fileMayorLetter(e2e.t, { subject: '公园健身器材损坏', category: 'help' });
  await post(`/cases/${drafted.id}/dispatch`, { department_id: String(educationId) }, office.cookie);
  await post(`/cases/${drafted.id}/save-draft`, { reply_text: '正在联系维修单位。' }, clerk.cookie);
  const inReview = await fileMayorLetter(e2e.t, { subject: '学校食堂卫生问题', category: 'report' });
  await post(`/cases/${inReview.id}/dispatch`, { department_id: String(educationId) }, office.cookie);
  await post(`/cases/${inReview.id}/save-draft`, { reply_text: '已责成学校整改。' }, clerk.cookie);
  await post(`/cases/${inReview.id}/submit-for-review`, {}, clerk.cookie);

  // A disclosure application and a letter waiting for the office.
  applied = await fileDisclosure(e2e.t);
  waiting = await fileMayorLetter(e2e.t, { subject: '路灯不亮', category: 'help' });
});

afterAll(async () => {
  await e2e?.close();
});

async function expectNoViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([]);
}

async function submitEmpty(page: Page, button: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('#error-summary').waitFor();
}

/** Files a letter through the form and stops on the confirmation page (shown once per submission). */
async function fileThroughForm(page: Page) {
  await page.goto('/letters/mayor');
  await page.getByLabel(/^姓名/).fill('钱七');
  await page.getByLabel(/^手机号码/).fill('13700137000');
  await page.getByLabel(/^咨询/).check();
  await page.getByLabel(/^标题/).fill('社区医院开放时间');
  await page.getByLabel(/^来信内容/).fill('请问社区卫生服务中心周末是否开放，开放时间是几点到几点？');
  await Promise.all([page.waitForURL('**/receipt'), page.getByRole('button', { name: '提交', exact: true }).click()]);
  await page.getByRole('heading', { name: '提交成功' }).waitFor();
}

async function lookUp(page: Page, c: FiledCase) {
  await page.goto('/lookup');
  await page.getByLabel(/^编号/).fill(c.reference);
  await page.getByLabel(/^查询码/).fill(c.queryCode);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.locator('#case-heading').waitFor();
}

describe('axe finds no WCAG 2.1 A/AA violation', () => {
  test.each([
    ['home', '/'],
    ['区长信箱 form', '/letters/mayor'],
    ['部门信箱 form', '/letters/department'],
    ['政府信息公开申请 form', '/disclosure'],
    ['lookup', '/lookup'],
    ['staff login', '/staff/login'],
  ])('%s (%s)', async (_name, path) => {
    const page = await audit.newPage();
    await page.goto(path);
    await page.locator('h1').waitFor();
    await expectNoViolations(page);
    await page.close();
  });

  test.each([
    ['区长信箱', '/letters/mayor', '提交'],
    ['部门信箱', '/letters/department', '提交'],
    ['政府信息公开申请', '/disclosure', '提交申请'],
    ['lookup', '/lookup', '查询'],
  ])('the %s form after a submit with errors', async (_name, path, button) => {
    const page = await audit.newPage();
    await page.goto(path);
    await submitEmpty(page, button);
    expect(await page.locator('#error-summary').innerText()).toContain('处需要修改');
    await expectNoViolations(page);
    await page.close();
  });

  test.each([
    ['区长信箱', '/letters/mayor', '提交'],
    ['政府信息公开申请 (organisation)', '/disclosure', '提交申请'],
    ['lookup', '/lookup', '查询'],
  ])('the %s form with errors as a whole page, as without JavaScript', async (_name, path, button) => {
    const page = await audit.newPage();
    // Without htmx the form posts natively and the 422 answer is a complete page.
    await page.route('**/static/htmx.min.js', (route) => route.abort());
    await page.goto(path);
    if (path === '/disclosure') await page.getByLabel('法人或其他组织').check();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button, exact: true }).click()]);
    await page.locator('#error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await expectNoViolations(page);
    await page.close();
  });

  test('the lookup with a wrong code, the confirmation page, a reply with its rating form, and a rating with errors', async () => {
    const page = await audit.newPage();
    await page.goto('/lookup');
    await page.getByLabel(/^编号/).fill(replied.reference);
    await page.getByLabel(/^查询码/).fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('heading', { name: '未找到' }).waitFor();
    await expectNoViolations(page);

    await fileThroughForm(page);
    await expectNoViolations(page);

    await lookUp(page, replied);
    expect(await page.locator('.reply-text').innerText()).toBe(REPLY);
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(1);
    await expectNoViolations(page);

    await page.getByRole('button', { name: '提交评价' }).click();
    await page.locator('#error-summary').waitFor();
    await expectNoViolations(page);
    await page.close();
  });

  test('the staff pages: queue, case pages, 受理分办, 答复审核', async () => {
    const clerk = await e2e.staffPage('dept_staff', '教育局', { bypassCSP: true });
    await clerk.goto('/queue');
    await clerk.getByRole('link', { name: drafted.reference }).waitFor();
    await expectNoViolations(clerk);
    await clerk.goto(`/cases/${drafted.id}`);
    await clerk.getByRole('heading', { name: '答复草稿', exact: true }).waitFor();
    // Every action form open, as a keyboard user would open them.
    const folded = clerk.locator('main details:not([open]) > summary');
    while ((await folded.count()) > 0) await folded.first().click();
    await expectNoViolations(clerk);
    // A refused move (退回办公室 without a reason): the case page with its error summary.
    await clerk.locator('#action-hand-back').getByRole('button', { name: '退回办公室' }).click();
    await clerk.locator('#error-summary').waitFor();
    expect(await clerk.locator('#error-summary').innerText()).toContain('退回办公室');
    await expectNoViolations(clerk);

    const office = await e2e.staffPage('office_admin', undefined, { bypassCSP: true });
    for (const path of ['/queue', '/office/intake', '/office/review', '/office/extensions', `/cases/${applied.id}`, `/cases/${waiting.id}`, `/cases/${replied.id}`]) {
      await office.goto(path);
      await office.locator('h1').first().waitFor();
      // Folded forms (标记无效 on the intake list, the case page's actions) are audited open.
      const folded = office.locator('main details:not([open]) > summary');
      while ((await folded.count()) > 0) await folded.first().click();
      await expectNoViolations(office);
    }
  });
});

describe('keyboard only', () => {
  test('Tab goes through the letter form in order to the submit button; the error summary takes focus and its links move focus to the fields', async () => {
    const page = await e2e.newPage();
    await page.goto('/letters/mayor');
    const order: string[] = [];
    for (let i = 0; i < 30 && !order.includes('BUTTON:提交'); i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          return el.tagName === 'BUTTON' ? `BUTTON:${el.innerText.trim()}` : el.id || `${el.tagName}:${el.innerText.trim()}`;
        }),
      );
    }
    const fields = order.filter((id) => id.startsWith('f-') || id.startsWith('BUTTON'));
    // One stop for the category radios (none chosen yet), as in every browser.
    expect(fields).toEqual(['f-name', 'f-phone', 'f-email', 'f-category', 'f-subject', 'f-content', 'f-attachments', 'f-consent_publish', 'BUTTON:提交']);
    expect(order[0]).toBe('A:跳到主要内容');

    // Choose a category and submit by keyboard with the name missing and a bad phone number.
    await page.locator('#f-category').focus();
    await page.keyboard.press('Space');
    await page.locator('#f-phone').focus();
    await page.keyboard.type('12345');
    await page.getByRole('button', { name: '提交', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.locator('#f-category').isChecked()).toBe(true);

    const links = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['#f-name', '#f-phone', '#f-subject', '#f-content']);
    for (const href of links) {
      await page.locator('#error-summary').focus();
      // From the summary, Tab walks its links; Enter on one puts the caret in its field.
      for (let i = 0; i <= links.indexOf(href); i++) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(href);
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.activeElement?.id === id, href!.slice(1));
    }
    // The phone field can be corrected straight away.
    await page.locator('#error-summary a[href="#f-phone"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'f-phone');
    expect(await page.locator('#f-phone').inputValue()).toBe('12345');
  });
});

describe('text at 200% leaves no horizontal scrolling on the citizen pages', () => {
  const noSideways = async (page: Page, what: string) => {
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    const { scrollWidth, clientWidth, fontSize } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      fontSize: getComputedStyle(document.body).fontSize,
    }));
    expect(fontSize, what).toBe('34px'); // 1.0625rem at 32px
    expect(scrollWidth, `${what}: page ${scrollWidth}px wide in a ${clientWidth}px window`).toBeLessThanOrEqual(clientWidth + 1);
  };

  test.each([1280, 640, 320])('at a window %i px wide', async (width) => {
    const page = await e2e.newPage();
    await page.setViewportSize({ width, height: 900 });
    for (const path of ['/', '/letters/mayor', '/letters/department', '/disclosure', '/lookup']) {
      await page.goto(path);
      await noSideways(page, path);
    }
    for (const [path, button] of [
      ['/letters/mayor', '提交'],
      ['/letters/department', '提交'],
      ['/disclosure', '提交申请'],
      ['/lookup', '查询'],
    ] as const) {
      await page.goto(path);
      await submitEmpty(page, button);
      await noSideways(page, `${path} with errors`);
    }
    await fileThroughForm(page);
    await noSideways(page, 'confirmation');
    await lookUp(page, replied);
    await noSideways(page, 'reply');
    await page.close();
  });
});
