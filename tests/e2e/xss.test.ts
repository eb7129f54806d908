// Stored XSS: a letter whose every free-text field carries script is filed through the form and then
// opened wherever people read it, in Chromium with the portal's own CSP. On each page no dialog
// opens, no script runs (window.__xss stays unset, nothing is logged), the markup is shown as text,
// and no element with an event-handler attribute or a javascript: link was created from it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startE2E, type E2E } from '../helpers/browser.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror="window.__xss=2;alert(2)">';
const SVG = '"><svg onload="window.__xss=3;alert(3)">';
const LINK = '<a href="javascript:window.__xss=4;alert(4)">点我</a>';

// The form's maxlength (30 for the name, 50 for the subject) leaves room for the short forms only.
const SHORT_IMG = '<img src=x onerror=alert(2)>';
const SHORT_SVG = '"><svg onload=alert(3)>';

const VALUES = {
  name: SHORT_IMG,
  // The address check only asks for something@something.something without spaces.
  email: '"><svg/onload=alert(3)>@example.com',
  subject: `${SHORT_SVG}${SCRIPT}`,
  content: `${SCRIPT}\n${IMG}\n${SVG}\n${LINK}\njavascript:alert(5)\n'-alert(6)-'\n</textarea>${SCRIPT}`,
  reply: `${SCRIPT}${IMG}\n${LINK}`,
  note: `</dd>${SVG}${SCRIPT}`,
  comment: `</textarea>${IMG}${SCRIPT}`,
};

interface Watch {
  dialogs: string[];
  console: string[];
}

/** Records every dialog (and dismisses it) and every console message or page error of the page. */
function watch(page: Page): Watch {
  const seen: Watch = { dialogs: [], console: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    seen.console.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    seen.console.push(`pageerror: ${error.message}`);
  });
  return seen;
}

/** What the page shows is the hostile text, as text; nothing of it became markup or ran. */
async function expectInert(page: Page, seen: Watch, shown: string[]) {
  const text = await page.locator('main').innerText();
  for (const s of shown) expect(text, `${page.url()} shows ${s} as text`).toContain(s);
  const state = await page.evaluate(() => ({
    marker: (window as unknown as { __xss?: unknown }).__xss ?? null,
    handlers: document.querySelectorAll('main [onerror], main [onload], main [onclick]').length,
    scripts: document.querySelectorAll('main script, main svg, main img').length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
  }));
  expect(state, page.url()).toEqual({ marker: null, handlers: 0, scripts: 0, jsLinks: 0 });
  expect(seen.dialogs, page.url()).toEqual([]);
  // A CSP refusal would be logged here: it would mean markup from the letter reached the DOM.
  // Chromium logs every 4xx answer (a 422 form, a missing favicon) and htmx logs the error answers it
  // swaps in; those say nothing about script.
  const ANSWER_LOGS = /^error: (Failed to load resource: the server responded with a status of 4\d\d|Response Status Error Code 4\d\d from )/;
  expect(seen.console.filter((m) => !ANSWER_LOGS.test(m)), page.url()).toEqual([]);
}

function summaryValue(page: Page, label: string) {
  return page.locator('dl.summary dt', { hasText: label }).first().locator('xpath=following-sibling::dd[1]');
}

test('script in every field of a letter is shown as text on every page that shows it, and never runs', async () => {
  const citizen = await e2e.newPage();
  const citizenSeen = watch(citizen);
  const response = await citizen.goto('/letters/mayor');
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");

  // First with script in the phone number too: it is refused, and the form shows every value back as typed.
  await citizen.getByLabel(/^姓名/).fill(VALUES.name);
  await citizen.getByLabel(/^手机号码/).fill(SCRIPT);
  await citizen.getByLabel(/^电子邮箱/).fill(VALUES.email);
  await citizen.getByLabel(/^投诉/).check();
  await citizen.getByLabel(/^标题/).fill(VALUES.subject);
  await citizen.getByLabel(/^来信内容/).fill(VALUES.content);
  await citizen.getByRole('button', { name: '提交' }).click();
  await citizen.locator('#error-summary').waitFor();
  expect(await citizen.locator('#error-summary').innerText()).toContain('手机号码');
  expect(await citizen.getByLabel(/^手机号码/).inputValue()).toBe(SCRIPT);
  expect(await citizen.getByLabel(/^姓名/).inputValue()).toBe(VALUES.name);
  expect(await citizen.getByLabel(/^标题/).inputValue()).toBe(VALUES.subject);
  expect(await citizen.getByLabel(/^来信内容/).inputValue()).toBe(VALUES.content);
  await expectInert(citizen, citizenSeen, []);

  await citizen.getByLabel(/^手机号码/).fill('13800138000');
  await Promise.all([citizen.waitForURL('**/receipt'), citizen.getByRole('button', { name: '提交' }).click()]);
  const reference = (await summaryValue(citizen, '编号').innerText()).trim();
  const code = (await summaryValue(citizen, '查询码').innerText()).trim();
  await expectInert(citizen, citizenSeen, ['提交成功', reference]);

  // The office's intake list shows the name and the subject.
  const office = await e2e.staffPage('office_admin');
  const officeSeen = watch(office);
  await office.goto('/office/intake');
  await office.getByRole('link', { name: reference }).waitFor();
  await expectInert(office, officeSeen, [VALUES.name, VALUES.subject]);
  await office.getByLabel(`选择 ${reference}`).check();
  await office.getByLabel(/^承办单位/).selectOption({ label: '区教育局' });
  await office.getByRole('button', { name: '受理并分办', exact: true }).click();
  await office.getByText('已受理并分办 1 件至区教育局').waitFor();

  // The clerk's queue, then the case page with every field, a draft reply and a note carrying script.
  const clerk = await e2e.staffPage('dept_staff', '教育局');
  const clerkSeen = watch(clerk);
  await clerk.goto('/queue');
  await clerk.getByRole('link', { name: reference }).waitFor();
  await expectInert(clerk, clerkSeen, [VALUES.name, VALUES.subject]);
  await Promise.all([clerk.waitForURL(/\/cases\/\d+$/), clerk.getByRole('link', { name: reference }).click()]);
  await clerk.getByRole('heading', { level: 1, name: `区长信箱 ${reference}` }).waitFor();
  await expectInert(clerk, clerkSeen, [VALUES.name, VALUES.email, VALUES.subject, SCRIPT, IMG, SVG, LINK, 'javascript:alert(5)', `</textarea>${SCRIPT}`]);

  await clerk.locator('summary', { hasText: '保存答复草稿' }).click();
  await clerk.getByLabel(/^答复内容/).fill(VALUES.reply);
  await clerk.getByRole('button', { name: '保存答复草稿' }).click();
  await clerk.getByRole('heading', { name: '答复草稿', exact: true }).waitFor();
  await clerk.getByLabel(/^备注内容/).fill(VALUES.note);
  await clerk.getByRole('button', { name: '添加内部备注' }).click();
  await clerk.locator('.timeline').getByText(SVG, { exact: false }).waitFor();
  await expectInert(clerk, clerkSeen, [SCRIPT + IMG, LINK, VALUES.note]);
  await clerk.getByRole('button', { name: '提交审核' }).click();
  await summaryValue(clerk, '办理状态').getByText('待审核', { exact: true }).waitFor();
  // A fresh load of the page (not an htmx swap) renders the same text just as safely.
  await clerk.reload();
  await expectInert(clerk, clerkSeen, [VALUES.subject, SCRIPT + IMG, LINK, VALUES.note]);

  // The office's review page shows the subject and the draft.
  await office.goto('/office/review');
  await office.getByRole('link', { name: reference }).waitFor();
  await expectInert(office, officeSeen, [VALUES.subject, SCRIPT + IMG, LINK]);
  await office.getByRole('button', { name: `审核通过并答复 ${reference}`, exact: true }).click();
  await office.getByText('目前没有待审核的答复。').waitFor();

  // The citizen's lookup (htmx answer), the rating with script in its comment, and the status page.
  await citizen.goto('/lookup');
  await citizen.getByLabel(/^编号/).fill(reference);
  await citizen.getByLabel(/^查询码/).fill(code);
  await citizen.getByRole('button', { name: '查询' }).click();
  await citizen.getByRole('heading', { name: `区长信箱 ${reference}` }).waitFor();
  await expectInert(citizen, citizenSeen, [VALUES.subject, SCRIPT + IMG, LINK]);
  await citizen.getByLabel('不满意', { exact: true }).check();
  await citizen.getByLabel(/^评价意见/).fill(VALUES.comment);
  await Promise.all([citizen.waitForURL('**/lookup/case'), citizen.getByRole('button', { name: '提交评价' }).click()]);
  await expectInert(citizen, citizenSeen, [VALUES.subject, SCRIPT + IMG, LINK, '您的评价：不满意']);

  // The office reads the rating and its comment on the case page.
  const caseId = (await e2e.t.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
  await office.goto(`/cases/${caseId}`);
  await expectInert(office, officeSeen, [VALUES.name, VALUES.subject, VALUES.content.split('\n')[0]!, VALUES.comment]);
});
