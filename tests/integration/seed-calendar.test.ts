// The working-day calendar seeded from chinese-days: every packaged year on the first start, later only
// the years the database lacks; a year the office entered or edited is never overwritten.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listHolidaysOfYear } from '../../src/admin/queries.ts';
import { seedDatabase } from '../../src/db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.destroy();
});

const daysOf = (year: number) => listHolidaysOfYear(t.db, year);

describe('calendar seed', () => {
  it('holds every packaged year from 2004 with its off days and make-up working days', async () => {
    const years = (await t.db.selectFrom('calendar_years').select(['year', 'source']).orderBy('year').execute()).map((r) => [r.year, r.source]);
    expect(years[0]).toEqual([2004, 'chinese-days']);
    expect(years).toContainEqual([2026, 'chinese-days']);
    const y2025 = await daysOf(2025);
    expect(y2025).toContainEqual({ date: '2025-10-01', kind: 'off', name: '国庆节' });
    // 28 September 2025 was a Sunday worked for the National Day holiday.
    expect(y2025).toContainEqual({ date: '2025-09-28', kind: 'work', name: '国庆节' });
  });

  it('adds back only a year the database lacks, and leaves the years it has as they are', async () => {
    const y2020 = await daysOf(2020);
    expect(y2020.length).toBeGreaterThan(20);
    await t.db.deleteFrom('holidays').where('date', '>=', '2020-01-01').where('date', '<=', '2020-12-31').execute();
    await t.db.deleteFrom('calendar_years').where('year', '=', 2020).execute();
    // The office moved a day of 2025 (a correction the package does not have).
    await t.db.updateTable('holidays').set({ kind: 'work', name: '办公室更正' }).where('date', '=', '2025-10-08').execute();
    // A case closed in 2020 while the year was missing: its working days unknown until the year is back.
    const at = '2020-09-25T02:00:00.000Z';
    await t.db.insertInto('cases').values({
      reference: 'SEED-1', channel: 'mayor_mailbox', status: 'closed', subject: '事项', content: '内容', applicant_name: '申请人',
      phone: '13812345678', consent_publish: 0, query_code_hash: 'x', submitted_at: at, received_on: '2020-09-25',
      closed_on: '2020-10-12', working_days_to_close: null, created_at: at, updated_at: at,
    }).execute();

    await seedDatabase(t.db, new Date('2026-03-03T02:00:00Z'));

    expect(await daysOf(2020)).toEqual(y2020);
    // 27 September and 10 October were weekend days worked; 1–8 October off: 27–30 September, 9, 10, 12 October.
    const counted = await t.db.selectFrom('cases').select('working_days_to_close').where('reference', '=', 'SEED-1').executeTakeFirstOrThrow();
    expect(counted.working_days_to_close).toBe(7);
    expect(await daysOf(2025)).toContainEqual({ date: '2025-10-08', kind: 'work', name: '办公室更正' });
  });
});
