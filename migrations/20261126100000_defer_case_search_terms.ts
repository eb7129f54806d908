import { PostgresAdapter, sql, type Kysely } from 'kysely';

// SQLite: the full-text triggers leave the cases written in bulk to the end of their transaction
// (src/search/deferred-index.ts): each asks the connection's case_search_defer() / case_search_deferred()
// first. Outside a deferral both answer 0 and the triggers work as before. PostgreSQL: nothing changes.

const insertTerms = sql`insert into case_search (rowid, body) values (new.id, case_search_document(new.subject, new.content, new.applicant_name, new.department_id))`;

async function createTriggers(db: Kysely<any>, deferrable: boolean) {
  for (const trigger of ['cases_search_insert', 'cases_search_update', 'cases_search_delete']) {
    await sql.raw(`drop trigger ${trigger}`).execute(db);
  }
  const when = (condition: string) => (deferrable ? sql.raw(`when ${condition}`) : sql``);
  await sql`
    create trigger cases_search_insert after insert on cases ${when('case_search_defer(new.id) = 0')} begin
      ${insertTerms};
    end`.execute(db);
  await sql`
    create trigger cases_search_update after update of subject, content, applicant_name, department_id on cases
    ${when('case_search_deferred(old.id) = 0')} begin
      delete from case_search where rowid = old.id;
      ${insertTerms};
    end`.execute(db);
  await sql`
    create trigger cases_search_delete after delete on cases ${when('case_search_deferred(old.id) = 0')} begin
      delete from case_search where rowid = old.id;
    end`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await createTriggers(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await createTriggers(db, false);
}
