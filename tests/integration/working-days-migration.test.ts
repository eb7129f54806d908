// Migration 20261127070000 stores the working days each closed case took: on a database that already holds
// closed cases (an upgrade), it fills them from the calendar in the database, the same count the app makes.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../../migrations/20261127070000_store_working_days_to_close.ts';
import * as groupIndex from '../../migrations/20261127130000_index_stats_by_group.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('the migration that stores working days to close', () => {
  it('fills every closed case from the calendar, leaves open ones and spans beyond the calendar null', async () => {
    // Back to the schema it was written for: the later statistics index holds the column.
    await groupIndex.down(t.db);
    await down(t.db);
    const at = '2025-01-01T02:00:00.000Z';
    const row = (reference: string, received: string, closed: string | null) => ({
      reference, channel: 'disclosure', status: closed ? 'closed' : 'assigned', subject: '事项', content: '内容', applicant_name: '申请人',
      phone: '13812345678', consent_publish: 0, query_code_hash: 'x', submitted_at: at, received_on: received, closed_on: closed,
      created_at: at, updated_at: at,
    });
    // The migration is written for the table as it was before it: no working_days_to_close column yet.
    await (t.db as unknown as Kysely<any>).insertInto('cases').values([
      row('M-1', '2025-09-26', '2025-10-10'), // 28 (Sunday, worked), 29, 30 September, 9, 10 October
      row('M-2', '2024-12-20', '2025-01-10'), // 23–27, 30, 31 December; 2, 3, 6–10 January: across two years
      row('M-3', '2025-03-03', '2025-03-03'), // closed the day it was received
      row('M-4', '2025-03-03', null), // open
      row('M-5', '2026-12-28', '2027-01-04'), // 2027 has no schedule yet
    ]).execute();

    await up(t.db);
    await groupIndex.up(t.db);

    const stored = await t.db.selectFrom('cases').select(['reference', 'working_days_to_close']).where('reference', 'like', 'M-%').orderBy('reference').execute();
    expect(stored.map((c) => [c.reference, c.working_days_to_close === null ? null : Number(c.working_days_to_close)])).toEqual([
      ['M-1', 5],
      ['M-2', 14],
      ['M-3', 0],
      ['M-4', null],
      ['M-5', null],
    ]);
  });
});
