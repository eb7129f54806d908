// Cases written in bulk (a shared commit of submissions, an import) are indexed for search once, at the
// end of their transaction, instead of one by one by the insert trigger. FTS5 writes the terms it holds
// pending out as a new segment whenever a later statement of the transaction opens a statement journal,
// as every insert with a trigger or a foreign key does: so each case's ~1,200 terms became a segment of
// their own, to be merged again later — half of SQLite's work for a submission (issue 6, measured: 600
// → 300 µs a submission). SQLite only: the triggers ask the connection's functions below whether a case
// is deferred (migration 20261126100000); PostgreSQL indexes each row in its own trigger as before.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The state behind one SQLite connection's case_search_defer() and case_search_deferred(). */
export interface SearchIndexDeferral {
  active: boolean;
  /** The cases inserted while active: the triggers leave them, and any later change of them, to the end. */
  ids: Set<number>;
}

export function createSearchIndexDeferral(): SearchIndexDeferral {
  return { active: false, ids: new Set() };
}

/** The SQL functions the triggers call; registered on each SQLite connection with its deferral. */
export function deferralFunctions(deferral: SearchIndexDeferral) {
  return {
    /** 1: the new case is left to the end of the deferral; 0: the trigger indexes it now. */
    case_search_defer(id: unknown): number {
      if (!deferral.active) return 0;
      deferral.ids.add(Number(id));
      return 1;
    },
    /** 1 for a case whose indexing is deferred: its changes are indexed at the end, with it. */
    case_search_deferred(id: unknown): number {
      return deferral.ids.has(Number(id)) ? 1 : 0;
    },
  };
}

const deferrals = new WeakMap<Kysely<DB>, SearchIndexDeferral>();

export function attachSearchIndexDeferral(db: Kysely<DB>, deferral: SearchIndexDeferral) {
  deferrals.set(db, deferral);
}

/**
 * Runs `work` in `trx` (a transaction of `db`) with the cases it inserts indexed at its end, in the same
 * transaction. Only one deferral at a time: on SQLite the transaction holds the only connection anyway.
 */
export async function withDeferredSearchIndex<T>(db: Kysely<DB>, trx: Transaction<DB>, work: () => Promise<T>): Promise<T> {
  const deferral = deferrals.get(db);
  if (!deferral) return work();
  deferral.active = true;
  deferral.ids.clear();
  try {
    const result = await work();
    deferral.active = false;
    const ids = [...deferral.ids];
    if (ids.length > 0) {
      await sql`
        insert into case_search (rowid, body)
        select id, case_search_document(subject, content, applicant_name, department_id) from cases
        where id in (select value from json_each(${JSON.stringify(ids)}))`.execute(trx);
    }
    return result;
  } finally {
    deferral.active = false;
    deferral.ids.clear();
  }
}
