import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The full-text index gains an end term per run of word characters (大zz after 噪音很大), which takes
// the place of the gap term between runs and fields, so that a single character can be looked up as a
// prefix (噪*) instead of by LIKE over a department's cases (src/search/bigrams.ts). Every case is
// indexed anew.
//
// SQLite: the terms come from the application's case_search_document(), which now cuts the new way; the
// department's terms are now d7q噪音 (q ends the number). PostgreSQL: the SQL functions change to
// match (its cases are indexed anew by 20261126090100). Going down is not offered: the application can
// only read the index in the new form.

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Each run's pairs (substr over a series, as in 20261126080000), then its last character and 'zz'.
    await sql`
      create or replace function case_search_terms(t text) returns text language sql immutable parallel safe as $$
        select coalesce(string_agg(terms, ' ' order by n), '')
        from regexp_matches(coalesce(t, ''), '[0-9A-Za-z㐀-䶿一-鿿]+', 'g') with ordinality as runs(m, n),
          lateral (
            select string_agg(case when i < length(m[1]) then lower(substr(m[1], i, 2)) else lower(substr(m[1], i, 1)) || 'zz' end, ' ' order by i) as terms
            from generate_series(1, length(m[1])) as i
          ) p
      $$`.execute(db);
    await sql`
      create or replace function case_search_document(subject text, content text, applicant_name text) returns tsvector
      language sql immutable parallel safe as $$
        select to_tsvector('simple', concat_ws(' ', case_search_terms(subject), case_search_terms(content), case_search_terms(applicant_name)))
      $$`.execute(db);
    // The cases are indexed anew by the next migration, which adds the department's terms.
    return;
  }
  await sql`insert into case_search (case_search) values ('delete-all')`.execute(db);
  await sql`insert into case_search (rowid, body) select id, case_search_document(subject, content, applicant_name, department_id) from cases`.execute(db);
  // One segment instead of the dozens the bulk insert leaves: each term is then one look-up (1M cases: 15 s).
  await sql`insert into case_search (case_search) values ('optimize')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('20261126090000_add_run_ends_to_case_search cannot be undone: restore a backup taken before it instead.');
}
