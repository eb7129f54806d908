// Writes that arrive together share one commit, yet each stays all or nothing and is answered only
// once it is on disk (SQLite); on PostgreSQL each is its own transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { inSharedCommit } from '../../src/db/shared-commit.ts';
import { insertCase } from '../../src/cases/queries.ts';
import { caseMatchesText, planTextSearch } from '../../src/search/queries.ts';
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

describe('search terms of the cases written in a shared commit', () => {
  const subjectCase = (reference: string, subject: string) => ({
    reference,
    channel: 'mayor_mailbox',
    status: 'submitted',
    subject,
    content: '内容',
    applicant_name: '申请人',
    phone: '13812345678',
    consent_publish: 0,
    query_code_hash: 'x',
    submitted_at: '2026-03-02T02:00:00.000Z',
    created_at: '2026-03-02T02:00:00.000Z',
    updated_at: '2026-03-02T02:00:00.000Z',
  });

  async function found(word: string): Promise<string[]> {
    const search = await planTextSearch(t.db, t.kind, word, null);
    const rows = await t.db
      .selectFrom('cases')
      .select('reference')
      .where(caseMatchesText(search, sql.ref('cases.id'))!)
      .orderBy('reference')
      .execute();
    return rows.map((r) => r.reference);
  }

  it('are written with the batch, as the cases stand at its end; none for a failed or deleted one; later changes as ever', async () => {
    const outcomes = await Promise.allSettled([
      inSharedCommit(t.db, (trx) => insertCase(trx, subjectCase('SC-1', '蝙蝠扰民'))),
      inSharedCommit(t.db, async (trx) => {
        const id = await insertCase(trx, subjectCase('SC-2', '松鼠扰民'));
        await trx.updateTable('cases').set({ subject: '刺猬扰民' }).where('id', '=', id).execute();
      }),
      inSharedCommit(t.db, async (trx) => {
        await insertCase(trx, subjectCase('SC-3', '企鹅扰民'));
        throw new Error('refused after writing');
      }),
      inSharedCommit(t.db, async (trx) => {
        const id = await insertCase(trx, subjectCase('SC-4', '骆驼扰民'));
        await trx.deleteFrom('cases').where('id', '=', id).execute();
      }),
      inSharedCommit(t.db, (trx) => insertCase(trx, subjectCase('SC-5', '鹦鹉扰民'))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await found('蝙蝠')).toEqual(['SC-1']);
    expect(await found('刺猬')).toEqual(['SC-2']);
    expect(await found('松鼠')).toEqual([]);
    expect(await found('企鹅')).toEqual([]);
    expect(await found('骆驼')).toEqual([]);
    expect(await found('鹦鹉')).toEqual(['SC-5']);
    expect(await found('扰民')).toEqual(['SC-1', 'SC-2', 'SC-5']);
    // Outside a shared commit the triggers index each change themselves.
    await t.db.updateTable('cases').set({ subject: '海豚扰民' }).where('reference', '=', 'SC-1').execute();
    expect(await found('蝙蝠')).toEqual([]);
    expect(await found('海豚')).toEqual(['SC-1']);
  });
});
