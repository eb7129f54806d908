import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The full-text index of the queue's text search: subject, content and applicant name of each case as
// overlapping pairs of word characters (src/search/bigrams.ts says why and how), kept in step with
// `cases` by triggers, so every writer (intake, import, erasure of personal data, a direct insert)
// updates it in the same transaction.
//
// SQLite: an FTS5 table that keeps no copy of the text (content=''; contentless_delete lets the update
// trigger replace a row, so an erased name leaves the index). Each case is indexed twice: with the plain
// terms (the office searches every department) and with its department's own terms (d7噪音), so that a
// clerk's search reads only the department's matches; a dispatch or transfer re-indexes the case. The
// terms come from case_search_document(),
// which the application registers on each connection (src/db/database.ts): cut in SQL the pairs cost
// 100 µs and more per case, which a 20,000-row import cannot afford. A connection without the function
// cannot write a case at all, so the index never silently falls behind.
//
// PostgreSQL: the same terms from SQL functions that cut exactly like the application, as a tsvector
// with a GIN index in a table of its own (the wide cases rows stay as they are).

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Runs of word characters; each run's adjacent pairs, lower-cased; the gap term 'zzz' between runs.
    await sql`
      create function case_search_terms(t text) returns text language sql immutable parallel safe as $$
        select coalesce(string_agg(pairs, ' zzz ' order by n), '')
        from regexp_matches(coalesce(t, ''), '[0-9A-Za-z㐀-䶿一-鿿]+', 'g') with ordinality as runs(m, n),
          lateral (select regexp_split_to_array(m[1], '') as c) chars,
          lateral (
            select coalesce(string_agg(lower(c[i] || c[i + 1]), ' ' order by i), '') as pairs
            from generate_subscripts(c, 1) as i
            where i < cardinality(c)
          ) p
      $$`.execute(db);
    await sql`
      create function case_search_document(subject text, content text, applicant_name text) returns tsvector
      language sql immutable parallel safe as $$
        select to_tsvector('simple', case_search_terms(subject) || ' zzz ' || case_search_terms(content) || ' zzz ' || case_search_terms(applicant_name))
      $$`.execute(db);
    await sql`
      create table case_search (
        case_id integer primary key references cases (id) on delete cascade,
        body tsvector not null
      )`.execute(db);
    await sql`
      create function case_search_refresh() returns trigger language plpgsql as $$
      begin
        insert into case_search (case_id, body) values (new.id, case_search_document(new.subject, new.content, new.applicant_name))
        on conflict (case_id) do update set body = excluded.body;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger cases_search_refresh after insert or update of subject, content, applicant_name on cases
      for each row execute function case_search_refresh()`.execute(db);
    await sql`insert into case_search (case_id, body) select id, case_search_document(subject, content, applicant_name) from cases`.execute(db);
    await sql`create index case_search_body on case_search using gin (body)`.execute(db);
    return;
  }

  await sql`create virtual table case_search using fts5(body, content='', contentless_delete=1)`.execute(db);
  await sql`
    create trigger cases_search_insert after insert on cases begin
      insert into case_search (rowid, body) values (new.id, case_search_document(new.subject, new.content, new.applicant_name, new.department_id));
    end`.execute(db);
  await sql`
    create trigger cases_search_update after update of subject, content, applicant_name, department_id on cases begin
      delete from case_search where rowid = old.id;
      insert into case_search (rowid, body) values (new.id, case_search_document(new.subject, new.content, new.applicant_name, new.department_id));
    end`.execute(db);
  await sql`
    create trigger cases_search_delete after delete on cases begin
      delete from case_search where rowid = old.id;
    end`.execute(db);
  await sql`insert into case_search (rowid, body) select id, case_search_document(subject, content, applicant_name, department_id) from cases`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger cases_search_refresh on cases`.execute(db);
    await sql`drop function case_search_refresh()`.execute(db);
    await sql`drop table case_search`.execute(db);
    await sql`drop function case_search_document(text, text, text)`.execute(db);
    await sql`drop function case_search_terms(text)`.execute(db);
    return;
  }
  for (const trigger of ['cases_search_insert', 'cases_search_update', 'cases_search_delete']) {
    await sql.raw(`drop trigger ${trigger}`).execute(db);
  }
  await sql`drop table case_search`.execute(db);
}
