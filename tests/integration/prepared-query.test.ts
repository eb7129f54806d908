// A prepared query runs the SQL compiled at its first run with each run's own values, in a transaction
// or not, on either database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { prepareQuery } from '../../src/db/prepared-query.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let t: TestDatabase;

beforeEach(async () => {
  t = await createTestDatabase();
});

afterEach(async () => {
  await t.destroy();
});

const insertSetting = prepareQuery((db, p: { key: string; value: string }) => db.insertInto('settings').values({ key: p.key, value: p.value }));
const findSettings = prepareQuery((db, p: { prefix: string; after: string }) =>
  db.selectFrom('settings').select(['key', 'value']).where('key', 'like', p.prefix).where('key', '>', p.after).orderBy('key'),
);

describe('prepareQuery', () => {
  it('binds each run its own values by name, inside a transaction and outside', async () => {
    await insertSetting(t.db, { key: 'prep-a', value: '甲' });
    await t.db.transaction().execute(async (trx) => {
      await insertSetting(trx, { value: '乙', key: 'prep-b' });
      await insertSetting(trx, { key: 'prep-c', value: '丙' });
    });
    expect((await findSettings(t.db, { prefix: 'prep-%', after: 'prep-a' })).rows).toEqual([
      { key: 'prep-b', value: '乙' },
      { key: 'prep-c', value: '丙' },
    ]);
    expect((await findSettings(t.db, { prefix: 'prep-%', after: '' })).rows.map((r) => r.key)).toEqual(['prep-a', 'prep-b', 'prep-c']);
  });

  it('refuses a placeholder that Kysely would not pass as a parameter, rather than run without its value', async () => {
    const broken = prepareQuery((db, p: { key: string }) => db.selectFrom('settings').select('key').where(sql.raw(`key = '${String(p.key)}'`) as never));
    await expect(broken(t.db, { key: 'x' })).rejects.toThrow('no parameter for key');
  });
});
