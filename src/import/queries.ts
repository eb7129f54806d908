// SQL of the historical import: a few set-wise reads, then inserts in batches (never a query per row).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewCase } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Rows per INSERT: 500 cases × 24 columns stays far below SQLite's 32766 and PostgreSQL's 65535 parameters. */
const BATCH = 500;

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

export async function listAllDepartments(db: Executor) {
  return db.selectFrom('departments').select(['id', 'name', 'short_name', 'is_office', 'active']).orderBy('id').execute();
}

export async function listLetterLimits(db: Executor): Promise<Map<string, number>> {
  const rows = await db.selectFrom('category_deadlines').select(['category', 'working_days']).execute();
  return new Map(rows.map((r) => [r.category, Number(r.working_days)]));
}

/** Those of `references` that some case already has. */
export async function findTakenReferences(db: Executor, references: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const chunk of batches(references)) {
    const rows = await db.selectFrom('cases').select('reference').where('reference', 'in', chunk).execute();
    for (const r of rows) taken.add(r.reference);
  }
  return taken;
}

/**
 * Moves the counter of a channel and year up to at least `atLeast` (the highest number imported as given),
 * then reserves `count` more numbers after it; returns the counter's new value. One atomic statement, so a
 * citizen submitting meanwhile gets a number above everything imported.
 */
export async function advanceReferenceCounter(
  db: Executor,
  channel: string,
  year: number,
  atLeast: number,
  count: number,
): Promise<number> {
  const row = await db
    .insertInto('reference_counters')
    .values({ channel, year, last_number: atLeast + count })
    .onConflict((oc) =>
      oc.columns(['channel', 'year']).doUpdateSet({
        last_number: sql<number>`(case when reference_counters.last_number < ${atLeast} then ${atLeast} else reference_counters.last_number end) + ${count}`,
      }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** Inserts the cases; returns each new id keyed by reference (RETURNING does not promise the insert order). */
export async function insertCases(db: Executor, rows: readonly NewCase[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of batches(rows)) {
    const inserted = await db.insertInto('cases').values(chunk).returning(['id', 'reference']).execute();
    for (const r of inserted) ids.set(r.reference, Number(r.id));
  }
  return ids;
}

export interface ImportEvent {
  case_id: number;
  at: string;
  actor_label: string;
  payload: string;
}

/** The first timeline entry of each imported case: type 'submitted', internal. */
export async function insertSubmittedEvents(db: Executor, events: readonly ImportEvent[]): Promise<void> {
  for (const chunk of batches(events)) {
    await db
      .insertInto('case_events')
      .values(chunk.map((e) => ({ ...e, type: 'submitted', actor_user_id: null, visibility: 'internal' as const })))
      .execute();
  }
}
