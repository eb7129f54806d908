import { PostgresAdapter, sql, type Kysely } from 'kysely';

// PostgreSQL: each case's terms are held twice, as on SQLite: plain for the office's search, and as its
// department's own (d7q噪音), so that a clerk's search reads only the department's matches from the GIN
// index. With the plain terms alone, a department's search for a word common elsewhere joined every
// case of the department with every match in the city (1M cases: 噪音 in a department of 94,695 cases
// and 0 matches took 450 ms, the cases read one by one). A dispatch or transfer re-indexes the case.
// SQLite has nothing to change.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function case_search_document(subject text, content text, applicant_name text, department_id integer) returns tsvector
    language sql immutable parallel safe as $$
      select to_tsvector('simple', concat_ws(' ', t.terms, case when department_id is not null then regexp_replace(t.terms, '(\\S+)', 'd' || department_id || 'q\\1', 'g') end))
      from (select concat_ws(' ', case_search_terms(subject), case_search_terms(content), case_search_terms(applicant_name)) as terms) t
    $$`.execute(db);
  await sql`
    create or replace function case_search_refresh() returns trigger language plpgsql as $$
    begin
      insert into case_search (case_id, body) values (new.id, case_search_document(new.subject, new.content, new.applicant_name, new.department_id))
      on conflict (case_id) do update set body = excluded.body;
      return null;
    end $$`.execute(db);
  await sql`drop trigger cases_search_refresh on cases`.execute(db);
  await sql`
    create trigger cases_search_refresh after insert or update of subject, content, applicant_name, department_id on cases
    for each row execute function case_search_refresh()`.execute(db);
  await sql`drop function case_search_document(text, text, text)`.execute(db);
  // Every case indexed anew into a new table, then the GIN index built once: updating each row in place
  // maintained the index term by term and left the old table's every row dead (1M cases: over 10
  // minutes, stopped; this way a few minutes).
  await sql`set local maintenance_work_mem = '256MB'`.execute(db);
  await sql`
    create table case_search_next (
      case_id integer primary key references cases (id) on delete cascade,
      body tsvector not null
    )`.execute(db);
  await sql`
    insert into case_search_next (case_id, body)
    select id, case_search_document(subject, content, applicant_name, department_id) from cases`.execute(db);
  await sql`drop table case_search`.execute(db);
  await sql`alter table case_search_next rename to case_search`.execute(db);
  await sql`alter index case_search_next_pkey rename to case_search_pkey`.execute(db);
  await sql`alter table case_search rename constraint case_search_next_case_id_fkey to case_search_case_id_fkey`.execute(db);
  await sql`create index case_search_body on case_search using gin (body)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('20261126090100_add_department_terms_to_postgres_search cannot be undone: restore a backup taken before it instead.');
}
