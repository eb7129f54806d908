// The work queue's text search through the full-text index: two-character Chinese words inside longer
// text, longer phrases, a single character (a prefix of the terms), the department's scope, and the index kept in step
// with the cases by every writer (the citizen form, a direct insert, an update).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { insertCase } from '../../src/cases/queries.ts';
import { confirmCase, type CaseDeps } from '../../src/cases/service.ts';
import type { StaffUser } from '../../src/domain/roles.ts';
import { confirmCommonWordByLike } from '../../src/queue/queries.ts';
import { documentTerms } from '../../src/search/bigrams.ts';
import { planTextSearch } from '../../src/search/queries.ts';
import { departmentId, fileDeptLetter, fileMayorLetter, type FiledCase } from '../helpers/cases.ts';
import { allElements, byId, textOf } from '../helpers/html.ts';
import { loginAs } from '../helpers/staff.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let clerk: string;
let edu: number;
let health: number;
const c: Record<string, FiledCase> = {};

async function search(q: string, tab = 'todo', cookie = clerk) {
  const res = await t.app.request(`/queue?tab=${tab}&q=${encodeURIComponent(q)}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

function listedReferences(html: string): string[] {
  const table = byId(html, 'queue-table');
  if (!table) return [];
  return allElements(table.inner)
    .filter((e) => e.tag === 'a')
    .map((e) => textOf(e.inner));
}

function tabCount(html: string, tab: string): number {
  return Number(/（(\d+)）/.exec(textOf(byId(html, `queue-tab-${tab}`)!.inner))![1]);
}

const refs = (...keys: string[]) => keys.map((k) => c[k]!.reference).sort();
const found = async (q: string, tab = 'todo') => listedReferences(await search(q, tab)).sort();

beforeAll(async () => {
  t = await createTestApp();
  edu = await departmentId(t, '教育局');
  health = await departmentId(t, '卫健委');
  const { id } = await loginAs(t, 'dept_staff', '教育局');
  const row = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eduClerk: StaffUser = { id, login: row.login, role: 'dept_staff', departmentId: edu, displayName: row.display_name, email: null };
  const healthUser = await loginAs(t, 'dept_staff', '卫健委');
  const healthClerk: StaffUser = { ...eduClerk, id: healthUser.id, login: healthUser.login, departmentId: health };
  const deps: CaseDeps = { db: t.db, dbKind: t.database.kind, clock: t.clock, calendar: createCalendarSource(t.db), config: t.config };

  const letters: Array<[string, number, Record<string, string>]> = [
    ['noise', edu, { subject: '学校旁工地夜间施工的投诉', content: '学校旁边的工地每天晚上十点以后还在施工，噪音很大，孩子无法休息。', name: '赵一' }],
    ['music', edu, { subject: '广场舞扰民', content: '每晚广场上的音响声音太大，老人和孩子都无法入睡，希望管一管。', name: '钱二' }],
    // 噪 and 音 are both here, but never as the word 噪音.
    ['apart', edu, { subject: '关于噪，音乐课的建议', content: '建议学校增加音乐课的课时，丰富学生的课余生活。', name: '孙三' }],
    ['app', edu, { subject: '招生报名App无法登录', content: '用手机打开招生报名的App，输入验证码后一直提示网络错误。', name: '李四' }],
    ['health', health, { subject: '医院旁工地噪音扰民', content: '医院旁边的工地夜间施工，噪音很大，病人无法休息。', name: '周五' }],
  ];
  for (const [key, dept, values] of letters) {
    c[key] = await fileDeptLetter(t, dept, { category: 'complaint', ...values });
    await confirmCase(deps, dept === edu ? eduClerk : healthClerk, c[key]!.id);
  }
  clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
});

afterAll(() => t.destroy());

describe('the queue search', () => {
  it('finds a two-character word inside a longer sentence, in the subject, the content and the name', async () => {
    expect(await found('噪音')).toEqual(refs('noise'));
    expect(await found('施工')).toEqual(refs('noise'));
    expect(await found('音响')).toEqual(refs('music'));
    expect(await found('赵一')).toEqual(refs('noise'));
    expect(await found('音乐')).toEqual(refs('apart'));
    const html = await search('噪音');
    expect(tabCount(html, 'todo')).toBe(1);
    expect(textOf(byId(html, 'queue-summary')!.inner)).toContain('共 1 件');
  });

  it('finds longer phrases only where their characters stand together', async () => {
    expect(await found('十点以后')).toEqual(refs('noise'));
    expect(await found('夜间施工')).toEqual(refs('noise'));
    // Every pair of 施工噪音 occurs, but not in this order and not together.
    expect(await found('施工噪音')).toEqual([]);
    expect(await found('噪音乐')).toEqual([]);
  });

  it('matches letters and digits whatever their case', async () => {
    expect(await found('app')).toEqual(refs('app'));
    expect(await found('APP')).toEqual(refs('app'));
  });

  it('searches text with punctuation literally', async () => {
    expect(await found('噪，音')).toEqual(refs('apart'));
    expect(await found('工地，')).toEqual([]);
    expect(await found('施工，噪音')).toEqual(refs('noise'));
  });

  it('finds a single character wherever it stands: inside a word, at the end of a sentence or a name', async () => {
    expect(await found('噪')).toEqual(refs('noise', 'apart'));
    expect(await found('音')).toEqual(refs('noise', 'music', 'apart'));
    // Only before a full stop: 误 (…网络错误。), 息 (…无法休息。); 四 ends the name 李四.
    expect(await found('误')).toEqual(refs('app'));
    expect(await found('息')).toEqual(refs('noise'));
    expect(await found('四')).toEqual(refs('app'));
    expect(await found('赵')).toEqual(refs('noise'));
    expect(await found('响')).toEqual(refs('music'));
    expect(await found('蝠')).toEqual([]);
    // The health department's letter has 院 and 病; this department's search never sees it.
    expect(await found('病')).toEqual([]);
  });

  it('looks up a single letter or digit by LIKE alone', async () => {
    expect(await found('p')).toEqual(refs('app'));
    expect(await found('P')).toEqual(refs('app'));
  });

  it("never shows another department's case, whatever the search", async () => {
    const html = await search('医院');
    expect(listedReferences(html)).toEqual([]);
    expect(html).toContain('没有符合条件的案件');
    expect(await found('噪音')).not.toContain(c.health!.reference);
    const other = (await loginAs(t, 'dept_staff', '卫健委')).cookie;
    expect(listedReferences(await search('噪音', 'todo', other))).toEqual([c.health!.reference]);
  });

  it("gives the office every department's matches, and the letters not dispatched yet", async () => {
    const mayor = await fileMayorLetter(t, { category: 'complaint', subject: '夜间噪音扰民', content: '小区旁的酒吧每晚噪音很大。', name: '吴六' });
    const office = (await loginAs(t, 'office_staff')).cookie;
    const officeFound = async (q: string) => listedReferences(await search(q, 'all', office)).sort();
    expect(await officeFound('噪音')).toEqual([c.noise!.reference, c.health!.reference, mayor.reference].sort());
    expect(await officeFound('吧')).toEqual([mayor.reference]);
    expect(await officeFound('病')).toEqual([c.health!.reference]);
    expect(await officeFound('噪音很大')).toEqual([c.noise!.reference, c.health!.reference, mayor.reference].sort());
  });

  it('follows a change of the text: an erased name is no longer found', async () => {
    await t.db.updateTable('cases').set({ applicant_name: '' }).where('id', '=', c.music!.id).execute();
    expect(await found('钱二')).toEqual([]);
    await t.db.updateTable('cases').set({ applicant_name: '钱二二' }).where('id', '=', c.music!.id).execute();
    expect(await found('钱二')).toEqual(refs('music'));
  });

  it('follows a case to its new department', async () => {
    const other = (await loginAs(t, 'dept_staff', '卫健委')).cookie;
    await t.db.updateTable('cases').set({ department_id: health }).where('id', '=', c.app!.id).execute();
    expect(await found('App')).toEqual([]);
    expect(listedReferences(await search('App', 'todo', other))).toEqual([c.app!.reference]);
    await t.db.updateTable('cases').set({ department_id: edu }).where('id', '=', c.app!.id).execute();
    expect(await found('App')).toEqual(refs('app'));
    expect(listedReferences(await search('App', 'todo', other))).toEqual([]);
  });
});

describe('a word in thousands of cases', () => {
  // More matches in the department (2,400) than planTextSearch fetches one by one: the department's own
  // index leads instead, and the closed tab is counted as the matches less the open ones.
  const MANY = 2800;
  let rareReference: string;

  beforeAll(async () => {
    const at = t.clock.now().toISOString();
    const base = {
      channel: 'dept_mailbox',
      category: 'complaint',
      applicant_name: '测试人',
      phone: '13812345678',
      consent_publish: 0,
      query_code_hash: 'x',
      submitted_at: at,
      received_on: '2026-02-02',
      created_at: at,
      updated_at: at,
    };
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < MANY; i++) {
        const closed = i % 3 !== 0;
        await insertCase(trx, {
          ...base,
          reference: `BM2026-${String(500_000 + i).padStart(6, '0')}`,
          status: closed ? 'closed' : 'assigned',
          // Every seventh goes to another department.
          department_id: i % 7 === 0 ? health : edu,
          subject: `工地噪音Noise第${i}号`,
          content: `夜间施工噪音扰民，编号${i}。`,
          due_on: `2026-03-${String(10 + (i % 15)).padStart(2, '0')}`,
          closed_on: closed ? '2026-02-20' : null,
        });
      }
      const rare = await insertCase(trx, { ...base, reference: 'BM2026-900000', status: 'assigned', department_id: edu, subject: '罕见的蝙蝠问题', content: '楼道里有蝙蝠。', due_on: '2026-03-05' });
      rareReference = (await trx.selectFrom('cases').select('reference').where('id', '=', rare).executeTakeFirstOrThrow()).reference;
    });
  });

  /** The bulk cases of 教育局 in todo and closed, and the todo ones' due dates and references. */
  function expectedBulk() {
    const expected = { todo: 0, closed: 0 };
    const todoDue: Array<[string, string]> = [];
    for (let i = 0; i < MANY; i++) {
      if (i % 7 === 0) continue;
      if (i % 3 === 0) {
        expected.todo++;
        todoDue.push([`2026-03-${String(10 + (i % 15)).padStart(2, '0')}`, `BM2026-${String(500_000 + i).padStart(6, '0')}`]);
      } else expected.closed++;
    }
    return { expected, todoDue };
  }

  it('counts every tab and lists the first page in due-date order', async () => {
    const { expected, todoDue } = expectedBulk();
    const html = await search('噪音');
    // The letter filed through the form is the department's one more 噪音 case in todo.
    expect(tabCount(html, 'todo')).toBe(expected.todo + 1);
    expect(tabCount(html, 'closed')).toBe(expected.closed);
    expect(tabCount(html, 'all')).toBe(expected.todo + 1 + expected.closed);
    const listed = listedReferences(html);
    expect(listed).toHaveLength(50);
    expect(listed).not.toContain(c.health!.reference);
    // Due dates: the form's letter is due first (confirmed 2 March, 投诉 15 working days = 23 March) — after the 10th–22nd.
    const first = [...todoDue].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
    expect(listed.slice(0, 10)).toEqual(first.slice(0, 10).map((x) => x[1]));

    const closed = await search('噪音乐', 'closed');
    expect(listedReferences(closed)).toEqual([]);
  });

  it('counts a common single character and a common word in capitals as the index does', async () => {
    const { expected } = expectedBulk();
    // 噪 also stands in two letters filed through the form: 噪音 and 噪，音乐.
    const char = await search('噪');
    expect([tabCount(char, 'todo'), tabCount(char, 'closed')]).toEqual([expected.todo + 2, expected.closed]);
    expect(listedReferences(char)).toHaveLength(50);
    // The subjects say Noise: letters match whatever their case.
    const word = await search('NOISE');
    expect([tabCount(word, 'todo'), tabCount(word, 'closed')]).toEqual([expected.todo, expected.closed]);
    expect(listedReferences(await search('NOISE', 'closed'))).toHaveLength(50);
    expect(listedReferences(await search('NOISY', 'closed'))).toEqual([]);
  });

  it('counts a common word within another filter too', async () => {
    const { expected } = expectedBulk();
    // Received in February: the bulk cases, not the letters filed through the form on 2 March.
    const res = await t.app.request(`/queue?tab=closed&q=${encodeURIComponent('噪音')}&from=2026-02-01&to=2026-02-28`, { headers: { cookie: clerk } });
    const html = await res.text();
    expect([tabCount(html, 'todo'), tabCount(html, 'closed'), tabCount(html, 'all')]).toEqual([expected.todo, expected.closed, expected.todo + expected.closed]);
    expect(listedReferences(html)).toHaveLength(50);
  });

  it("counts a common word across every department's cases for the office", async () => {
    const office = (await loginAs(t, 'office_staff')).cookie;
    const closedInBoth = Array.from({ length: MANY }, (_, i) => i % 3 !== 0).filter(Boolean).length;
    const html = await search('噪音', 'closed', office);
    expect(tabCount(html, 'closed')).toBe(closedInBoth);
    expect(listedReferences(html)).toHaveLength(50);
  });

  it('answers searches made at the same moment each with its own matches', async () => {
    const [common, rare, closed] = await Promise.all([search('噪音'), search('蝙蝠'), search('噪音', 'closed')]);
    expect(tabCount(common, 'closed')).toBe(tabCount(closed, 'closed'));
    expect(tabCount(common, 'todo')).toBeGreaterThan(700);
    expect(listedReferences(rare)).toEqual([rareReference]);
  });

  it('tests the cases a page walks for a common word in a department, not its thousands of matches, on either database', async () => {
    const kind = t.database.kind;
    const common = await planTextSearch(t.db, kind, '噪音', edu);
    expect(common.fewMatches).toBe(false);
    expect(confirmCommonWordByLike({ departmentId: edu, text: { value: '噪音', search: common } }).text!.search.likeDecides).toBe(true);
    // The office's search of every department keeps the index (PostgreSQL joins it; SQLite reads it into a set).
    const everywhere = await planTextSearch(t.db, kind, '噪音', null);
    expect(confirmCommonWordByLike({ departmentId: null, text: { value: '噪音', search: everywhere } }).text!.search.likeDecides).toBeUndefined();
    const rare = await planTextSearch(t.db, kind, '蝙蝠', edu);
    expect(rare.fewMatches).toBe(true);
    expect(confirmCommonWordByLike({ departmentId: edu, text: { value: '蝙蝠', search: rare } }).text!.search.likeDecides).toBeUndefined();
  });

  it('still finds a rare word among them at once', async () => {
    expect(listedReferences(await search('蝙蝠'))).toEqual([rareReference]);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('the index of PostgreSQL', () => {
  it('cuts text exactly like the application', async () => {
    const samples = ['夜间施工，噪音很大！', 'App闪退 v2.0版本', '噪,音 a b 12', '', '一', '㐀丁𠀀中文', 'ＡＢ全角'];
    for (const text of samples) {
      const { rows } = await sql<{ terms: string }>`select case_search_terms(${text}) as terms`.execute(t.db);
      expect(rows[0]!.terms.split(/\s+/).filter(Boolean), text).toEqual(documentTerms(text));
    }
  });

  it("holds a case's terms as its department's own too", async () => {
    const matches = async (query: string) => {
      const { rows } = await sql<{ hit: boolean }>`
        select body @@ to_tsquery('simple', ${query}) as hit from case_search where case_id = ${c.noise!.id}`.execute(t.db);
      return rows[0]!.hit;
    };
    expect(await matches(`d${edu}q噪音`)).toBe(true);
    expect(await matches(`d${health}q噪音`)).toBe(false);
    expect(await matches('噪音')).toBe(true);
  });

  it('asks without JIT compilation, which costs the queue more than it saves', async () => {
    const { rows } = await sql<{ jit: string }>`show jit`.execute(t.db);
    expect(rows[0]!.jit).toBe('off');
  });

  it('asks without parallel workers, whose start costs a queue page more than its whole query', async () => {
    const { rows } = await sql<{ max_parallel_workers_per_gather: string }>`show max_parallel_workers_per_gather`.execute(t.db);
    expect(rows[0]!.max_parallel_workers_per_gather).toBe('0');
  });
});
