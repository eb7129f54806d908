// SQL of the full-text index (table case_search, see its migration): which cases' subject, content or
// applicant name contain a text. The dialect differences live in planTextSearch and caseMatchesText.
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseKind } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { departmentTerms, indexQuery, type IndexQuery } from './bigrams.ts';

/**
 * Below this many matching cases (of the department, for a department's search), each match is fetched
 * and tested against the rest of the query; from it on, the rest of the query leads (the department's
 * index walk, in due-date order) and the matches are only a set to look ids up in. Either way costs
 * about the smaller side.
 */
const FEW_MATCHES = 2000;

export interface TextSearch {
  kind: DatabaseKind;
  /**
   * What the index is asked: an FTS5 query (SQLite) or a tsquery (PostgreSQL); null when the text holds
   * no word character.
   */
  match: string | null;
  /** The index alone decides: the text is word characters only. Otherwise a LIKE test must confirm. */
  exact: boolean;
  /** The phrase matches few cases (see FEW_MATCHES). */
  fewMatches: boolean;
  /** SQLite: how many cases the index matches, where planning counted them all already (a prefix). */
  indexCount?: number;
  /** SQLite, many matches: the temporary table holding them for this request (see withMatchSet). */
  matchSet?: { table: string; count: number };
  /**
   * An exact search with many matches, where the query walks only a few cases (see confirmCommonWordByLike
   * in the queue): each walked case is tested by LIKE (PostgreSQL: ILIKE), which for a search of word
   * characters only finds exactly what the index finds, instead of being looked up among the matches.
   */
  likeDecides?: boolean;
}

// A department's search asks for the department's own terms (see departmentTerms), on both databases.
// SQLite's planner cannot estimate how many cases an FTS5 phrase matches, so it always starts from the
// matches; for a word in tens of thousands of cases that means fetching each. One cheap bounded look at
// the index tells which side is smaller. PostgreSQL plans the join from its statistics, but the queue walks
// a common word's department by ILIKE instead (confirmCommonWordByLike), so it takes the same look.
export async function planTextSearch(db: Kysely<DB>, kind: DatabaseKind, text: string, departmentId: number | null): Promise<TextSearch> {
  const query = indexQuery(text);
  const search: TextSearch = { kind, match: null, exact: query?.exact ?? false, fewMatches: true };
  if (query === null) return search;
  const own = departmentId === null ? query : { ...query, terms: departmentTerms(query.terms, departmentId) };
  if (kind === 'postgres') {
    search.match = postgresQuery(own);
    // Only a department's search may walk its cases by ILIKE (isCommonWordScope); the office's joins the index.
    if (departmentId === null) return search;
    // Each match read costs a visit to its row (the tsquery is rechecked there): at most FEW_MATCHES here.
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from (select 1 from case_search where body @@ to_tsquery('simple', ${search.match}) limit ${FEW_MATCHES}) m
    `.execute(db);
    search.fewMatches = Number(rows[0]?.n ?? 0) < FEW_MATCHES;
    return search;
  }
  search.match = sqlitePhrase(own);
  // A prefix (one character) merges the lists of all its terms before the first match comes out, so a
  // bounded look costs as much as the full count: counted once, here, for the tab counts too.
  if (query.prefix) {
    search.indexCount = await countIndexMatches(db, search);
    search.fewMatches = search.indexCount < FEW_MATCHES;
    return search;
  }
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from (select rowid from case_search where case_search match ${search.match} limit ${FEW_MATCHES})
  `.execute(db);
  search.fewMatches = Number(rows[0]?.n ?? 0) < FEW_MATCHES;
  return search;
}

// Terms are letters, digits and ideographs only: nothing in them needs escaping, in FTS5's query syntax
// nor in PostgreSQL's tsquery.
const sqlitePhrase = (q: IndexQuery) => `"${q.terms.join(' ')}"${q.prefix ? '*' : ''}`;
const postgresQuery = (q: IndexQuery) => `${q.terms.join(' <-> ')}${q.prefix ? ':*' : ''}`;

/**
 * How many cases the index matches. Equal to the cases that contain the text when the search is `exact`;
 * for a department's search, the cases of that department (the phrase is made of its own terms). SQLite
 * reads it from the index alone (45,000 matches in 2 ms); PostgreSQL visits each match's row.
 */
export async function countIndexMatches(db: Kysely<DB>, search: TextSearch): Promise<number> {
  if (search.matchSet) return search.matchSet.count;
  if (search.indexCount !== undefined) return search.indexCount;
  if (search.match === null) throw new Error('countIndexMatches needs a text the index can look up');
  const { rows } =
    search.kind === 'postgres'
      ? await sql<{ n: string }>`select count(*) as n from case_search where body @@ to_tsquery('simple', ${search.match})`.execute(db)
      : await sql<{ n: number }>`select count(*) as n from case_search where case_search match ${search.match}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * True for the cases (`caseId`) whose indexed text matches; null when the text holds nothing to look up (the caller
 * then relies on its LIKE test alone, a scan of its scope). When not `exact`, a few more cases pass than
 * contain the text (the same pairs around other punctuation), so the caller keeps its LIKE test.
 */
export function caseMatchesText(search: TextSearch, caseId: Expression<number>): RawBuilder<boolean> | null {
  if (search.match === null || search.likeDecides) return null;
  if (search.kind === 'postgres') {
    return sql<boolean>`${caseId} in (select case_id from case_search where body @@ to_tsquery('simple', ${search.match}))`;
  }
  const matches = search.matchSet
    ? sql`(select id from ${sql.table(search.matchSet.table)})`
    : sql`(select rowid from case_search where case_search match ${search.match})`;
  // Unary + keeps SQLite from reading the cases by id, so another index leads and the matches become a lookup set.
  return search.fewMatches ? sql<boolean>`${caseId} in ${matches}` : sql<boolean>`+${caseId} in ${matches}`;
}

const MATCH_SET_TABLE = 'search_match_set';

/**
 * Runs the queries of one page about a text search (its plan, the tab counts, the rows) on one snapshot, so
 * that no write lands between the index's count and the walk of the open cases (a closed tab counted as their
 * difference stays exact); on SQLite the transaction also holds the only connection, so no other request sees
 * or clashes with the match set's table. A page without a search runs `work` as it is.
 */
export async function inSearchSnapshot<T>(db: Kysely<DB>, kind: DatabaseKind, searching: boolean, work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (!searching) return work(db);
  // PostgreSQL: one snapshot for all the statements needs REPEATABLE READ (READ COMMITTED takes one per statement).
  const transaction = kind === 'postgres' ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
  return transaction.execute((trx) => work(trx));
}

/**
 * SQLite, a word in thousands of cases (unless LIKE decides, see likeDecides): a page asks for its matches
 * three times (the tab counts, the closed count, the rows), and each time SQLite reads the matches from the
 * index and builds a set of the ids anew (6–9 ms for 45,000 matches). Here they are read once into a
 * temporary table (an integer key, so a look-up needs no set built) that `work` queries through the search
 * it is given. Runs inside inSearchSnapshot's transaction. Anything else runs `work` as it is.
 */
export async function withMatchSet<T>(db: Kysely<DB>, search: TextSearch | undefined, work: (db: Kysely<DB>, search: TextSearch | undefined) => Promise<T>): Promise<T> {
  if (!search || search.kind !== 'sqlite' || search.fewMatches || search.likeDecides || search.match === null) return work(db, search);
  const table = sql.table(MATCH_SET_TABLE);
  await sql`create temporary table ${table} (id integer primary key)`.execute(db);
  try {
    const inserted = await sql`insert into ${table} (id) select rowid from case_search where case_search match ${search.match}`.execute(db);
    return await work(db, { ...search, matchSet: { table: MATCH_SET_TABLE, count: Number(inserted.numAffectedRows ?? 0) } });
  } finally {
    await sql`drop table ${table}`.execute(db);
  }
}
