// Kysely builds a query's operation tree and compiles it to SQL on every call. For the statements every
// submission runs, that was about a tenth of intake's CPU time (issue 6). A prepared query is written once
// with named placeholders, compiled once per database and afterwards only run with new values (on SQLite
// its compiled statement is then the one statement-cache.ts keeps).
import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

class Placeholder {
  constructor(readonly name: string) {}
}

/**
 * `build` gets the placeholders as its second argument: `p.name` stands for the value given as `name`
 * at each run (undefined runs as null). A placeholder stands where Kysely takes one value: not for a
 * list, a column or a table.
 */
export function prepareQuery<P extends object, R>(
  build: (db: Executor, p: P) => Compilable<R>,
): (db: Executor, values: P) => Promise<QueryResult<R>> {
  // One template per database: SQLite and PostgreSQL compile to different SQL.
  const templates = new WeakMap<object, CompiledQuery<R>>();
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      template = compileTemplate(db, build);
      templates.set(adapter, template);
    }
    const parameters = template.parameters.map((v) => (v instanceof Placeholder ? ((values as Record<string, unknown>)[v.name] ?? null) : v));
    return db.executeQuery(CompiledQuery.raw(template.sql, parameters) as CompiledQuery<R>);
  };
}

function compileTemplate<P extends object, R>(db: Executor, build: (db: Executor, p: P) => Compilable<R>): CompiledQuery<R> {
  const used = new Set<string>();
  const placeholders = new Proxy({} as P, {
    get: (_, name) => {
      used.add(String(name));
      return new Placeholder(String(name));
    },
  });
  const template = build(db, placeholders).compile();
  const bound = new Set(template.parameters.filter((v) => v instanceof Placeholder).map((v) => (v as Placeholder).name));
  // A placeholder Kysely did not pass through as a parameter would silently run without its value.
  const lost = [...used].filter((name) => !bound.has(name));
  if (lost.length > 0) throw new Error(`prepared query: no parameter for ${lost.join(', ')}`);
  return template;
}
