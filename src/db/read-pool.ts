// Threads that read the SQLite database beside the one that answers requests. better-sqlite3 runs a query
// on the calling thread: a year's statistics at 1M cases held every other request up for a third of a
// second. On a pool, such a query is cut into parts that run at once on their own connections (WAL lets
// readers work beside the writer), one part per core (issue 6).
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.ts';

export interface ReadPool {
  /** How many jobs can run at once. */
  readonly size: number;
  /** Runs the statements in one read transaction; the rows of each statement that returns rows. */
  run(statements: readonly CompiledQuery[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

interface Job {
  statements: Array<{ sql: string; parameters: readonly unknown[] }>;
  resolve(results: unknown[][]): void;
  reject(error: Error): void;
}

interface Reader {
  worker: Worker;
  job: Job | null;
  idleTimer: NodeJS.Timeout | null;
}

// An idle reader is stopped after this long. Each holds 15–25 MB while it works (a V8 isolate of ~13 MB, a
// connection and what its query uses; measured at 1M cases with npm start's allocator settings), which the
// server need not keep between the office's visits to its statistics; starting two again takes ~0.2 s.
const IDLE_MS = 10_000;

export function createReadPool(file: string, size: number, pragmas: readonly string[], idleMs = IDLE_MS): ReadPool {
  const readers: Reader[] = [];
  const waiting: Job[] = [];
  let closed = false;

  function start(): Reader {
    const worker = new Worker(new URL('./read-worker.js', import.meta.url), {
      workerData: { file, pragmas },
      // Not the process's `--import tsx`: the reader is plain JavaScript, and tsx's loader in each reader
      // took 0.4 s of its start and ~10 MB (measured: two readers ready in 0.6 s, 0.19 s without it).
      execArgv: [],
      // Rows and small messages only: a small heap keeps the thread's memory small.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    const reader: Reader = { worker, job: null, idleTimer: null };
    worker.on('message', (message: { results?: unknown[][]; error?: string }) => {
      const job = reader.job;
      // The pool was closed meanwhile: the job has been answered already.
      if (!job) return;
      reader.job = null;
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.results!);
      next(reader);
    });
    // A reader that dies (out of memory) fails its job and is replaced by the next job that needs one.
    const fail = (error: Error) => {
      if (readers.includes(reader)) readers.splice(readers.indexOf(reader), 1);
      if (reader.idleTimer) clearTimeout(reader.idleTimer);
      reader.job?.reject(error);
      reader.job = null;
      dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (readers.includes(reader)) fail(new Error(`read worker stopped (exit code ${code})`));
    });
    readers.push(reader);
    return reader;
  }

  function give(reader: Reader, job: Job) {
    if (reader.idleTimer) clearTimeout(reader.idleTimer);
    reader.idleTimer = null;
    reader.job = job;
    reader.worker.postMessage({ statements: job.statements });
  }

  function next(reader: Reader) {
    const job = waiting.shift();
    if (job) return give(reader, job);
    if (closed) return;
    reader.idleTimer = setTimeout(() => {
      readers.splice(readers.indexOf(reader), 1);
      void reader.worker.terminate();
    }, idleMs);
    reader.idleTimer.unref();
  }

  function dispatch() {
    while (waiting.length > 0) {
      const reader = readers.find((r) => r.job === null) ?? (readers.length < size ? start() : null);
      if (!reader) return;
      give(reader, waiting.shift()!);
    }
  }

  return {
    size,
    run(statements) {
      if (closed) return Promise.reject(new Error('read pool closed'));
      return new Promise((resolve, reject) => {
        waiting.push({ statements: statements.map((s) => ({ sql: s.sql, parameters: s.parameters })), resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      const all = readers.splice(0);
      for (const job of waiting.splice(0)) job.reject(new Error('read pool closed'));
      await Promise.all(
        all.map((r) => {
          if (r.idleTimer) clearTimeout(r.idleTimer);
          r.job?.reject(new Error('read pool closed'));
          return r.worker.terminate();
        }),
      );
    },
  };
}

const pools = new WeakMap<Kysely<DB>, ReadPool>();

/** The read pool opened with a database (SQLite in a file), or null: then queries run on the caller's connection. */
export function readPoolOf(db: Kysely<DB>): ReadPool | null {
  return pools.get(db) ?? null;
}

export function attachReadPool(db: Kysely<DB>, pool: ReadPool) {
  pools.set(db, pool);
}
