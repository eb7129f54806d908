// Opens the database named by DATABASE_URL: SQLite (embedded default) or PostgreSQL (scale-out).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { searchIndexDocument } from '../search/bigrams.ts';
import { attachSearchIndexDeferral, createSearchIndexDeferral, deferralFunctions } from '../search/deferred-index.ts';
import { attachReadPool, createReadPool } from './read-pool.ts';
import type { DB } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

// pg is loaded only for PostgreSQL: its modules cost every start on SQLite (the CLI's too) about 50 ms.
const loadPg = () => createRequire(import.meta.url)('pg') as typeof import('pg');

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** The SQLite connection itself, for the online backup API (and tests that need its pragmas). */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** 'sqlite:PATH', a bare path, or 'sqlite::memory:' for SQLite; 'postgres://…' for PostgreSQL. */
export function openDatabase(url: string): Database {
  if (databaseKind(url) === 'postgres') {
    const pg = loadPg();
    // PostgreSQL returns bigint (count(*), sums) as text; our counts fit in a JS number.
    pg.types.setTypeParser(20, (v) => Number(v));
    pg.types.setTypeParser(1700, (v) => Number(v));
    // No JIT: PostgreSQL compiles any query it estimates as costly, and for the queue's searches the
    // compilation cost more than it saved (1M cases: a search in a department 29 → 15 ms, 67 → 22 ms).
    // No parallel workers: starting them took 40–50 ms a query on the benchmark machine, more than the
    // queries they were meant to share (1M cases: a rare word in a department 74 → 13 ms, the annual
    // report 199 → 106 ms, the dashboard 374 → 208 ms); many requests at once share the cores anyway.
    const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off -c max_parallel_workers_per_gather=0' });
    // An idle connection closed by the server (restart, failover) must not crash the process:
    // the pool drops it and opens a new one on the next query.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets readers work during a write; synchronous=FULL makes every committed case survive
  // a power cut, not only a process crash; busy_timeout makes a second process wait, not fail.
  // FULL costs one fsync of the log per commit: measured on the benchmark machine a submission's
  // commit takes 5–8 ms instead of under 1 ms with NORMAL, and it stays, because README promises it.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // The page cache stays at SQLite's 16 MB and memory mapping stays off: mapped pages count in the
  // server's resident memory (kept under 200 MB), and the operating system caches the file anyway.
  // Temporary b-trees (the set of a text search's matches, sorts) are built in memory, not in files.
  sqlite.pragma('cache_size = -16000');
  sqlite.pragma('temp_store = MEMORY');
  // The query planner's statistics (which index leads), refreshed where they are missing or stale;
  // bounded work, so it costs milliseconds even on a million cases.
  sqlite.pragma('optimize = 0x10002');
  // The triggers of the full-text index call it on every write of a case (see the case_search migration).
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  sqlite.function('case_search_document', { deterministic: true }, (subject: unknown, content: unknown, name: unknown, department: unknown) =>
    searchIndexDocument(text(subject), text(content), text(name), department === null || department === undefined ? null : Number(department)),
  );
  // The same triggers ask whether the case is left to the end of a bulk write (deferred-index.ts).
  const deferral = createSearchIndexDeferral();
  for (const [name, fn] of Object.entries(deferralFunctions(deferral))) sqlite.function(name, fn);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  attachSearchIndexDeferral(db, deferral);
  if (path === ':memory:') return { db, kind: 'sqlite', sqlite, close: () => db.destroy() };
  // Readers for the long queries of the statistics (read-pool.ts), one per core up to two: a query cut
  // in two parts runs in half the time. They read each page once a query, so their page caches are
  // small, and their sorts spill to temporary files (the system's file cache), not to the server's own
  // memory: measured at 1M cases, the year's figures took 15 MB less at their peak and no longer.
  const readers = createReadPool(path, Math.min(2, availableParallelism()), ['busy_timeout = 5000', 'cache_size = -500', 'temp_store = FILE']);
  attachReadPool(db, readers);
  return {
    db,
    kind: 'sqlite',
    sqlite,
    close: async () => {
      await readers.close();
      await db.destroy();
    },
  };
}
