// Kysely asks better-sqlite3 to prepare every query anew; compiling the SQL was a fifth of a
// submission's CPU time. The same texts come back all the time (the parameters are bound apart),
// so each compiled statement is kept and reused, the least recently used dropped past a bound
// (`in (?, ?, …)` lists of every length make the set of texts open-ended).
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

export function withStatementCache(sqlite: SqliteDatabase.Database, max = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
