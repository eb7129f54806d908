// A reader of the SQLite database on its own thread (see read-pool.ts): the long read-only queries of the
// statistics run here, so the thread that answers requests is not held up by them. Plain JavaScript: a
// worker thread on Node 20 cannot load TypeScript through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
for (const pragma of workerData.pragmas) db.pragma(pragma);

// A job is statements run in one transaction (one snapshot); the rows of each that returns rows come
// back. The transaction is rolled back: what a job creates (a temporary table) is gone after it.
parentPort.on('message', ({ id, statements }) => {
  try {
    const results = [];
    db.exec('begin');
    try {
      for (const { sql, parameters } of statements) {
        const statement = db.prepare(sql);
        if (statement.reader) results.push(statement.all(parameters));
        else statement.run(parameters);
      }
    } finally {
      db.exec('rollback');
    }
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
