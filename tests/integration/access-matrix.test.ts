// Access control, generated from ONE table: every staff route × every kind of visitor → what they get.
// A department clerk reaches only its own department's cases (another department's case answers 404,
// exactly like a case that does not exist), and so do its attachments and its rows in the export;
// office pages are the office's, admin pages the admin's. Every refused POST leaves the database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/service.ts';
import { departmentId, fileDisclosure, fileMayorLetter, type FiledCase } from '../helpers/cases.ts';
import { pdfBytes, postMultipart } from '../fixtures/attachments/samples.ts';
import { byId, textOf } from '../helpers/html.ts';
import { loginAs, type TestStaff } from '../helpers/staff.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

const VISITORS = ['anonymous', 'own_clerk', 'other_clerk', 'office_staff', 'office_admin'] as const;
type Visitor = (typeof VISITORS)[number];

/**
 * 'login': sent to the login page (303). 'judged': let through, the move itself is then judged on its
 * merits (303 done, 409 not in this state, 422 invalid input); never 401/403/404 or a 5xx.
 */
type Outcome = 200 | 303 | 403 | 404 | 'login' | 'judged';
type Access = Record<Visitor, Outcome>;

/** What the table's URLs and bodies are made of; `fresh` gives each let-through case move its own new case. */
interface Fixture {
  edu: number;
  health: number;
  /** A 区长信箱 letter handled by 教育局 (the own clerk's department). */
  eduCase: FiledCase;
  /** A disclosure application of 教育局 whose draft has an outcome, so it has a 答复告知书. */
  eduNoticeCase: FiledCase;
  /** A new letter waiting at the office's intake. */
  submitted: FiledCase;
  /** A reply attachment of eduCase. */
  eduAttachmentId: number;
  /** A reply attachment of a 卫健委 case. */
  healthAttachmentId: number;
  spareUserId: number;
  spareDepartmentId: number;
  lastYear: number;
}

interface Row {
  method: 'GET' | 'POST';
  /** The route as the app registers it. */
  route: string;
  url: (f: Fixture) => string;
  body?: (f: Fixture) => Record<string, string>;
  access: Access;
  /** A let-through POST changes what it acts on: each such attempt gets its own (a new case, a new attachment). */
  fresh?: () => Promise<Partial<Fixture>>;
  /** The test's name when the route alone does not say it. */
  label?: string;
}

const any = (ok: Outcome): Access => ({ anonymous: 'login', own_clerk: ok, other_clerk: ok, office_staff: ok, office_admin: ok });
/** A case of 教育局: its clerk and the office; another department's clerk must not learn it exists. */
const caseOf = (ok: Outcome): Access => ({ anonymous: 'login', own_clerk: ok, other_clerk: 404, office_staff: ok, office_admin: ok });
const caseOfficeOnly: Access = { anonymous: 'login', own_clerk: 403, other_clerk: 404, office_staff: 'judged', office_admin: 'judged' };
const office = (ok: Outcome): Access => ({ anonymous: 'login', own_clerk: 403, other_clerk: 403, office_staff: ok, office_admin: ok });
const admin = (ok: Outcome): Access => ({ anonymous: 'login', own_clerk: 403, other_clerk: 403, office_staff: 403, office_admin: ok });

const CASE_ACTION = '/cases/:id{[0-9]+}/:action{[a-z-]+}';
const caseAction = (slug: string, access: Access, body: (f: Fixture) => Record<string, string> = () => ({})): Row => ({
  method: 'POST',
  route: CASE_ACTION,
  url: (f) => `/cases/${f.eduCase.id}/${slug}`,
  body,
  access,
  fresh: async () => ({ eduCase: await freshEduCase() }),
  label: `POST /cases/:id/${slug}`,
});

const TODAY = '2026-03-02';

// ------------------------------------------------------------------------------------- THE TABLE
const MATRIX: Row[] = [
  { method: 'GET', route: '/staff', url: () => '/staff', access: any(303) },
  { method: 'GET', route: '/queue', url: () => '/queue', access: any(200) },
  { method: 'GET', route: '/queue/export.csv', url: () => '/queue/export.csv', access: any(200) },
  { method: 'GET', route: '/cases/:id{[0-9]+}', url: (f) => `/cases/${f.eduCase.id}`, access: caseOf(200) },
  { method: 'GET', route: '/cases/:id{[0-9]+}/notice', url: (f) => `/cases/${f.eduNoticeCase.id}/notice`, access: caseOf(200) },

  caseAction('confirm', caseOf('judged'), () => ({ received_on: TODAY })),
  caseAction('invalidate', caseOf('judged'), () => ({ reason: 'spam', note: '广告' })),
  caseAction('dispatch', caseOfficeOnly, (f) => ({ department_id: String(f.health) })),
  caseAction('hand-back', caseOf('judged'), () => ({ reason: '不属于本单位职责' })),
  caseAction('transfer', caseOf('judged'), (f) => ({ department_id: String(f.health), reason: '属于卫健委职责' })),
  caseAction('request-supplement', caseOf('judged'), () => ({ missing: '请写明具体地点' })),
  caseAction('record-supplement', caseOf('judged'), () => ({ content: '地点为人民路', received_on: TODAY })),
  caseAction('close-no-supplement', caseOfficeOnly),
  caseAction('start-consultation', caseOf('judged'), () => ({ party: 'third_party', note: '征求意见' })),
  caseAction('end-consultation', caseOf('judged'), () => ({ note: '意见已回复' })),
  caseAction('request-extension', caseOf('judged'), () => ({ days: '10', reason: '需调取资料' })),
  caseAction('decide-extension', caseOfficeOnly, () => ({ decision: 'approve', comment: '同意' })),
  caseAction('save-draft', caseOf('judged'), () => ({ reply_text: '答复如下。', outcome: '' })),
  caseAction('submit-for-review', caseOf('judged')),
  caseAction('return-draft', caseOfficeOnly, () => ({ comment: '请补充依据' })),
  caseAction('approve', caseOfficeOnly),
  caseAction('reopen', caseOfficeOnly, () => ({ reason: '申请人不满意' })),
  caseAction('notes', caseOf('judged'), () => ({ note: '已电话联系' })),
  {
    method: 'GET',
    route: '/cases/:id{[0-9]+}/attachments/:attachmentId{[0-9]+}',
    url: (f) => `/cases/${f.eduCase.id}/attachments/${f.eduAttachmentId}`,
    access: caseOf(200),
  },
  // Sent without a file: let through, it is refused for that (422); another department still learns nothing (404).
  {
    method: 'POST',
    route: '/cases/:id{[0-9]+}/attachments',
    url: (f) => `/cases/${f.eduCase.id}/attachments`,
    access: caseOf('judged'),
    fresh: async () => ({ eduCase: await freshEduCase() }),
  },
  {
    method: 'POST',
    route: '/cases/:id{[0-9]+}/attachments/:attachmentId{[0-9]+}/delete',
    url: (f) => `/cases/${f.eduCase.id}/attachments/${f.eduAttachmentId}/delete`,
    access: caseOf('judged'),
    fresh: async () => {
      const eduCase = await freshEduCase();
      return { eduCase, eduAttachmentId: await attachReply(eduCase, who.own_clerk) };
    },
  },

  { method: 'GET', route: '/office/intake', url: () => '/office/intake', access: office(200) },
  {
    method: 'POST',
    route: '/office/intake/dispatch',
    url: () => '/office/intake/dispatch',
    body: (f) => ({ case_ids: String(f.submitted.id), department_id: String(f.edu) }),
    access: office('judged'),
  },
  {
    method: 'POST',
    route: '/office/intake/invalidate',
    url: () => '/office/intake/invalidate',
    body: (f) => ({ case_ids: String(f.submitted.id), reason: 'duplicate', note: '' }),
    access: office('judged'),
  },
  { method: 'GET', route: '/office/review', url: () => '/office/review', access: office(200) },
  { method: 'POST', route: '/office/review/:id{[0-9]+}/approve', url: (f) => `/office/review/${f.eduCase.id}/approve`, access: office('judged') },
  {
    method: 'POST',
    route: '/office/review/:id{[0-9]+}/return',
    url: (f) => `/office/review/${f.eduCase.id}/return`,
    body: () => ({ comment: '请补充依据' }),
    access: office('judged'),
  },
  { method: 'GET', route: '/office/extensions', url: () => '/office/extensions', access: office(200) },
  {
    method: 'POST',
    route: '/office/extensions/:id{[0-9]+}',
    url: (f) => `/office/extensions/${f.eduCase.id}`,
    body: () => ({ decision: 'approve', comment: '同意' }),
    access: office('judged'),
  },
  { method: 'GET', route: '/office/supplements', url: () => '/office/supplements', access: office(200) },
  { method: 'POST', route: '/office/supplements/:id{[0-9]+}/close', url: (f) => `/office/supplements/${f.eduCase.id}/close`, access: office('judged') },
  { method: 'GET', route: '/office/stats', url: () => '/office/stats', access: office(200) },
  { method: 'GET', route: '/office/stats/export.csv', url: () => '/office/stats/export.csv?table=channels', access: office(200) },
  { method: 'GET', route: '/office/stats/export.xlsx', url: () => '/office/stats/export.xlsx?table=channels', access: office(200) },
  { method: 'GET', route: '/office/report', url: () => '/office/report', access: office(303) },
  { method: 'GET', route: '/office/report/:year{[0-9]{4}}', url: (f) => `/office/report/${f.lastYear}`, access: office(200) },
  { method: 'GET', route: '/office/report/:year{[0-9]{4}}/print', url: (f) => `/office/report/${f.lastYear}/print`, access: office(200) },
  { method: 'GET', route: '/office/report/:file{[0-9]{4}\\.(?:docx|xlsx|json)}', url: (f) => `/office/report/${f.lastYear}.json`, access: office(200) },
  { method: 'POST', route: '/office/report/:year{[0-9]{4}}/sections', url: (f) => `/office/report/${f.lastYear}/sections`, body: () => ({ regenerate: '1' }), access: office('judged') },
  { method: 'POST', route: '/office/report/:year{[0-9]{4}}/finalize', url: (f) => `/office/report/${f.lastYear}/finalize`, access: office('judged') },
  {
    method: 'POST',
    route: '/office/report/:year{[0-9]{4}}/reopen',
    url: (f) => `/office/report/${f.lastYear}/reopen`,
    body: () => ({ reason: '数据有误' }),
    access: admin('judged'),
  },

  { method: 'GET', route: '/admin', url: () => '/admin', access: admin(303) },
  { method: 'GET', route: '/admin/users', url: () => '/admin/users', access: admin(200) },
  { method: 'POST', route: '/admin/users', url: () => '/admin/users', body: () => ({ login: '', display_name: '', role: '' }), access: admin('judged') },
  { method: 'GET', route: '/admin/users/password', url: () => '/admin/users/password', access: admin(303) },
  { method: 'POST', route: '/admin/users/:id/deactivate', url: (f) => `/admin/users/${f.spareUserId}/deactivate`, access: admin('judged') },
  { method: 'POST', route: '/admin/users/:id/reactivate', url: (f) => `/admin/users/${f.spareUserId}/reactivate`, access: admin('judged') },
  { method: 'POST', route: '/admin/users/:id/password', url: (f) => `/admin/users/${f.spareUserId}/password`, access: admin('judged') },
  { method: 'GET', route: '/admin/departments', url: () => '/admin/departments', access: admin(200) },
  { method: 'POST', route: '/admin/departments', url: () => '/admin/departments', body: () => ({ name: '', short_name: '', email: '' }), access: admin('judged') },
  { method: 'GET', route: '/admin/departments/:id', url: (f) => `/admin/departments/${f.spareDepartmentId}`, access: admin(200) },
  {
    method: 'POST',
    route: '/admin/departments/:id',
    url: (f) => `/admin/departments/${f.spareDepartmentId}`,
    body: () => ({ name: '', short_name: '', email: '' }),
    access: admin('judged'),
  },
  { method: 'POST', route: '/admin/departments/:id/deactivate', url: (f) => `/admin/departments/${f.spareDepartmentId}/deactivate`, access: admin('judged') },
  { method: 'POST', route: '/admin/departments/:id/reactivate', url: (f) => `/admin/departments/${f.spareDepartmentId}/reactivate`, access: admin('judged') },
  { method: 'GET', route: '/admin/calendar', url: () => '/admin/calendar', access: admin(200) },
  { method: 'POST', route: '/admin/calendar/:year', url: () => '/admin/calendar/2027', body: () => ({ schedule: '' }), access: admin('judged') },
  { method: 'GET', route: '/admin/settings', url: () => '/admin/settings', access: admin(200) },
  { method: 'POST', route: '/admin/settings', url: () => '/admin/settings', body: () => ({ inquiry: '' }), access: admin('judged') },
  { method: 'GET', route: '/admin/mail', url: () => '/admin/mail', access: admin(200) },
  { method: 'POST', route: '/admin/mail/:id/retry', url: () => '/admin/mail/999999/retry', access: admin('judged') },
];

/** Staff-side routes deliberately outside the table, and why. */
const NOT_GUARDED: Record<string, string> = {
  'GET /staff/login': 'the login page itself',
  'POST /staff/login': 'the login form',
  'POST /staff/logout': 'anyone may end their own session',
};

const STAFF_PREFIX = /^\/(staff|queue|cases|office|admin)(\/|$)/;

let t: TestApp;
let f: Fixture;
let who: Record<Exclude<Visitor, 'anonymous'>, TestStaff>;
let healthCase: FiledCase;

async function dispatchTo(c: FiledCase, department: number) {
  const res = await postForm(t, `/cases/${c.id}/dispatch`, { department_id: String(department) }, { cookie: who.office_admin.cookie });
  expect(res.status).toBe(303);
}

/** A department's reply attachment, uploaded through the case page's form; answers its id. */
async function attachReply(c: FiledCase, staff: TestStaff): Promise<number> {
  const res = await postMultipart(t, `/cases/${c.id}/attachments`, {}, [{ name: '答复附件.pdf', bytes: pdfBytes('Reply'), type: 'application/pdf' }], {
    cookie: staff.cookie,
  });
  expect(res.status, await res.clone().text()).toBe(303);
  const row = await t.db
    .withTables<{ attachments: { id: number; case_id: number } }>()
    .selectFrom('attachments')
    .select('id')
    .where('case_id', '=', c.id)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function freshEduCase(): Promise<FiledCase> {
  const c = await fileMayorLetter(t, { subject: '新来信（权限测试）' });
  await dispatchTo(c, f.edu);
  return c;
}

/** Every table but the per-request bookkeeping (sessions, rate counts), rows sorted: equal means nothing changed. */
async function snapshot(): Promise<string> {
  const tables = (await t.db.introspection.getTables()).map((x) => x.name).filter((n) => !/^(sessions|throttle|kysely_migration.*)$/.test(n));
  const parts: string[] = [];
  for (const name of tables.sort()) {
    const rows = await t.db.selectFrom(name as 'cases').selectAll().execute();
    parts.push(`${name}:${rows.map((r) => JSON.stringify(r)).sort().join('\n')}`);
  }
  return parts.join('\n\n');
}

function request(row: Row, url: string, visitor: Visitor) {
  const cookie = visitor === 'anonymous' ? undefined : who[visitor].cookie;
  if (row.method === 'GET') return t.app.request(url, { headers: cookie ? { cookie } : {} });
  return postForm(t, url, row.body?.(f) ?? {}, { cookie });
}

beforeAll(async () => {
  t = await createTestApp();
  who = {
    own_clerk: await loginAs(t, 'dept_staff', '教育局'),
    other_clerk: await loginAs(t, 'dept_staff', '卫健委'),
    office_staff: await loginAs(t, 'office_staff'),
    office_admin: await loginAs(t, 'office_admin'),
  };
  const edu = await departmentId(t, '教育局');
  const health = await departmentId(t, '卫健委');
  const spareUser = await createUser(t.db, { login: 'spare1', role: 'dept_staff', department: '教育局', displayName: '备用账号' }, t.clock.now());
  const added = await postForm(t, '/admin/departments', { name: '示例区权限测试局', short_name: '测试局', email: '' }, { cookie: who.office_admin.cookie });
  expect(added.status).toBe(303);
  const spareDepartment = await t.db.selectFrom('departments').select('id').where('short_name', '=', '测试局').executeTakeFirstOrThrow();

  const eduCase = await fileMayorLetter(t, { subject: '教育局承办的来信' });
  const eduNoticeCase = await fileDisclosure(t, { description: '请公开2025年学校建设项目清单。' });
  healthCase = await fileMayorLetter(t, { subject: '卫健委承办的来信' });
  const submitted = await fileMayorLetter(t, { subject: '待受理的来信' });
  f = {
    edu,
    health,
    eduCase,
    eduNoticeCase,
    submitted,
    eduAttachmentId: 0,
    healthAttachmentId: 0,
    spareUserId: spareUser.id,
    spareDepartmentId: spareDepartment.id,
    lastYear: 2025,
  };
  await dispatchTo(eduCase, edu);
  await dispatchTo(eduNoticeCase, edu);
  await dispatchTo(healthCase, health);
  f.eduAttachmentId = await attachReply(eduCase, who.own_clerk);
  f.healthAttachmentId = await attachReply(healthCase, who.other_clerk);
  const draft = await postForm(t, `/cases/${eduNoticeCase.id}/save-draft`, { outcome: 'granted', reply_text: '予以公开，见附件。' }, { cookie: who.own_clerk.cookie });
  expect(draft.status).toBe(303);
});

afterAll(async () => {
  await t.destroy();
});

describe('the table', () => {
  it('covers every staff route the app has (a new route must be added to the table)', () => {
    const registered = new Set(
      t.app.routes.filter((r) => r.method !== 'ALL' && STAFF_PREFIX.test(r.path)).map((r) => `${r.method} ${r.path}`),
    );
    const listed = new Set([...MATRIX.map((r) => `${r.method} ${r.route}`), ...Object.keys(NOT_GUARDED)]);
    expect([...registered].filter((r) => !listed.has(r)), 'routes missing from the table').toEqual([]);
    expect([...listed].filter((r) => !registered.has(r)), 'table rows for routes that do not exist').toEqual([]);
  });
});

describe('every staff route × every visitor', () => {
  for (const row of MATRIX) {
    const label = row.label ?? `${row.method} ${row.route}`;
    it(`${label}: ${VISITORS.map((v) => `${v} → ${row.access[v]}`).join(', ')}`, async () => {
      for (const visitor of VISITORS) {
        const expected = row.access[visitor];
        const refused = expected === 'login' || expected === 403 || expected === 404;
        // A let-through move gets a case (or attachment) of its own, so no attempt depends on another.
        const fixture = row.fresh && !refused ? { ...f, ...(await row.fresh()) } : f;
        const before = row.method === 'POST' && refused ? await snapshot() : null;
        const res = await request(row, row.url(fixture), visitor);
        const what = `${label} as ${visitor}`;

        if (expected === 'login') {
          expect(res.status, what).toBe(303);
          expect(res.headers.get('location'), what).toMatch(/^\/staff\/login\?next=/);
        } else if (expected === 'judged') {
          expect([200, 303, 409, 422], `${what} (${res.status})`).toContain(res.status);
        } else {
          expect(res.status, what).toBe(expected);
        }
        if (expected === 403 || expected === 404) {
          const html = await res.text();
          expect(textOf(byId(html, 'main')?.inner ?? ''), what).toMatch(expected === 403 ? /没有权限|此操作由区政府办公室办理/ : /未找到/);
        }
        if (before !== null) expect(await snapshot(), `${what}: the database is unchanged`).toBe(before);
      }
    });
  }
});

describe("another department's case", () => {
  it('answers 404 exactly like a case that does not exist, on the page, the notice and every action', async () => {
    const clerk = who.other_clerk.cookie;
    const missing = await t.app.request('/cases/999999', { headers: { cookie: clerk } });
    const foreign = await t.app.request(`/cases/${f.eduCase.id}`, { headers: { cookie: clerk } });
    expect(missing.status).toBe(404);
    expect(foreign.status).toBe(404);
    const foreignText = textOf(byId(await foreign.text(), 'main')!.inner);
    expect(foreignText).toBe(textOf(byId(await missing.text(), 'main')!.inner));
    expect(foreignText).not.toContain('教育局承办的来信');

    // An empty form is no way around it either: the case is looked up before the input is judged.
    for (const slug of ['notes', 'transfer', 'request-extension', 'decide-extension', 'dispatch', 'save-draft']) {
      const res = await postForm(t, `/cases/${f.eduCase.id}/${slug}`, {}, { cookie: clerk });
      expect(res.status, slug).toBe(404);
      expect(await res.text(), slug).not.toContain('教育局承办的来信');
    }
  });

  it("has attachments no one else reaches, not even through a case id of one's own", async () => {
    const get = (path: string, staff: TestStaff) => t.app.request(path, { headers: { cookie: staff.cookie } });
    expect((await get(`/cases/${healthCase.id}/attachments/${f.healthAttachmentId}`, who.other_clerk)).status).toBe(200);
    expect((await get(`/cases/${healthCase.id}/attachments/${f.healthAttachmentId}`, who.own_clerk)).status).toBe(404);
    // The attachment id of another case under one's own case id.
    expect((await get(`/cases/${f.eduCase.id}/attachments/${f.healthAttachmentId}`, who.own_clerk)).status).toBe(404);
    expect((await get(`/cases/${f.eduCase.id}/attachments/${f.healthAttachmentId}`, who.office_staff)).status).toBe(404);
    const before = await snapshot();
    const res = await postForm(t, `/cases/${f.eduCase.id}/attachments/${f.healthAttachmentId}/delete`, {}, { cookie: who.own_clerk.cookie });
    expect(res.status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it("is not in the clerk's queue or CSV export, whatever the filters say; the office sees both departments", async () => {
    const other = healthCase.reference;
    const own = f.eduCase.reference;
    const textAs = async (staff: TestStaff, path: string) => (await t.app.request(path, { headers: { cookie: staff.cookie } })).text();
    const asClerk = (path: string) => textAs(who.own_clerk, path);
    // The list of cases (the search box and the links keep what the clerk typed).
    const results = async (path: string) => byId(await asClerk(path), 'queue-table')?.inner ?? '';
    expect(await results('/queue')).toContain(own);
    for (const path of ['/queue', `/queue?department=${f.health}`, `/queue?q=${other}`, '/queue?tab=closed', '/queue?tab=overdue']) {
      expect(await results(path), path).not.toContain(other);
    }
    const csv = await asClerk('/queue/export.csv');
    expect(csv).toContain(own);
    expect(csv).not.toContain(other);
    for (const path of [`/queue/export.csv?department=${f.health}`, `/queue/export.csv?q=${other}`]) {
      expect(await asClerk(path), path).not.toContain(other);
    }

    const otherCsv = await textAs(who.other_clerk, '/queue/export.csv');
    expect(otherCsv).toContain(other);
    expect(otherCsv).not.toContain(own);

    const officeCsv = await textAs(who.office_staff, '/queue/export.csv');
    expect(officeCsv).toContain(own);
    expect(officeCsv).toContain(other);
  });
});
