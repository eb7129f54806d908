// Group commit for SQLite. With synchronous=FULL every commit waits for an fsync of the log, and
// better-sqlite3 holds the only thread while it does; one commit per submission makes that fsync the
// ceiling of intake. Writes handed to inSharedCommit while others are being written run one after
// another in one transaction, so a burst of submissions pays for one fsync. Each caller is answered
// only after that commit: what it was told is stored is on disk.
// No savepoint per write: FTS5 writes its pending terms out as a new segment at every savepoint,
// which cost more than the fsync saved. A write that fails instead rolls the batch back, and the
// others run again in a new transaction; so a write must act only through its transaction, and
// expected refusals (a rate limit) are returned as values, not thrown.
// PostgreSQL has connections in parallel and its own group commit: there it is a plain transaction.
import { type Kysely, SqliteAdapter, type Transaction } from 'kysely';
import { withDeferredSearchIndex } from '../search/deferred-index.ts';
import type { DB } from './schema.ts';

type Work<T> = (trx: Transaction<DB>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Batcher {
  queue: Pending[];
  scheduled: boolean;
}

const batchers = new WeakMap<Kysely<DB>, Batcher>();

/**
 * Runs `work` in a transaction and resolves once it is committed. If `work` throws, none of its writes
 * are kept and the promise rejects with that error; if the shared commit fails (a full disk), no write
 * of the batch is kept and every caller gets the error. `work` may run more than once.
 */
export function inSharedCommit<T>(db: Kysely<DB>, work: Work<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return db.transaction().execute(work);
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = { queue: [], scheduled: false };
    batchers.set(db, batcher);
  }
  const state = batcher;
  return new Promise<T>((resolve, reject) => {
    state.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!state.scheduled) {
      state.scheduled = true;
      // After the I/O callbacks of this turn, so that the requests read meanwhile join the batch.
      setImmediate(() => void flush(db, state));
    }
  });
}

async function flush(db: Kysely<DB>, state: Batcher): Promise<void> {
  let batch = state.queue;
  state.queue = [];
  state.scheduled = false;
  // Each failed write leaves the batch, so this ends.
  while (batch.length > 0) {
    const failed = await writeBatch(db, batch);
    if (failed === null) return;
    batch = batch.filter((_, i) => i !== failed);
  }
}

/** Commits the batch and answers every caller, or rolls it back and gives the index of the write that failed. */
async function writeBatch(db: Kysely<DB>, batch: Pending[]): Promise<number | null> {
  let trx;
  try {
    trx = await db.startTransaction().execute();
  } catch (error) {
    for (const pending of batch) pending.reject(error);
    return null;
  }
  const values: unknown[] = [];
  let failed: number | null = null;
  try {
    // The batch's new cases are indexed for search once, after the last write (deferred-index.ts).
    await withDeferredSearchIndex(db, trx, async () => {
      for (const [i, pending] of batch.entries()) {
        try {
          values.push(await pending.work(trx));
        } catch (error) {
          failed = i;
          throw error;
        }
      }
    });
  } catch (error) {
    // SQLite may already have rolled back itself (an I/O error): then there is nothing to undo.
    await trx.rollback().execute().catch(() => {});
    if (failed === null) {
      for (const pending of batch) pending.reject(error);
      return null;
    }
    batch[failed]!.reject(error);
    return failed;
  }
  try {
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute().catch(() => {});
    for (const pending of batch) pending.reject(error);
    return null;
  }
  batch.forEach((pending, i) => pending.resolve(values[i]));
  return null;
}
