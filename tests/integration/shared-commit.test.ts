// Writes that arrive together share one commit, yet each stays all or nothing and is answered only
// once it is on disk (SQLite); on PostgreSQL each is its own transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { inSharedCommit } from '../../src/db/shared-commit.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let t: TestDatabase;
let observer: Database;

beforeEach(async () => {
  t = await createTestDatabase();
  // A second connection sees only what is committed.
  observer = openDatabase(t.url);
});

afterEach(async () => {
  await observer.close();
  await t.destroy();
});

const note = (key: string) => (trx: Parameters<Parameters<typeof inSharedCommit>[1]>[0]) =>
  trx.insertInto('settings').values({ key, value: 'x' }).execute().then(() => key);

async function committedKeys(): Promise<string[]> {
  const rows = await observer.db.selectFrom('settings').select('key').where('key', 'like', 'shared-%').orderBy('key').execute();
  return rows.map((r) => r.key);
}

describe('inSharedCommit', () => {
  it('answers each write only after it is committed, with the writes of one burst in one transaction on SQLite', async () => {
    const seenBeforeThird: string[][] = [];
    const results = await Promise.all([
      inSharedCommit(t.db, note('shared-1')),
      inSharedCommit(t.db, note('shared-2')),
      inSharedCommit(t.db, async (trx) => {
        seenBeforeThird.push(await committedKeys());
        return note('shared-3')(trx);
      }),
    ]);
    expect(results).toEqual(['shared-1', 'shared-2', 'shared-3']);
    // On SQLite the first two were still uncommitted when the third ran: one shared commit.
    // (On PostgreSQL each is its own transaction, committed in whatever order the pool runs them.)
    if (t.kind === 'sqlite') expect(seenBeforeThird[0]).toEqual([]);
    expect(await committedKeys()).toEqual(['shared-1', 'shared-2', 'shared-3']);
  });

  it('keeps nothing of the write that failed; the others of the batch are stored (run again without it)', async () => {
    const outcomes = await Promise.allSettled([
      inSharedCommit(t.db, note('shared-a')),
      inSharedCommit(t.db, async (trx) => {
        await note('shared-b')(trx);
        throw new Error('refused after writing');
      }),
      inSharedCommit(t.db, note('shared-c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused after writing');
    expect(await committedKeys()).toEqual(['shared-a', 'shared-c']);
  });

  it.runIf(!process.env.TEST_DATABASE_URL)(
    'when the shared commit fails, no write of the batch is stored and every caller gets the error',
    async () => {
      const outcomes = await Promise.allSettled([
        inSharedCommit(t.db, note('shared-x')),
        // A foreign key checked only at commit: the commit itself fails, as on a full disk.
        inSharedCommit(t.db, async (trx) => {
          await sql`pragma defer_foreign_keys = on`.execute(trx);
          await sql`insert into case_events (case_id, type, at, actor_label, visibility, payload) values (999999, 'note', '2026-03-02T02:00:00Z', 'x', 'internal', '{}')`.execute(trx);
        }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
      expect(await committedKeys()).toEqual([]);
      // The connection is usable again: the next write commits.
      await inSharedCommit(t.db, note('shared-y'));
      expect(await committedKeys()).toEqual(['shared-y']);
    },
  );
});
