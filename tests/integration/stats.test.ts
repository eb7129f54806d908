// The office's statistics (/office/stats), its exports and the public page (/stats), on cases written
// straight into the table with known numbers: every figure is checked cell by cell, and the links
// behind the counts list exactly those cases in the work queue.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { workingDaysToClose } from '../../src/domain/rates.ts';
import { buildAnnualReport } from '../../src/report/service.ts';
import { departmentId } from '../helpers/cases.ts';
import { allElements, byId, decodeEntities, textOf, type Element } from '../helpers/html.ts';
import { loginAs, type TestStaff } from '../helpers/staff.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

interface CaseSpec {
  channel: 'mayor_mailbox' | 'dept_mailbox' | 'disclosure';
  department: string | null;
  category?: string;
  receivedOn: string | null;
  dueOn?: string;
  closedOn?: string;
  status?: string;
  rating?: string;
}

let counter = 0;

/**
 * n cases written straight into the table; the status follows from closedOn unless given, and a closed
 * case's working days are those the app stores when it closes.
 */
async function insertCases(t: TestApp, n: number, spec: CaseSpec) {
  const departmentIdOf = spec.department ? await departmentId(t, spec.department) : null;
  const cal = await createCalendarSource(t.db).get();
  // Null where the calendar lacks a year of the span, as the app stores it.
  const span = spec.receivedOn && spec.closedOn ? [spec.receivedOn, spec.closedOn] : null;
  const daysTaken = span && span.every((d) => cal.knownYears.has(Number(d.slice(0, 4)))) ? workingDaysToClose(cal, span[0]!, span[1]!) : null;
  const rows = Array.from({ length: n }, () => {
    counter++;
    const at = `${spec.receivedOn ?? '2025-06-01'}T02:00:00.000Z`;
    return {
      reference: `T${String(counter).padStart(6, '0')}`,
      channel: spec.channel,
      status: spec.status ?? (spec.receivedOn === null ? 'submitted' : spec.closedOn ? 'closed' : 'assigned'),
      department_id: departmentIdOf,
      category: spec.channel === 'disclosure' ? null : (spec.category ?? 'complaint'),
      subject: `事项${counter}`,
      content: '内容',
      applicant_type: spec.channel === 'disclosure' ? 'natural_person' : null,
      applicant_name: `申请人${counter}`,
      phone: '13812345678',
      consent_publish: 0,
      query_code_hash: 'x',
      submitted_at: at,
      received_on: spec.receivedOn,
      due_on: spec.dueOn ?? null,
      closed_on: spec.closedOn ?? null,
      working_days_to_close: daysTaken,
      outcome: spec.channel === 'disclosure' && spec.closedOn ? 'granted' : null,
      rating: spec.rating ?? null,
      created_at: at,
      updated_at: at,
    };
  });
  for (let i = 0; i < rows.length; i += 100) await t.db.insertInto('cases').values(rows.slice(i, i + 100)).execute();
}

/**
 * 2025, a finished year (today is 2 March 2026):
 * 区长信箱 210 received, 205 closed by 31 December (97.62%), 200 of them on time; 3 open now, 1 overdue.
 * 部门信箱 230 received, 225 closed (97.83%), all on time; 5 open and overdue.
 * 依申请公开 60 received, 54 closed (90.00%); 6 open and overdue.
 */
async function buildFixture(t: TestApp) {
  const m = 'mayor_mailbox' as const;
  const d = 'dept_mailbox' as const;
  // 区长信箱 to 教育局: closed in 2 working days (Mon 3 → Wed 5 March), 100 rated: 60 满意, 25 基本满意, 15 不满意.
  const m1 = { channel: m, department: '教育局', category: 'complaint', receivedOn: '2025-03-03', closedOn: '2025-03-05', dueOn: '2025-03-24' };
  await insertCases(t, 60, { ...m1, rating: 'satisfied' });
  await insertCases(t, 25, { ...m1, rating: 'basically_satisfied' });
  await insertCases(t, 15, { ...m1, rating: 'dissatisfied' });
  // 区长信箱 to 卫健委: 5 working days (Mon 3 → Mon 10 March); 100 closed on their due day (on time), 5 late.
  await insertCases(t, 100, { channel: m, department: '卫健委', category: 'inquiry', receivedOn: '2025-03-03', closedOn: '2025-03-10', dueOn: '2025-03-10' });
  await insertCases(t, 5, { channel: m, department: '卫健委', category: 'inquiry', receivedOn: '2025-03-03', closedOn: '2025-03-10', dueOn: '2025-03-07' });
  // Received in December, closed only in January 2026: received but not closed in 2025.
  await insertCases(t, 2, { channel: m, department: '卫健委', category: 'inquiry', receivedOn: '2025-12-15', closedOn: '2026-01-05', dueOn: '2026-01-06' });
  // Still open today: one past its due date, two due today (not overdue yet).
  await insertCases(t, 1, { channel: m, department: '教育局', category: 'complaint', receivedOn: '2025-12-20', dueOn: '2026-01-10' });
  await insertCases(t, 2, { channel: m, department: '教育局', category: 'complaint', receivedOn: '2025-12-20', dueOn: '2026-03-02' });

  // 部门信箱 to 住建局 over National Day: received Tue 30 Sep, closed Thu 9 Oct 2025 — 1 working day (1–8 Oct off).
  await insertCases(t, 220, { channel: d, department: '住建局', category: 'suggestion', receivedOn: '2025-09-30', closedOn: '2025-10-09', dueOn: '2025-10-14' });
  // 部门信箱 to 民政局 after 端午 (31 May–2 Jun off): Tue 3 → Thu 5 June, 2 working days. Five cases: too few to compare.
  await insertCases(t, 5, { channel: d, department: '民政局', category: 'help', receivedOn: '2025-06-03', closedOn: '2025-06-05', dueOn: '2025-06-17' });
  await insertCases(t, 5, { channel: d, department: '住建局', category: 'suggestion', receivedOn: '2025-11-03', dueOn: '2025-11-17' });

  // 依申请公开 to 自然资源和规划局: Mon 7 → Fri 11 April, 4 working days; 6 still open and overdue.
  const y = { channel: 'disclosure' as const, department: '自然资源和规划局' };
  await insertCases(t, 54, { ...y, receivedOn: '2025-04-07', closedOn: '2025-04-11', dueOn: '2025-05-08' });
  await insertCases(t, 6, { ...y, receivedOn: '2025-12-25', dueOn: '2026-01-26', status: 'consulting' });

  // Never counted for 2025: invalid, never received, received in 2024 (but closed in January 2025).
  await insertCases(t, 1, { channel: m, department: '教育局', receivedOn: '2025-05-05', status: 'invalid' });
  await insertCases(t, 1, { channel: m, department: null, receivedOn: null });
  await insertCases(t, 1, { channel: m, department: '教育局', receivedOn: '2024-12-31', closedOn: '2025-01-02', dueOn: '2025-01-14' });

  // 2026 so far: 3 mayor's letters (2 closed), 1 department letter open, 1 mayor's letter not dispatched yet.
  await insertCases(t, 2, { channel: m, department: '教育局', receivedOn: '2026-01-05', closedOn: '2026-01-08', dueOn: '2026-01-19' });
  await insertCases(t, 1, { channel: m, department: '教育局', receivedOn: '2026-01-05', dueOn: '2026-03-20' });
  await insertCases(t, 1, { channel: d, department: '住建局', receivedOn: '2026-02-02', dueOn: '2026-03-16' });
  await insertCases(t, 1, { channel: m, department: null, receivedOn: '2026-02-27', status: 'confirmed' });
}

async function get(t: TestApp, path: string, who?: TestStaff) {
  return t.app.request(path, { headers: who ? { cookie: who.cookie } : {} });
}

/** The rows of a table: the row header's text → { data-col → cell text }, plus its links. */
function tableRows(html: string, id: string) {
  const table = byId(html, id);
  if (!table) throw new Error(`no table #${id}`);
  const rows = new Map<string, { header: string; cells: Record<string, string>; links: Record<string, string> }>();
  for (const tr of allElements(table.inner).filter((e) => e.tag === 'tr')) {
    const th = allElements(tr.inner).find((e) => e.tag === 'th' && e.attrs.get('scope') === 'row');
    if (!th) continue;
    const cells: Record<string, string> = {};
    const links: Record<string, string> = {};
    for (const td of allElements(tr.inner).filter((e: Element) => e.tag === 'td')) {
      const col = td.attrs.get('data-col')!;
      // The visible figure, without the words only screen readers hear.
      cells[col] = textOf(td.inner.replace(/<span class="visually-hidden">.*?<\/span>/g, ''));
      const a = allElements(td.inner).find((e) => e.tag === 'a');
      if (a) links[col] = a.attrs.get('href')!;
    }
    const header = textOf(th.inner);
    rows.set(header.replace(/\s*（.*）$/, ''), { header, cells, links });
  }
  return rows;
}

const FIGURE_ORDER = ['received', 'closed', 'completionRate', 'onTimeRate', 'openNow', 'overdueNow', 'medianDays', 'rated', 'satisfactionRate'];
const cellsOf = (row: { cells: Record<string, string> } | undefined) => FIGURE_ORDER.map((k) => row?.cells[k]);

/** The total a queue page reports for its tab: 共 N 件. */
async function queueTotal(t: TestApp, href: string, who: TestStaff): Promise<number> {
  const res = await get(t, decodeEntities(href), who);
  expect(res.status, href).toBe(200);
  return Number(/共 (\d+) 件/.exec(textOf(byId(await res.text(), 'queue-summary')!.inner))![1]);
}

let t: TestApp;
let office: TestStaff;

beforeAll(async () => {
  t = await createTestApp();
  office = await loginAs(t, 'office_staff');
  await buildFixture(t);
});

afterAll(async () => {
  await t.destroy();
});

describe('the office dashboard', () => {
  it('is for the office only: a department clerk gets 403, a visitor the login page', async () => {
    const clerk = await loginAs(t, 'dept_staff', '教育局');
    expect((await get(t, '/office/stats', clerk)).status).toBe(403);
    expect((await get(t, '/office/stats/export.csv?table=channels', clerk)).status).toBe(403);
    expect((await get(t, '/office/stats/export.xlsx?table=channels', clerk)).status).toBe(403);
    const visitor = await get(t, '/office/stats');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/staff/login?next=%2Foffice%2Fstats');
  });

  it('shows each channel of a year, cell by cell, with the definitions it uses', async () => {
    const res = await get(t, '/office/stats?period=year&year=2025', office);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(textOf(byId(html, 'stats-period-summary')!.inner)).toBe('统计期间： 2025年 （2025年1月1日至2025年12月31日），数据截至2026年3月2日。');
    expect(textOf(byId(html, 'stats-definitions')!.inner)).toContain('在统计期间结束日前（含当日）办结的件数，与年度报告的口径相同；期间结束后才办结的不计入。');
    const rows = tableRows(html, 'channels-table');
    // received, closed, 办结率, 按时办结率, open now, overdue now, median working days, rated, 满意率
    expect(cellsOf(rows.get('区长信箱'))).toEqual(['210', '205', '97.62%', '97.56%', '3', '1', '5', '100', '85.00%']);
    expect(cellsOf(rows.get('部门信箱'))).toEqual(['230', '225', '97.83%', '100.00%', '5', '5', '1', '0', '—']);
    expect(cellsOf(rows.get('政府信息公开申请'))).toEqual(['60', '54', '90.00%', '100.00%', '6', '6', '4', '—', '—']);
    // 479 of 484 on time; medians over 484 closed cases: 220×1, 105×2, 54×4, 105×5 → 2.
    expect(cellsOf(rows.get('合计'))).toEqual(['500', '484', '96.80%', '98.97%', '14', '12', '2', '100', '85.00%']);
  });

  it('links each count to the work queue listing exactly those cases', async () => {
    const html = await (await get(t, '/office/stats?period=year&year=2025', office)).text();
    const mayor = tableRows(html, 'channels-table').get('区长信箱')!;
    expect(decodeEntities(mayor.links.closed)).toBe('/queue?tab=closed&channel=mayor_mailbox&from=2025-01-01&to=2025-12-31&closed_to=2025-12-31');
    expect(await queueTotal(t, mayor.links.received, office)).toBe(210);
    expect(await queueTotal(t, mayor.links.closed, office)).toBe(205);
    // The queue shows the filters it applies, the closing date among them, so they can be changed.
    const queue = await (await get(t, decodeEntities(mayor.links.closed), office)).text();
    expect(byId(queue, 'f-closed_to')!.attrs.get('value')).toBe('2025-12-31');
    expect(byId(queue, 'f-from')!.attrs.get('value')).toBe('2025-01-01');
    expect(textOf(byId(queue, 'queue-tab-closed')!.inner)).toBe('已办结 （205）');
    // A closing-date filter leaves out every case not closed by then, in every tab.
    expect(textOf(byId(queue, 'queue-tab-all')!.inner)).toBe('全部 （205）');
    expect(textOf(byId(queue, 'queue-tab-open')!.inner)).toBe('未办结 （0）');
    const badDate = await get(t, '/queue?tab=closed&closed_from=2025-13-01', office);
    expect(badDate.status).toBe(422);
    expect(textOf(byId(await badDate.text(), 'f-closed_from-error')!.inner)).toContain('请按“年-月-日”填写日期');
    expect(await queueTotal(t, mayor.links.openNow, office)).toBe(3);
    expect(await queueTotal(t, mayor.links.overdueNow, office)).toBe(1);
    const total = tableRows(html, 'channels-table').get('合计')!;
    expect(await queueTotal(t, total.links.received, office)).toBe(500);
    expect(await queueTotal(t, total.links.overdueNow, office)).toBe(12);
    const education = tableRows(html, 'departments-table').get('区教育局')!;
    expect(await queueTotal(t, education.links.received, office)).toBe(103);
    expect(await queueTotal(t, education.links.closed, office)).toBe(100);
    const inquiry = tableRows(html, 'categories-table').get('咨询')!;
    expect(await queueTotal(t, inquiry.links.received, office)).toBe(107);
    const january = tableRows(html, 'monthly-table').get('2025年1月')!;
    expect(await queueTotal(t, january.links.closed, office)).toBe(1);
    const march = tableRows(html, 'monthly-table').get('2025年3月')!;
    expect(await queueTotal(t, march.links.received, office)).toBe(205);
  });

  it('shows each department with the same columns and marks one with fewer than 10 cases', async () => {
    const html = await (await get(t, '/office/stats?period=year&year=2025', office)).text();
    const rows = tableRows(html, 'departments-table');
    expect([...rows.keys()]).toEqual(['区教育局', '区民政局', '区自然资源和规划局', '区住房和城乡建设局', '区卫生健康委员会']);
    expect(cellsOf(rows.get('区教育局'))).toEqual(['103', '100', '97.09%', '100.00%', '3', '1', '2', '100', '85.00%']);
    expect(cellsOf(rows.get('区卫生健康委员会'))).toEqual(['107', '105', '98.13%', '95.24%', '0', '0', '5', '0', '—']);
    // Closed over the National Day holiday: 1 working day, not the 7 weekdays of a plain count.
    expect(cellsOf(rows.get('区住房和城乡建设局'))).toEqual(['225', '220', '97.78%', '100.00%', '5', '5', '1', '0', '—']);
    expect(cellsOf(rows.get('区自然资源和规划局'))).toEqual(['60', '54', '90.00%', '100.00%', '6', '6', '4', '—', '—']);
    expect(cellsOf(rows.get('区民政局'))).toEqual(['5', '5', '100.00%', '100.00%', '0', '0', '2', '0', '—']);
    expect(rows.get('区民政局')!.header).toBe('区民政局 （样本过少，不宜比较）');
    expect(rows.get('区卫生健康委员会')!.header).toBe('区卫生健康委员会');
  });

  it('sorts the department table by any column, both ways, with aria-sort on the sorted header', async () => {
    const order = async (query: string) => {
      const html = await (await get(t, `/office/stats?period=year&year=2025&${query}`, office)).text();
      return { html, names: [...tableRows(html, 'departments-table').keys()] };
    };
    const byRate = await order('sort=completion&dir=desc');
    expect(byRate.names).toEqual(['区民政局', '区卫生健康委员会', '区住房和城乡建设局', '区教育局', '区自然资源和规划局']);
    expect((await order('sort=completion&dir=asc')).names).toEqual(['区自然资源和规划局', '区教育局', '区住房和城乡建设局', '区卫生健康委员会', '区民政局']);
    expect((await order('sort=received&dir=asc')).names).toEqual(['区民政局', '区自然资源和规划局', '区教育局', '区卫生健康委员会', '区住房和城乡建设局']);
    // No rate to compare: last, whichever the direction.
    expect((await order('sort=satisfaction&dir=asc')).names[0]).toBe('区教育局');
    expect((await order('sort=median&dir=desc')).names).toEqual(['区卫生健康委员会', '区自然资源和规划局', '区教育局', '区民政局', '区住房和城乡建设局']);

    const headers = allElements(byId(byRate.html, 'departments-table')!.inner).filter((e) => e.tag === 'th' && e.attrs.get('scope') === 'col');
    const sorted = headers.filter((h) => h.attrs.has('aria-sort'));
    expect(sorted).toHaveLength(1);
    expect(textOf(sorted[0].inner)).toContain('办结率');
    expect(sorted[0].attrs.get('aria-sort')).toBe('descending');
    // Its link reverses the order; another column's link starts with the largest figures.
    const href = (h: Element) => decodeEntities(allElements(h.inner).find((e) => e.tag === 'a')!.attrs.get('href')!);
    expect(href(sorted[0])).toBe('/office/stats?period=year&year=2025&sort=completion&dir=asc#departments');
    expect(href(headers.find((h) => textOf(h.inner).startsWith('受理'))!)).toBe('/office/stats?period=year&year=2025&sort=received&dir=desc#departments');
  });

  it('draws the monthly trend as SVG with a text alternative and the same figures in a table', async () => {
    const html = await (await get(t, '/office/stats?period=year&year=2025', office)).text();
    const svg = byId(html, 'monthly-chart')!;
    expect(svg.tag).toBe('svg');
    expect(svg.attrs.get('role')).toBe('img');
    expect(svg.attrs.get('aria-labelledby')).toBe('monthly-chart-title monthly-chart-desc');
    expect(textOf(byId(html, 'monthly-chart-title')!.inner)).toBe('2025年各月受理和办结件数');
    const desc = textOf(byId(html, 'monthly-chart-desc')!.inner);
    expect(desc).toContain('2025年1月：受理 0 件，办结 1 件');
    expect(desc).toContain('2025年3月：受理 205 件，办结 205 件');
    expect(desc).toContain('2025年10月：受理 0 件，办结 220 件');
    const months = tableRows(html, 'monthly-table');
    expect(months.size).toBe(12);
    const figures = Object.fromEntries([...months].map(([label, r]) => [label, [r.cells.received, r.cells.closed]]));
    expect(figures).toMatchObject({
      '2025年1月': ['0', '1'],
      '2025年3月': ['205', '205'],
      '2025年4月': ['54', '54'],
      '2025年5月': ['0', '0'],
      '2025年6月': ['5', '5'],
      '2025年9月': ['220', '0'],
      '2025年10月': ['0', '220'],
      '2025年11月': ['5', '0'],
      '2025年12月': ['11', '0'],
    });
  });

  it('breaks the letters down by category', async () => {
    const html = await (await get(t, '/office/stats?period=year&year=2025', office)).text();
    const rows = tableRows(html, 'categories-table');
    expect([...rows.keys()]).toEqual(['咨询', '建议', '求助', '投诉', '举报', '其他', '来信合计']);
    expect(cellsOf(rows.get('投诉'))).toEqual(['103', '100', '97.09%', '100.00%', '3', '1', '2', '100', '85.00%']);
    expect(cellsOf(rows.get('咨询'))).toEqual(['107', '105', '98.13%', '95.24%', '0', '0', '5', '0', '—']);
    expect(cellsOf(rows.get('建议'))).toEqual(['225', '220', '97.78%', '100.00%', '5', '5', '1', '0', '—']);
    expect(cellsOf(rows.get('举报'))).toEqual(['0', '0', '—', '—', '0', '0', '—', '0', '—']);
    // Medians over 430 closed letters: 220×1, 105×2, 105×5 → 1.
    expect(cellsOf(rows.get('来信合计'))).toEqual(['440', '430', '97.73%', '98.84%', '8', '6', '1', '100', '85.00%']);
  });

  it('counts a quarter, a month and a custom range', async () => {
    const q1 = tableRows(await (await get(t, '/office/stats?period=quarter&year=2025&quarter=1', office)).text(), 'channels-table');
    expect(cellsOf(q1.get('区长信箱'))).toEqual(['205', '205', '100.00%', '97.56%', '0', '0', '5', '100', '85.00%']);
    expect(q1.get('政府信息公开申请')!.cells.received).toBe('0');
    const june = tableRows(await (await get(t, '/office/stats?period=month&year=2025&month=6', office)).text(), 'channels-table');
    expect(cellsOf(june.get('部门信箱'))).toEqual(['5', '5', '100.00%', '100.00%', '0', '0', '2', '0', '—']);
    // 15 December 2025 to 15 January 2026: the two letters closed on 5 January now count as closed. They
    // took 14 working days (New Year: 1–3 January off, Sunday 4 January worked), the two of January 3:
    // the median of 3, 3, 14, 14 is 8.5.
    const html = await (await get(t, '/office/stats?period=custom&from=2025-12-15&to=2026-01-15', office)).text();
    const custom = tableRows(html, 'channels-table');
    expect(cellsOf(custom.get('区长信箱'))).toEqual(['8', '4', '50.00%', '100.00%', '4', '1', '8.5', '0', '—']);
    expect(textOf(byId(html, 'stats-period-summary')!.inner)).toContain('2025年12月15日至2026年1月15日');
  });

  it('says the period is still running and counts closed so far', async () => {
    const html = await (await get(t, '/office/stats', office)).text();
    expect(textOf(byId(html, 'stats-period-summary')!.inner)).toContain('统计期间： 2026年 （2026年1月1日至2026年12月31日）');
    expect(textOf(byId(html, 'stats-definitions')!.inner)).toContain('本期间尚未结束，即截至今日已办结的件数。');
    const rows = tableRows(html, 'channels-table');
    expect(cellsOf(rows.get('区长信箱'))).toEqual(['4', '2', '50.00%', '100.00%', '2', '0', '3', '0', '—']);
    // The letter not dispatched yet is counted, without a department to link to.
    const departments = tableRows(html, 'departments-table');
    expect(departments.get('尚未分办')!.cells.received).toBe('1');
    expect(departments.get('尚未分办')!.links).toEqual({});
  });

  it('refuses an impossible period with 422, keeping what was typed beside the field', async () => {
    const res = await get(t, '/office/stats?period=custom&from=2025-02-30&to=2025-01-01', office);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(textOf(byId(html, 'error-summary')!.inner)).toContain('开始日期：开始日期应为“年-月-日”格式的有效日期');
    expect(textOf(byId(html, 'f-from-error')!.inner)).toContain('开始日期应为“年-月-日”格式的有效日期');
    expect(byId(html, 'f-from')!.attrs.get('value')).toBe('2025-02-30');
    expect(byId(html, 'f-to')!.attrs.get('value')).toBe('2025-01-01');
    expect(byId(html, 'channels-table')).toBeUndefined();
    expect((await get(t, '/office/stats/export.csv?table=channels&period=year&year=1999', office)).status).toBe(422);
    expect((await get(t, '/office/stats/export.csv?table=cases&period=year&year=2025', office)).status).toBe(422);
  });

  it('says when a median cannot be counted because the calendar lacks a year', async () => {
    await insertCases(t, 1, { channel: 'mayor_mailbox', department: '教育局', receivedOn: '2003-12-29', closedOn: '2004-01-05', dueOn: '2004-01-12' });
    const html = await (await get(t, '/office/stats?period=custom&from=2003-12-01&to=2004-01-31', office)).text();
    expect(html).toContain('2003年的节假日安排尚未录入');
    expect(cellsOf(tableRows(html, 'channels-table').get('区长信箱'))).toEqual(['1', '1', '100.00%', '100.00%', '0', '0', '—', '0', '—']);
  });
});

describe('exports', () => {
  it('writes each table as CSV with Chinese headers and the figures of the page', async () => {
    const res = await get(t, '/office/stats/export.csv?table=channels&period=year&year=2025', office);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('统计-按渠道-2025年.csv')}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte order mark first, or Excel reads the Chinese as another encoding.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    const rows: string[][] = parse(text);
    expect(rows).toEqual([
      ['渠道', '受理', '办结', '办结率', '按时办结率', '目前未办结', '目前已逾期', '办理用时中位数（工作日）', '已评价', '满意率'],
      ['区长信箱', '210', '205', '97.62%', '97.56%', '3', '1', '5', '100', '85.00%'],
      ['部门信箱', '230', '225', '97.83%', '100.00%', '5', '5', '1', '0', ''],
      ['政府信息公开申请', '60', '54', '90.00%', '100.00%', '6', '6', '4', '', ''],
      ['合计', '500', '484', '96.80%', '98.97%', '14', '12', '2', '100', '85.00%'],
    ]);

    const csv = async (path: string): Promise<string[][]> => parse(await (await get(t, path, office)).text());
    const departments = await csv('/office/stats/export.csv?table=departments&period=year&year=2025&sort=received&dir=desc');
    expect(departments[0].at(-1)).toBe('备注');
    expect(departments.slice(1).map((r) => r[0])).toEqual(['区住房和城乡建设局', '区卫生健康委员会', '区教育局', '区自然资源和规划局', '区民政局']);
    expect(departments.at(-1)).toEqual(['区民政局', '5', '5', '100.00%', '100.00%', '0', '0', '2', '0', '', '样本过少，不宜比较']);

    const monthly = await csv('/office/stats/export.csv?table=monthly&period=quarter&year=2025&quarter=1');
    expect(monthly).toEqual([
      ['月份', '当月受理', '当月办结'],
      ['2025年1月', '0', '1'],
      ['2025年2月', '0', '0'],
      ['2025年3月', '205', '205'],
    ]);
    const categories = await csv('/office/stats/export.csv?table=categories&period=year&year=2025');
    expect(categories.find((r) => r[0] === '投诉')).toEqual(['投诉', '103', '100', '97.09%', '100.00%', '3', '1', '2', '100', '85.00%']);
  });

  it('writes XLSX with numbers and percentages as numbers formatted with %', async () => {
    const res = await get(t, '/office/stats/export.xlsx?table=channels&period=year&year=2025', office);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('按渠道')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['渠道', '受理', '办结', '办结率', '按时办结率', '目前未办结', '目前已逾期', '办理用时中位数（工作日）', '已评价', '满意率']);
    const mayor = values(2);
    expect(mayor.slice(0, 3)).toEqual(['区长信箱', 210, 205]);
    expect(mayor[3]).toBeCloseTo(0.9762, 10);
    expect(mayor[4]).toBeCloseTo(0.9756, 10);
    expect(mayor.slice(5)).toEqual([3, 1, 5, 100, expect.closeTo(0.85, 10)]);
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('0.00%');
    expect(sheet.getRow(2).getCell(10).numFmt).toBe('0.00%');
    // Nothing to show is an empty cell, not a zero.
    expect(sheet.getRow(3).getCell(10).value).toBeNull();
    expect(values(5).slice(0, 4)).toEqual(['合计', 500, 484, expect.closeTo(0.968, 10)]);

    const dept = new ExcelJS.Workbook();
    await dept.xlsx.load(await (await get(t, '/office/stats/export.xlsx?table=departments&period=year&year=2025', office)).arrayBuffer());
    const rows = dept.getWorksheet('按承办单位')!;
    expect(rows.rowCount).toBe(6);
    expect((rows.getRow(3).values as unknown[]).slice(1, 4)).toEqual(['区民政局', 5, 5]);
    expect(rows.getRow(3).getCell(11).value).toBe('样本过少，不宜比较');
  });
});

describe('the public statistics page', () => {
  it('shows this year and last year per channel without login, as the annual report counts them', async () => {
    const res = await get(t, '/stats');
    expect(res.status).toBe(200);
    const html = await res.text();
    const cell = (channel: string, year: number, col: string) => {
      const row = allElements(byId(html, 'public-channels')!.inner).find((e) => e.tag === 'tr' && e.attrs.get('data-channel') === channel)!;
      return textOf(allElements(row.inner).find((e) => e.tag === 'td' && e.attrs.get('data-year') === String(year) && e.attrs.get('data-col') === col)!.inner);
    };
    const report = await buildAnnualReport(t.db, 2025);
    for (const channel of ['mayor_mailbox', 'dept_mailbox'] as const) {
      const figures = report.mailboxes[channel];
      expect(cell(channel, 2025, 'received')).toBe(String(figures.received));
      expect(cell(channel, 2025, 'closed')).toBe(String(figures.closed));
      expect(cell(channel, 2025, 'completion')).toBe(`${figures.completion_rate!.toFixed(2)}%`);
    }
    expect(report.mailboxes.mayor_mailbox).toEqual({ received: 210, closed: 205, completion_rate: 97.62 });
    expect(report.mailboxes.dept_mailbox).toEqual({ received: 230, closed: 225, completion_rate: 97.83 });
    expect([cell('disclosure', 2025, 'received'), cell('disclosure', 2025, 'closed'), cell('disclosure', 2025, 'completion')]).toEqual(['60', '54', '90.00%']);
    // This year so far.
    expect([cell('mayor_mailbox', 2026, 'received'), cell('mayor_mailbox', 2026, 'closed'), cell('mayor_mailbox', 2026, 'completion')]).toEqual(['4', '2', '50.00%']);
    expect([cell('dept_mailbox', 2026, 'received'), cell('dept_mailbox', 2026, 'closed'), cell('dept_mailbox', 2026, 'completion')]).toEqual(['1', '0', '0.00%']);
    expect(cell('disclosure', 2026, 'completion')).toBe('—');
    expect(textOf(byId(html, 'year-2026')!.inner)).toBe('2026年（截至今日）');

    const departments = allElements(byId(html, 'public-departments')!.inner)
      .filter((e) => e.tag === 'tr')
      .slice(1)
      .map((tr) => textOf(tr.inner));
    expect(departments).toEqual(['区教育局 3 2 66.67%', '区住房和城乡建设局 1 0 0.00%', '尚未分办 1 0 0.00%']);
  });

  it('keeps its figures for five minutes, says when they were counted, then counts them anew', async () => {
    const mayorReceived2026 = async () => {
      const html = await (await get(t, '/stats')).text();
      const row = allElements(byId(html, 'public-channels')!.inner).find((e) => e.tag === 'tr' && e.attrs.get('data-channel') === 'mayor_mailbox')!;
      const cell = allElements(row.inner).find((e) => e.tag === 'td' && e.attrs.get('data-year') === '2026' && e.attrs.get('data-col') === 'received')!;
      return { received: textOf(cell.inner), html: decodeEntities(html) };
    };
    const start = t.clock.now();
    try {
      const before = await mayorReceived2026();
      await insertCases(t, 1, { channel: 'mayor_mailbox', department: '教育局', receivedOn: '2026-03-02', dueOn: '2026-03-20' });
      t.clock.set(new Date(start.getTime() + 4 * 60_000));
      const kept = await mayorReceived2026();
      expect(kept.received).toBe(before.received);
      expect(kept.html).toContain('2026年的数据截至2026-03-02 10:00，每5分钟更新一次。');
      t.clock.set(new Date(start.getTime() + 5 * 60_000));
      const counted = await mayorReceived2026();
      expect(Number(counted.received)).toBe(Number(before.received) + 1);
      expect(counted.html).toContain('2026年的数据截至2026-03-02 10:05，每5分钟更新一次。');
    } finally {
      t.clock.set(start);
    }
  });

  it('is linked from every page footer', async () => {
    const html = await (await get(t, '/')).text();
    expect(allElements(html).some((e) => e.tag === 'a' && e.attrs.get('href') === '/stats' && textOf(e.inner) === '统计数据')).toBe(true);
  });
});
