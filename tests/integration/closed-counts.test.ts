// The 已办结 tab counts closed cases from counters that triggers keep (closed_case_counts migration):
// closing, reopening, a direct write and a deletion must all move them, for a department and the office.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { insertCase } from '../../src/cases/queries.ts';
import { approveReply, confirmCase, rateReply, reopenCase, saveDraft, submitForReview, type CaseDeps } from '../../src/cases/service.ts';
import type { Role, StaffUser } from '../../src/domain/roles.ts';
import { departmentId, fileDeptLetter } from '../helpers/cases.ts';
import { byId, textOf } from '../helpers/html.ts';
import { loginAs } from '../helpers/staff.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let deps: CaseDeps;
let edu: number;
let health: number;
let eduCookie: string;
let officeCookie: string;

async function staffUser(role: Role, department?: string): Promise<StaffUser & { cookie: string }> {
  const { id, cookie } = await loginAs(t, role, department);
  const row = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { id, login: row.login, role, departmentId: row.department_id, displayName: row.display_name, email: null, cookie };
}

/** The 已办结 count on the queue page; with a filter the cases are counted one by one instead. */
async function closedCount(cookie: string, query = '') {
  const html = await (await t.app.request(`/queue?tab=closed${query}`, { headers: { cookie } })).text();
  return Number(/（(\d+)）/.exec(textOf(byId(html, 'queue-tab-closed')!.inner))![1]);
}

async function expectCounts(eduClosed: number, allClosed: number) {
  expect(await closedCount(eduCookie)).toBe(eduClosed);
  // The same figure counted row by row (a filter that every case passes).
  expect(await closedCount(eduCookie, '&from=2000-01-01')).toBe(eduClosed);
  expect(await closedCount(officeCookie)).toBe(allClosed);
  expect(await closedCount(officeCookie, '&from=2000-01-01')).toBe(allClosed);
}

beforeAll(async () => {
  t = await createTestApp();
  deps = { db: t.db, dbKind: t.database.kind, clock: t.clock, calendar: createCalendarSource(t.db), config: t.config };
  edu = await departmentId(t, '教育局');
  health = await departmentId(t, '卫健委');
});

afterAll(() => t.destroy());

it('moves with closing, reopening, direct writes and deletions', async () => {
  const eduClerk = await staffUser('dept_staff', '教育局');
  const office = await staffUser('office_staff');
  eduCookie = eduClerk.cookie;
  officeCookie = office.cookie;
  await expectCounts(0, 0);

  const letter = await fileDeptLetter(t, edu, { category: 'inquiry', subject: '学区划分咨询' });
  await confirmCase(deps, eduClerk, letter.id);
  await saveDraft(deps, eduClerk, letter.id, { replyText: '学区划分以区教育局公布的方案为准。' });
  await submitForReview(deps, eduClerk, letter.id);
  await approveReply(deps, office, letter.id);
  await expectCounts(1, 1);

  // Rated 不满意 and reopened: open again, no longer counted as closed.
  await rateReply(deps, letter.id, { rating: 'dissatisfied' });
  await expectCounts(1, 1);
  await reopenCase(deps, office, letter.id, { reason: '请补充说明划片依据' });
  await expectCounts(0, 0);

  // Written straight to the table (as the historical import and the benchmark do), in two departments.
  const at = t.clock.now().toISOString();
  const row = (reference: string, department: number) => ({
    reference,
    channel: 'dept_mailbox',
    status: 'closed',
    department_id: department,
    category: 'other',
    subject: '历史来信',
    content: '历史来信内容',
    applicant_name: '',
    phone: '',
    consent_publish: 0,
    query_code_hash: 'x',
    submitted_at: at,
    received_on: '2025-05-06',
    closed_on: '2025-05-20',
    created_at: at,
    updated_at: at,
  });
  const ids = [await insertCase(t.db, row('BM2025-000001', edu)), await insertCase(t.db, row('BM2025-000002', edu)), await insertCase(t.db, row('BM2025-000003', health))];
  await expectCounts(2, 3);

  // Moved to another department while closed, then deleted.
  await t.db.updateTable('cases').set({ department_id: health }).where('id', '=', ids[0]!).execute();
  await expectCounts(1, 3);
  await t.db.deleteFrom('case_events').where('case_id', 'in', ids).execute();
  await t.db.deleteFrom('cases').where('id', 'in', ids).execute();
  await expectCounts(0, 0);
});
