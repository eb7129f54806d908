// The department work queue (/queue) and its CSV export, as a clerk and the office see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { insertCase } from '../../src/cases/queries.ts';
import {
  approveReply,
  confirmCase,
  dispatchMany,
  requestSupplement,
  saveDraft,
  startConsultation,
  submitForReview,
  type CaseDeps,
} from '../../src/cases/service.ts';
import type { Role, StaffUser } from '../../src/domain/roles.ts';
import { departmentId, fileDeptLetter, fileDisclosure, type FiledCase } from '../helpers/cases.ts';
import { allElements, byId, controls, describedText, textOf } from '../helpers/html.ts';
import { loginAs } from '../helpers/staff.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const DAY_START = 'T02:00:00Z'; // 10:00 in China

function caseDeps(t: TestApp): CaseDeps {
  return { db: t.db, dbKind: t.database.kind, clock: t.clock, calendar: createCalendarSource(t.db), config: t.config };
}

/** A staff account for calling the case service directly (no session needed). */
async function staffUser(t: TestApp, role: Role, department?: string): Promise<StaffUser> {
  const { id } = await loginAs(t, role, department);
  const row = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { id, login: row.login, role, departmentId: row.department_id, displayName: row.display_name, email: null };
}

/** A case being handled by a department, written straight to the table (states the test needs, fast). */
async function insertAssigned(t: TestApp, departmentId: number, fields: { reference: string; due_on: string | null; subject?: string }) {
  const at = t.clock.now().toISOString();
  return insertCase(t.db, {
    channel: 'dept_mailbox',
    status: 'assigned',
    department_id: departmentId,
    category: 'other',
    subject: '测试来信',
    content: '内容',
    applicant_name: '测试人',
    phone: '13812345678',
    consent_publish: 0,
    query_code_hash: 'x',
    submitted_at: at,
    received_on: '2026-03-02',
    created_at: at,
    updated_at: at,
    ...fields,
  });
}

async function get(t: TestApp, path: string, cookie: string, headers: Record<string, string> = {}) {
  return t.app.request(path, { headers: { cookie, ...headers } });
}

/** The references listed in the results table, in order. */
function listedReferences(html: string): string[] {
  const table = byId(html, 'queue-table');
  if (!table) return [];
  return allElements(table.inner)
    .filter((e) => e.tag === 'a')
    .map((e) => textOf(e.inner));
}

/** The table row of a reference, as text. */
function rowText(html: string, reference: string): string {
  const row = allElements(byId(html, 'queue-table')!.inner).find((e) => e.tag === 'tr' && textOf(e.inner).includes(reference));
  return row ? textOf(row.inner) : '';
}

function tabCounts(html: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of ['todo', 'due_soon', 'overdue', 'paused', 'in_review', 'closed']) {
    const text = textOf(byId(html, `queue-tab-${key}`)!.inner);
    counts[key] = Number(/（(\d+)）/.exec(text)![1]);
  }
  return counts;
}

function decodeHref(html: string, id: string): string | null {
  const link = byId(html, id);
  return link ? link.attrs.get('href')! : null;
}

it('sends visitors who are not logged in to the staff login', async () => {
  const t = await createTestApp();
  try {
    for (const path of ['/queue?tab=overdue', '/queue/export.csv']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/staff/login?next=${encodeURIComponent(path)}`);
    }
  } finally {
    await t.destroy();
  }
});

describe('a department queue with cases in every state', () => {
  let t: TestApp;
  let clerk: string;
  let otherClerk: string;
  let office: string;
  const c: Record<string, FiledCase> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: `2026-02-02${DAY_START}` });
    const deps = caseDeps(t);
    const edu = await departmentId(t, '教育局');
    const health = await departmentId(t, '卫健委');
    const eduClerk = await staffUser(t, 'dept_staff', '教育局');
    const healthClerk = await staffUser(t, 'dept_staff', '卫健委');
    const officeUser = await staffUser(t, 'office_staff');

    // Received on 2 February with 5 working days: long overdue by 6 March.
    c.overdue = await fileDeptLetter(t, edu, { category: 'inquiry', subject: '学区划分咨询', name: '赵一' });
    await confirmCase(deps, eduClerk, c.overdue.id);

    t.clock.set(`2026-03-02${DAY_START}`);
    // 咨询: 5 working days → due Monday 9 March, one working day left on Friday 6 March.
    c.dueSoon = await fileDeptLetter(t, edu, { category: 'inquiry', subject: '校车路线咨询', name: '钱二' });
    await confirmCase(deps, eduClerk, c.dueSoon.id);
    // 投诉: 15 working days → due 23 March.
    c.onTrack = await fileDeptLetter(t, edu, { category: 'complaint', subject: '食堂卫生投诉', name: '孙三', phone: '13700001111' });
    await confirmCase(deps, eduClerk, c.onTrack.id);

    c.supplement = await fileDisclosure(t, { description: '请公开2025年学校建设项目清单。', name: '李四' });
    c.consulting = await fileDisclosure(t, { description: '请公开民办学校审批材料。', name: '周五' });
    await dispatchMany(deps, officeUser, [c.supplement.id, c.consulting.id], edu);
    await requestSupplement(deps, eduClerk, c.supplement.id, { missing: '请写明学校名称' });
    await startConsultation(deps, eduClerk, c.consulting.id, { party: 'third_party', note: '涉及民办学校商业信息' });

    c.review = await fileDeptLetter(t, edu, { category: 'suggestion', subject: '增设放学托管建议', name: '吴六' });
    c.closed = await fileDeptLetter(t, edu, { category: 'help', subject: '助学金申请求助', name: '郑七' });
    for (const k of ['review', 'closed']) {
      await confirmCase(deps, eduClerk, c[k].id);
      await saveDraft(deps, eduClerk, c[k].id, { replyText: '感谢来信，答复如下。' });
      await submitForReview(deps, eduClerk, c[k].id);
    }
    await approveReply(deps, officeUser, c.closed.id);

    // Another department's case, due soon like ours: never in the 教育局 queue.
    c.health = await fileDeptLetter(t, health, { category: 'inquiry', subject: '教育局请看卫健委疫苗接种咨询', name: '冯八' });
    await confirmCase(deps, healthClerk, c.health.id);

    t.clock.set(`2026-03-06${DAY_START}`);
    clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
    otherClerk = (await loginAs(t, 'dept_staff', '卫健委')).cookie;
    office = (await loginAs(t, 'office_staff')).cookie;
  });

  afterAll(() => t.destroy());

  it('counts each tab and lists the todo tab by due date with due-state badges in words', async () => {
    const res = await get(t, '/queue', clerk);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(tabCounts(html)).toEqual({ todo: 3, due_soon: 1, overdue: 1, paused: 2, in_review: 1, closed: 1 });
    expect(byId(html, 'queue-tab-todo')!.attrs.get('aria-current')).toBe('page');
    expect(listedReferences(html)).toEqual([c.overdue.reference, c.dueSoon.reference, c.onTrack.reference]);
    expect(rowText(html, c.overdue.reference)).toContain('已逾期');
    expect(rowText(html, c.dueSoon.reference)).toContain('2026-03-09 即将到期');
    expect(rowText(html, c.onTrack.reference)).toMatch(/2026-03-23$/);
    const row = rowText(html, c.onTrack.reference);
    for (const text of ['部门信箱', '投诉', '食堂卫生投诉', '孙三', '137****1111', '区教育局', '办理中', '2026-03-02']) expect(row).toContain(text);
    expect(html).not.toContain('13700001111');
  });

  it('lists each tab with its cases', async () => {
    const tabs: Record<string, string[]> = {
      due_soon: [c.dueSoon.reference],
      overdue: [c.overdue.reference],
      paused: [c.supplement.reference, c.consulting.reference],
      in_review: [c.review.reference],
      closed: [c.closed.reference],
    };
    for (const [tab, refs] of Object.entries(tabs)) {
      const html = await (await get(t, `/queue?tab=${tab}`, clerk)).text();
      expect(listedReferences(html).sort(), tab).toEqual([...refs].sort());
      expect(textOf(byId(html, 'queue-summary')!.inner)).toContain(`共 ${refs.length} 件`);
    }
    const paused = await (await get(t, '/queue?tab=paused', clerk)).text();
    expect(rowText(paused, c.supplement.reference)).toContain('待补正');
    expect(rowText(paused, c.consulting.reference)).toContain('征求意见中');
    expect(rowText(paused, c.consulting.reference)).toContain('暂停');
  });

  it('shows a clerk only the cases of its own department, also in search and export', async () => {
    const html = await (await get(t, '/queue?tab=due_soon', clerk)).text();
    expect(listedReferences(html)).toEqual([c.dueSoon.reference]);
    for (const q of [c.health.reference, '卫健委']) {
      const found = await (await get(t, `/queue?tab=todo&q=${encodeURIComponent(q)}`, clerk)).text();
      expect(listedReferences(found)).toEqual([]);
      expect(found).toContain('没有符合条件的案件');
      expect(Object.values(tabCounts(found)).every((n) => n === 0)).toBe(true);
    }
    const csv = await (await get(t, '/queue/export.csv?tab=todo', clerk)).text();
    expect(csv).not.toContain(c.health.reference);
    // A clerk cannot widen the scope with the office's department filter.
    const widened = await (await get(t, `/queue?tab=todo&department=${await departmentId(t, '卫健委')}`, clerk)).text();
    expect(listedReferences(widened)).not.toContain(c.health.reference);

    const theirs = await (await get(t, '/queue?tab=todo', otherClerk)).text();
    expect(listedReferences(theirs)).toEqual([c.health.reference]);
  });

  it('shows the office every department, with a department filter', async () => {
    const all = await (await get(t, '/queue?tab=due_soon', office)).text();
    expect(listedReferences(all)).toEqual([c.dueSoon.reference, c.health.reference]);
    expect(rowText(all, c.health.reference)).toContain('区卫生健康委员会');
    expect(tabCounts(all)).toEqual({ todo: 4, due_soon: 2, overdue: 1, paused: 2, in_review: 1, closed: 1 });
    const health = await departmentId(t, '卫健委');
    const filtered = await (await get(t, `/queue?tab=due_soon&department=${health}`, office)).text();
    expect(listedReferences(filtered)).toEqual([c.health.reference]);
    expect(tabCounts(filtered)).toEqual({ todo: 1, due_soon: 1, overdue: 0, paused: 0, in_review: 0, closed: 0 });
    // The department select keeps the choice; a clerk has no such select.
    const select = controls(filtered, 'department')[0];
    expect(allElements(select.inner).find((e) => e.attrs.has('selected'))?.attrs.get('value')).toBe(String(health));
    expect(controls(await (await get(t, '/queue', clerk)).text(), 'department')).toEqual([]);
  });

  it('narrows the list with the filters and keeps them in the form, the tabs and the export link', async () => {
    const cases: Array<[string, string[]]> = [
      ['tab=todo&category=inquiry', [c.overdue.reference, c.dueSoon.reference]],
      ['tab=todo&from=2026-03-01', [c.dueSoon.reference, c.onTrack.reference]],
      ['tab=todo&to=2026-02-28', [c.overdue.reference]],
      ['tab=todo&from=2026-02-01&to=2026-02-03&category=inquiry', [c.overdue.reference]],
      ['tab=paused&channel=disclosure&status=consulting', [c.consulting.reference]],
      ['tab=todo&channel=disclosure', []],
      ['tab=todo&q=' + encodeURIComponent('校车'), [c.dueSoon.reference]],
      ['tab=todo&q=' + encodeURIComponent('孙三'), [c.onTrack.reference]],
      ['tab=paused&q=' + encodeURIComponent('民办学校'), [c.consulting.reference]],
      ['tab=closed&q=' + c.closed.reference.toLowerCase(), [c.closed.reference]],
      // A LIKE wildcard typed by the user matches itself only.
      ['tab=todo&q=%25', []],
    ];
    for (const [query, refs] of cases) {
      const html = await (await get(t, `/queue?${query}`, clerk)).text();
      expect(listedReferences(html), query).toEqual(refs);
    }

    const html = await (await get(t, '/queue?tab=todo&category=inquiry&from=2026-02-01', clerk)).text();
    expect(controls(html, 'from')[0].attrs.get('value')).toBe('2026-02-01');
    // The search by reference shows where the case is: its tab count.
    const byRef = await (await get(t, `/queue?tab=todo&q=${c.closed.reference}`, clerk)).text();
    expect(tabCounts(byRef)).toEqual({ todo: 0, due_soon: 0, overdue: 0, paused: 0, in_review: 0, closed: 1 });
    const closedTab = new URL(decodeHref(html, 'queue-tab-closed')!, 'http://x').searchParams;
    expect(Object.fromEntries(closedTab)).toEqual({ tab: 'closed', category: 'inquiry', from: '2026-02-01' });
    const exportLink = new URL(decodeHref(html, 'queue-export')!, 'http://x');
    expect(exportLink.pathname).toBe('/queue/export.csv');
    expect(Object.fromEntries(exportLink.searchParams)).toEqual({ tab: 'todo', category: 'inquiry', from: '2026-02-01' });
    // The current tab travels with the filter form although it sits in the results region.
    const tabInput = controls(html, 'tab')[0];
    expect(byId(html, 'queue-filters')?.tag).toBe('form');
    expect(tabInput.attrs.get('form')).toBe('queue-filters');
    expect(tabInput.attrs.get('value')).toBe('todo');
  });

  it('refuses an invalid filter with 422 and the error beside its field', async () => {
    const res = await get(t, '/queue?tab=todo&from=2026-03-10&to=2026-03-01&channel=fax', clerk);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(describedText(html, controls(html, 'to')[0])).toContain('结束日期不能早于开始日期');
    expect(describedText(html, controls(html, 'channel')[0])).toContain('请选择有效的渠道');
    expect(controls(html, 'from')[0].attrs.get('value')).toBe('2026-03-10');
    expect(textOf(byId(html, 'error-summary')!.inner)).toContain('受理日期（止）');
    expect(byId(html, 'queue-table')).toBeUndefined();
  });

  it('answers htmx with only the results region, and the same URL without htmx with the whole page', async () => {
    const url = '/queue?tab=paused&channel=disclosure';
    const partial = await get(t, url, clerk, { 'hx-request': 'true' });
    expect(partial.status).toBe(200);
    expect(partial.headers.get('vary')).toContain('HX-Request');
    const fragment = await partial.text();
    expect(fragment.startsWith('<div id="queue-results">')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(fragment).not.toContain('id="queue-filters"');
    expect(listedReferences(fragment).sort()).toEqual([c.supplement.reference, c.consulting.reference].sort());

    const full = await get(t, url, clerk);
    expect(full.headers.get('vary')).toContain('HX-Request');
    const page = await full.text();
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(textOf(page)).toContain('办理工作台');
    const form = byId(page, 'queue-filters')!;
    expect(form.attrs.get('method')).toBe('get');
    expect(form.attrs.get('action')).toBe('/queue');
    expect(form.attrs.get('hx-target')).toBe('#queue-results');
    expect(form.attrs.get('hx-push-url')).toBe('true');
    expect(byId(page, 'queue-tab-todo')!.attrs.get('hx-get')).toBe(byId(page, 'queue-tab-todo')!.attrs.get('href'));

    // A history restore after a cache miss needs the whole page again.
    const restored = await get(t, url, clerk, { 'hx-request': 'true', 'hx-history-restore-request': 'true' });
    expect((await restored.text()).startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('exports the current tab and filters as CSV for Excel: BOM, Chinese header, masked phones', async () => {
    const res = await get(t, '/queue/export.csv?tab=todo&from=2026-03-01', clerk);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toContain('attachment;');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('办理工作台-2026-03-06.csv')}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('编号,渠道,来信类别,标题,申请人,联系电话,承办单位,办理状态,受理日期,办理期限,期限状态');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([c.dueSoon.reference, c.onTrack.reference]);
    expect(lines[1]).toBe(`${c.dueSoon.reference},部门信箱,咨询,校车路线咨询,钱二,138****5678,区教育局,办理中,2026-03-02,2026-03-09,即将到期`);
    expect(lines[2]).toContain('137****1111');
    expect(text).not.toMatch(/1[37]\d{9}/);

    const page = await (await get(t, '/queue?tab=todo&from=2026-03-01', clerk)).text();
    expect(listedReferences(page)).toEqual(lines.slice(1).map((l) => l.split(',')[0]));
  });
});

describe('paging', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.destroy());

  it('walks 120 cases with the 下一页 link, each exactly once, in due-date order (undated last)', async () => {
    const edu = await departmentId(t, '教育局');
    const expected: Array<{ reference: string; dueOn: string | null; id: number }> = [];
    for (let i = 0; i < 120; i++) {
      // 90 cases on twelve shared due dates, in an order unrelated to the ids, and 30 undated ones,
      // so that page 2 runs from dated into undated cases and page 3 starts among the undated.
      const dueOn = i % 4 === 3 ? null : `2026-04-${String(10 + ((i * 7) % 12)).padStart(2, '0')}`;
      const reference = `BM2026-${String(500000 + i)}`;
      const id = await insertAssigned(t, edu, { reference, due_on: dueOn, subject: `分页测试来信${i}` });
      expected.push({ reference, dueOn, id });
    }
    expected.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.id - b.id);

    const clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let url: string | null = '/queue?tab=todo';
    let pageNo = 0;
    while (url) {
      pageNo++;
      // Later pages through htmx, as a browser with JavaScript follows them.
      const res = await get(t, url, clerk, pageNo > 1 ? { 'hx-request': 'true' } : {});
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(textOf(byId(html, 'queue-summary')!.inner)).toContain('共 120 件');
      if (pageNo > 1) expect(byId(html, 'queue-first')?.attrs.get('href')).toBe('/queue?tab=todo');
      const refs = listedReferences(html);
      pageSizes.push(refs.length);
      seen.push(...refs);
      url = decodeHref(html, 'queue-next');
      if (url) expect(url).toMatch(/[?&]after=/);
    }
    expect(pageSizes).toEqual([50, 50, 20]);
    expect(seen).toEqual(expected.map((e) => e.reference));

    const csv = await (await get(t, '/queue/export.csv?tab=todo', clerk)).text();
    expect(csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual(expected.map((e) => e.reference));
  });

  it('defuses citizen text that a spreadsheet would run as a formula', async () => {
    await insertAssigned(t, await departmentId(t, '教育局'), { reference: 'BM2026-700001', due_on: '2026-04-01', subject: '=HYPERLINK("http://example.com","点此")' });
    const clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
    const csv = await (await get(t, '/queue/export.csv?tab=todo&q=HYPERLINK', clerk)).text();
    expect(csv.split('\r\n')[1]).toBe(`BM2026-700001,部门信箱,其他,"'=HYPERLINK(""http://example.com"",""点此"")",测试人,138****5678,区教育局,办理中,2026-03-02,2026-04-01,`);
  });
});

it('keeps working at the end of a year whose successor has no calendar yet, and says what it cannot count', async () => {
  const t = await createTestApp({ now: `2026-12-29${DAY_START}` });
  try {
    const edu = await departmentId(t, '教育局');
    await insertAssigned(t, edu, { reference: 'BM2026-900001', due_on: '2026-12-29' });
    await insertAssigned(t, edu, { reference: 'BM2026-900002', due_on: '2026-12-31' });
    await insertAssigned(t, edu, { reference: 'BM2026-900003', due_on: '2027-01-04' });
    const clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
    const res = await get(t, '/queue?tab=due_soon', clerk);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(textOf(html)).toContain('2027年的节假日安排尚未录入');
    // Two working days left on 31 December; 4 January cannot be judged without the 2027 schedule.
    expect(listedReferences(html)).toEqual(['BM2026-900001', 'BM2026-900002']);
    expect(tabCounts(html).todo).toBe(3);
  } finally {
    await t.destroy();
  }
});
