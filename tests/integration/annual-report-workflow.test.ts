// The office's annual report, through HTTP on the real app: sections 二 and 四 entered and checked,
// 定稿 refused while a check fails and accepted when all pass, the final report frozen against later
// case changes in every output (page, print, JSON, DOCX, XLSX, CLI), reopened by an administrator.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROW_KEYS, TABLE_THREE_LINES, type AnnualReport } from '../../src/domain/annual-report.ts';
import { APPEAL_KEYS, PROACTIVE_KEYS } from '../../src/domain/report-inputs.ts';
import { departmentId, fileDisclosure, fileMayorLetter, type FiledCase } from '../helpers/cases.ts';
import { allElements, byId, controls, describedText, formValue, textOf } from '../helpers/html.ts';
import { loginAs } from '../helpers/staff.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TITLE = '示例区人民政府办公室2025年政府信息公开工作年度报告';

let t: TestApp;
let education: number;
let office: string;
let admin: string;
let clerk: string;
let applications: FiledCase[];

/** 10:00 in China on that day; sessions last hours, so everyone logs in again. */
async function day(date: string) {
  t.clock.set(`${date}T02:00:00Z`);
  office = (await loginAs(t, 'office_staff')).cookie;
  admin = (await loginAs(t, 'office_admin')).cookie;
  clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
}

async function act(id: number, slug: string, cookie: string, values: Record<string, string> = {}) {
  const res = await postForm(t, `/cases/${id}/${slug}`, values, { cookie });
  expect(res.status, `${slug}: ${textOf(await res.clone().text()).slice(0, 300)}`).toBe(303);
}

/** A confirmed, dispatched application answered by 教育局 and approved by the office today. */
async function answer(id: number, outcome: string) {
  await act(id, 'save-draft', clerk, { outcome, reply_text: '现将您申请的信息答复如下。' });
  await act(id, 'submit-for-review', clerk);
  await act(id, 'approve', office);
}

function get(path: string, cookie: string) {
  return t.app.request(path, { headers: { cookie } });
}

async function reportPage(cookie = office, year: number | string = 2025) {
  const res = await get(typeof year === 'number' ? `/office/report/${year}` : year, cookie);
  const html = await res.text();
  return { status: res.status, html, text: textOf(byId(html, 'main')!.inner) };
}

/** The figures of a row of table 三 on a page. */
function pageRow(html: string, key: string): number[] {
  const row = allElements(html).find((e) => e.tag === 'tr' && e.attrs.get('data-row') === key)!;
  return allElements(row.inner)
    .filter((e) => e.tag === 'td')
    .map((e) => Number(textOf(e.inner)));
}

/** Result and figures of a check on the page, by the start of its name. */
function pageCheck(html: string, name: string): string {
  const rows = allElements(byId(html, 'report-checks')!.inner).filter((e) => e.tag === 'tr');
  const row = rows.find((r) => textOf(r.inner).startsWith(name));
  if (!row) throw new Error(`no check ${name}`);
  return textOf(row.inner);
}

/** Sections 二 and 四 as the office fills them in (the reference's figures), with the texts. */
function sections(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...Object.fromEntries([...PROACTIVE_KEYS, ...APPEAL_KEYS].map((k) => [k, '0'])),
    normative_documents_repealed: '7',
    normative_documents_in_force: '31',
    fees_amount: '1.5',
    overview: '区政府办公室全面贯彻落实政务公开工作部署。',
    problems: '一是信息公开的时效和广度需要提升。',
    other: '本年度未收取信息处理费。',
    ...overrides,
  };
}

async function download(path: string, cookie = office): Promise<Buffer> {
  const res = await get(path, cookie);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The texts of word/document.xml in document order. */
async function docxTexts(bytes: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) =>
    m[1].replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
  );
}

/** Table 三 read back from the DOCX: each row label followed by its seven figures. */
async function docxTableThree(bytes: Buffer): Promise<Record<string, number[]>> {
  const texts = await docxTexts(bytes);
  const start = texts.indexOf(TABLE_THREE_LINES[0].label);
  const out: Record<string, number[]> = {};
  let i = start;
  for (const line of TABLE_THREE_LINES) {
    expect(texts[i]).toBe(line.label);
    if (line.kind === 'row') {
      out[line.key] = texts.slice(i + 1, i + 8).map(Number);
      i += 8;
    } else {
      i += 1;
    }
  }
  return out;
}

async function xlsxWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Table 三 read back from the XLSX sheet: row label (column A) → the seven figures. */
function xlsxTableThree(wb: ExcelJS.Workbook): Record<string, number[]> {
  const ws = wb.getWorksheet('三 依申请公开')!;
  const out: Record<string, number[]> = {};
  ws.eachRow((row) => {
    const label = String(row.getCell(1).value ?? '').trim();
    const line = TABLE_THREE_LINES.find((l) => l.label === label);
    if (line?.kind === 'row') out[line.key] = [2, 3, 4, 5, 6, 7, 8].map((c) => row.getCell(c).value as number);
  });
  return out;
}

function runCli(args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.database.url, DATA_DIR: t.database.dir, LOG_LEVEL: 'silent' }, encoding: 'buffer' },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr: stderr.toString('utf8') }),
    );
  });
}

beforeAll(async () => {
  t = await createTestApp({ now: '2025-12-01T02:00:00Z' });
  education = await departmentId(t, '教育局');
  await day('2025-12-01');
  // Three applications received on 1 December 2025: one answered at once, two still open.
  applications = [await fileDisclosure(t), await fileDisclosure(t), await fileDisclosure(t)];
  for (const a of applications) {
    await act(a.id, 'confirm', office, { received_on: '2025-12-01' });
    await act(a.id, 'dispatch', office, { department_id: String(education) });
  }
  await answer(applications[0].id, 'granted');
  const letter = await fileMayorLetter(t);
  await act(letter.id, 'confirm', office, { received_on: '2025-12-01' });
});

afterAll(async () => {
  await t.destroy();
});

describe('the annual report of 2025, from draft to final and back', () => {
  let frozenJson: AnnualReport;

  it('shows table 三 from the cases, the checks, and section 一 drafted from the figures', async () => {
    const page = await reportPage();
    expect(page.status).toBe(200);
    expect(page.text).toContain('2025年政府信息公开工作年度报告');
    expect(page.text).toContain('状态： 尚未填报');
    expect(pageRow(page.html, 'new')).toEqual([3, 0, 0, 0, 0, 0, 3]);
    expect(pageRow(page.html, 'granted')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(pageRow(page.html, 'handled_total')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(pageRow(page.html, 'carried_forward')).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(pageCheck(page.html, '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（总计）')).toContain('通过 本年新收 3 + 上年结转 0 = 3；办理结果总计 1 + 结转下年度 2 = 3，相等');
    expect(pageCheck(page.html, '报告各部分均已填写')).toContain('未通过 尚未填写：二、主动公开政府信息情况 10 项数据中的 10 项');
    // The draft fills the textarea while nothing is stored.
    expect(formValue(page.html, 'overview')).toBe(
      '1.主动公开情况。2025年，全年受理“区长信箱”信件1件、办结率0.00%，“部门信箱”未收到信件。\n' +
        '2.依申请公开情况。收到向区政府及其办公室申请的各类政府信息公开申请3件，其中自然人申请3件，占比100%；答复1件，答复率33%；结转下年度继续办理2件。',
    );
    expect(formValue(page.html, 'regulations_issued')).toBe('');
    // A draft cannot be finalized before anything is saved: no such button yet.
    expect(page.html).not.toContain('action="/office/report/2025/finalize"');
  });

  it('refuses bad figures with each message beside its field and every value kept, storing nothing', async () => {
    const res = await postForm(
      t,
      '/office/report/2025/sections',
      sections({ regulations_issued: '-1', penalty_decisions: '2.5', fees_amount: '1.234', overview: '我写的总体情况' }),
      { cookie: office },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    const field = (name: string) => controls(html, name)[0];
    expect(describedText(html, field('regulations_issued'))).toBe('错误： 不能为负数');
    expect(describedText(html, field('penalty_decisions'))).toBe('错误： 应为整数，不能有小数');
    expect(describedText(html, field('fees_amount'))).toBe('错误： 金额以万元为单位，最多保留两位小数');
    expect(field('regulations_issued').attrs.get('aria-invalid')).toBe('true');
    expect(formValue(html, 'regulations_issued')).toBe('-1');
    expect(formValue(html, 'fees_amount')).toBe('1.234');
    expect(formValue(html, 'normative_documents_in_force')).toBe('31');
    expect(formValue(html, 'overview')).toBe('我写的总体情况');
    expect(textOf(byId(html, 'error-summary')!.inner)).toContain('规章 本年制发件数：不能为负数');
    expect(await t.db.selectFrom('annual_reports' as never).selectAll().execute()).toEqual([]);
  });

  it('regenerates section 一 from the figures without saving, keeping the other values', async () => {
    const res = await postForm(t, '/office/report/2025/sections', sections({ overview: '旧的文字', regulations_issued: '4', regenerate: '1' }), {
      cookie: office,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(formValue(html, 'overview')).toMatch(/^1\.主动公开情况。2025年，全年受理“区长信箱”信件1件/);
    expect(formValue(html, 'regulations_issued')).toBe('4');
    expect(textOf(byId(html, 'overview-regenerated')!.inner)).toContain('尚未保存');
    expect(await t.db.selectFrom('annual_reports' as never).selectAll().execute()).toEqual([]);
  });

  it('saves a section 四 whose 总计 is wrong, shows the failed check, and refuses to finalize', async () => {
    const saved = await postForm(t, '/office/report/2025/sections', sections({ reconsideration_total: '1' }), { cookie: office });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/office/report/2025?saved=1');

    const page = await reportPage(office, saved.headers.get('location')!);
    expect(textOf(byId(page.html, 'report-flash')!.inner)).toBe('已保存。');
    expect(page.text).toContain('状态： 草稿');
    expect(pageCheck(page.html, '行政复议：总计')).toContain('未通过 0 + 0 + 0 + 0 = 0；总计 1，相差 1');
    expect(formValue(page.html, 'overview')).toBe('区政府办公室全面贯彻落实政务公开工作部署。');
    expect(formValue(page.html, 'fees_amount')).toBe('1.50');

    const refused = await postForm(t, '/office/report/2025/finalize', {}, { cookie: office });
    expect(refused.status).toBe(409);
    const flash = textOf(byId(await refused.text(), 'report-flash')!.inner);
    expect(flash).toContain('有 1 项校验未通过，不能标记为定稿');
    expect(flash).toContain('行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（0 + 0 + 0 + 0 = 0；总计 1，相差 1）');
    const row = await t.db.selectFrom('annual_reports' as never).selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ year: 2025, status: 'draft', snapshot: null });
  });

  it('finalizes once every check passes; the page shows the frozen report in a disabled form', async () => {
    expect((await postForm(t, '/office/report/2025/sections', sections(), { cookie: office })).status).toBe(303);
    const res = await postForm(t, '/office/report/2025/finalize', {}, { cookie: office });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/office/report/2025?finalized=1');

    const page = await reportPage(office, res.headers.get('location')!);
    expect(page.text).toContain('已标记为定稿');
    expect(page.text).toMatch(/状态： 已定稿 （2025-12-01 10:00由测试\d+定稿/);
    expect(page.text).toContain('全部 14 项校验通过。');
    expect(allElements(page.html).find((e) => e.tag === 'fieldset' && e.attrs.get('class') === 'report-fieldset')!.attrs.has('disabled')).toBe(true);
    expect(page.html).not.toContain('action="/office/report/2025/finalize"');
    expect(page.text).not.toContain('重新打开的原因'); // office_staff may not reopen

    const stored = await t.db.selectFrom('annual_reports' as never).selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'final', finalized_at: '2025-12-01T02:00:00.000Z' });
    const events = await t.db.selectFrom('annual_report_events' as never).select(['type' as never]).orderBy('id' as never).execute();
    expect(events.map((e) => (e as { type: string }).type)).toEqual(['saved', 'saved', 'finalized']);

    frozenJson = (await (await get('/office/report/2025.json', office)).json()) as AnnualReport;
    expect(frozenJson.proactive).toMatchObject({ normative_documents_repealed: 7, normative_documents_in_force: 31, fees_amount: 1.5 });
    expect(frozenJson.appeals.reconsideration_total).toBe(0);
    expect(frozenJson.text.other).toBe('本年度未收取信息处理费。');
    expect(frozenJson.applications.rows.handled_total).toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it('stays as frozen in every output when a case is closed afterwards', async () => {
    await day('2025-12-02');
    await answer(applications[1].id, 'unavailable.not_held');

    const page = await reportPage();
    expect(pageRow(page.html, 'handled_total')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(pageRow(page.html, 'unavailable.not_held')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(pageRow(page.html, 'carried_forward')).toEqual([2, 0, 0, 0, 0, 0, 2]);

    const json = (await (await get('/office/report/2025.json', office)).json()) as AnnualReport;
    expect(json).toEqual(frozenJson);

    const print = await get('/office/report/2025/print', office);
    const printed = textOf(await print.text());
    expect(printed).toContain(TITLE);
    expect(printed).not.toContain('草稿 · 尚未定稿');
    expect(printed).toContain('（七）总计 1 0 0 0 0 0 1 四、结转下年度继续办理 2 0 0 0 0 0 2');

    const docx = await download('/office/report/2025.docx');
    const fromDocx = await docxTableThree(docx);
    for (const key of ROW_KEYS) expect(fromDocx[key], key).toEqual(frozenJson.applications.rows[key]);
    const docxText = (await docxTexts(docx)).join('|');
    expect(docxText).toContain(TITLE);
    expect(docxText).toContain('行政规范性文件|0|7|31');
    expect(docxText).toContain('行政事业性收费|1.50');

    const wb = await xlsxWorkbook(await download('/office/report/2025.xlsx'));
    const fromXlsx = xlsxTableThree(wb);
    for (const key of ROW_KEYS) expect(fromXlsx[key], key).toEqual(frozenJson.applications.rows[key]);
    const proactive = wb.getWorksheet('二 主动公开')!;
    const normative = proactive.getRows(1, proactive.rowCount)!.find((r) => r.getCell(1).value === '行政规范性文件')!;
    expect([2, 3, 4].map((c) => normative.getCell(c).value)).toEqual([0, 7, 31]);
    const appeals = wb.getWorksheet('四 复议诉讼')!.getRow(4);
    expect(APPEAL_KEYS.map((_, i) => appeals.getCell(i + 1).value)).toEqual(APPEAL_KEYS.map((k) => frozenJson.appeals[k]));
    const mailboxes = wb.getWorksheet('信箱来信')!.getRow(2);
    expect([1, 2, 3, 4].map((c) => mailboxes.getCell(c).value)).toEqual(['区长信箱', 1, 0, 0]);
  });

  it('checks 2026 against the frozen 结转下年度 of 2025, so the case closed since shows', async () => {
    const page = await reportPage(office, 2026);
    expect(pageRow(page.html, 'carried_over')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(pageCheck(page.html, '本年上年结转 = 2025年结转下年度（以2025年定稿报告为准）')).toContain(
      '未通过 自然人：上年结转 1，2025年结转下年度 2；总计：上年结转 1，2025年结转下年度 2',
    );
  });

  it('refuses edits to a final report', async () => {
    const res = await postForm(t, '/office/report/2025/sections', sections({ regulations_issued: '9' }), { cookie: office });
    expect(res.status).toBe(409);
    expect(textOf(byId(await res.text(), 'report-flash')!.inner)).toBe('该年度报告已定稿，不能修改；如需修改，请管理员先重新打开。');
    expect(((await (await get('/office/report/2025.json', office)).json()) as AnnualReport).proactive.regulations_issued).toBe(0);
  });

  it('lets only an administrator reopen it, with a reason that is recorded; then it follows the cases again', async () => {
    expect((await postForm(t, '/office/report/2025/reopen', { reason: '数据有误' }, { cookie: office })).status).toBe(403);

    const adminPage = await reportPage(admin);
    expect(adminPage.text).toContain('重新打开的原因');
    const missing = await postForm(t, '/office/report/2025/reopen', { reason: '  ' }, { cookie: admin });
    expect(missing.status).toBe(422);
    const missingHtml = await missing.text();
    expect(describedText(missingHtml, controls(missingHtml, 'reason')[0])).toContain('请写明重新打开的原因');

    const res = await postForm(t, '/office/report/2025/reopen', { reason: '12月2日办结的申请需计入本年度' }, { cookie: admin });
    expect(res.status).toBe(303);
    const page = await reportPage(office, res.headers.get('location')!);
    expect(page.text).toContain('已重新打开，报告恢复为草稿');
    expect(page.text).toContain('状态： 草稿');
    expect(textOf(byId(page.html, 'report-events')!.inner)).toMatch(/^2025-12-02 10:00 测试\d+ 重新打开为草稿（原因：12月2日办结的申请需计入本年度）/);
    expect(pageRow(page.html, 'handled_total')).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(pageRow(page.html, 'unavailable.not_held')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    // The entries survive the reopening.
    expect(formValue(page.html, 'normative_documents_in_force')).toBe('31');

    const events = await t.db.selectFrom('annual_report_events' as never).selectAll().orderBy('id' as never).execute();
    expect(events.at(-1)).toMatchObject({ year: 2025, type: 'reopened', note: '12月2日办结的申请需计入本年度', at: '2025-12-02T02:00:00.000Z' });
    const json = (await (await get('/office/report/2025.json', office)).json()) as AnnualReport;
    expect(json.applications.rows.handled_total).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect((await reportPage(office, 2026)).text).toContain('本年上年结转 = 2025年结转下年度 通过');

    const wb = await xlsxWorkbook(await download('/office/report/2025.xlsx'));
    expect(xlsxTableThree(wb).handled_total).toEqual([2, 0, 0, 0, 0, 0, 2]);
  });

  it('finalizes again and the CLI prints the frozen report as HTML, DOCX and JSON', async () => {
    expect((await postForm(t, '/office/report/2025/finalize', {}, { cookie: admin })).status).toBe(303);
    const frozen = (await (await get('/office/report/2025.json', office)).json()) as AnnualReport;

    const [html, docx, json] = await Promise.all([
      runCli(['report', '2025', '--format', 'html']),
      runCli(['report', '2025', '--format', 'docx']),
      runCli(['report', '2025', '--format', 'xlsx', '--out', join(t.database.dir, 'report.xlsx')]),
    ]);
    expect(html.code, html.stderr).toBe(0);
    const page = html.stdout.toString('utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('.report-table'); // the print styles travel with the file
    expect(textOf(page)).toContain(TITLE);
    expect(textOf(page)).toContain('（七）总计 2 0 0 0 0 0 2');

    // Not a terminal (a pipe here), so the DOCX bytes go to stdout.
    expect(docx.code, docx.stderr).toBe(0);
    const fromDocx = await docxTableThree(docx.stdout);
    for (const key of ROW_KEYS) expect(fromDocx[key], key).toEqual(frozen.applications.rows[key]);

    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toContain('已写入');
    const wb = await xlsxWorkbook(readFileSync(join(t.database.dir, 'report.xlsx')));
    expect(xlsxTableThree(wb)).toEqual(frozen.applications.rows);

    const printed = await runCli(['report', '2025', '--format', 'json']);
    expect(JSON.parse(printed.stdout.toString('utf8'))).toEqual(frozen);
  }, 60_000);
});

describe('who may see the annual report', () => {
  it('refuses department staff everywhere and sends strangers to the login page', async () => {
    for (const path of ['/office/report/2025', '/office/report/2025/print', '/office/report/2025.json', '/office/report/2025.docx', '/office/report/2025.xlsx']) {
      expect((await get(path, clerk)).status, path).toBe(403);
    }
    expect((await postForm(t, '/office/report/2025/sections', sections(), { cookie: clerk })).status).toBe(403);
    expect((await postForm(t, '/office/report/2025/finalize', {}, { cookie: clerk })).status).toBe(403);
    const latest = await get('/office/report', office);
    expect(latest.status).toBe(303);
    expect(latest.headers.get('location')).toBe('/office/report/2024');
    const stranger = await t.app.request('/office/report/2025');
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('location')).toBe('/staff/login?next=%2Foffice%2Freport%2F2025');
  });
});
