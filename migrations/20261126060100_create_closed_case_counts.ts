import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Closed cases per department, kept by triggers on `cases`. Closed cases pile up year after year (90,000
// and more in one department of a big city): counting them for the queue's 已办结 tab on every page view
// would be the slowest part of the page, for the office (all departments) by far. Open cases are few and
// are still counted from the index. Only closing, reopening and deleting move these counters, never a
// citizen's submission, so concurrent intake never waits on them. Department 0: a case without one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('closed_case_counts')
    .addColumn('department_id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      create function closed_case_counts_refresh() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.status = 'closed' then
          update closed_case_counts set n = n - 1 where department_id = coalesce(old.department_id, 0);
        end if;
        if tg_op in ('INSERT', 'UPDATE') and new.status = 'closed' then
          insert into closed_case_counts (department_id, n) values (coalesce(new.department_id, 0), 1)
          on conflict (department_id) do update set n = closed_case_counts.n + 1;
        end if;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger cases_closed_insert after insert on cases
      for each row when (new.status = 'closed') execute function closed_case_counts_refresh()`.execute(db);
    await sql`
      create trigger cases_closed_update after update of status, department_id on cases
      for each row when (old.status = 'closed' or new.status = 'closed') execute function closed_case_counts_refresh()`.execute(db);
    await sql`
      create trigger cases_closed_delete after delete on cases
      for each row when (old.status = 'closed') execute function closed_case_counts_refresh()`.execute(db);
  } else {
    await sql`
      create trigger cases_closed_insert after insert on cases when new.status = 'closed' begin
        insert into closed_case_counts (department_id, n) values (coalesce(new.department_id, 0), 1)
        on conflict (department_id) do update set n = n + 1;
      end`.execute(db);
    await sql`
      create trigger cases_closed_update after update of status, department_id on cases
      when old.status = 'closed' or new.status = 'closed' begin
        update closed_case_counts set n = n - 1 where old.status = 'closed' and department_id = coalesce(old.department_id, 0);
        insert into closed_case_counts (department_id, n) select coalesce(new.department_id, 0), 1 where new.status = 'closed'
        on conflict (department_id) do update set n = n + 1;
      end`.execute(db);
    await sql`
      create trigger cases_closed_delete after delete on cases when old.status = 'closed' begin
        update closed_case_counts set n = n - 1 where department_id = coalesce(old.department_id, 0);
      end`.execute(db);
  }

  await sql`
    insert into closed_case_counts (department_id, n)
    select coalesce(department_id, 0), count(*) from cases where status = 'closed' group by coalesce(department_id, 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['cases_closed_insert', 'cases_closed_update', 'cases_closed_delete']) {
    if (db.getExecutor().adapter instanceof PostgresAdapter) await sql.raw(`drop trigger ${trigger} on cases`).execute(db);
    else await sql.raw(`drop trigger ${trigger}`).execute(db);
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function closed_case_counts_refresh()`.execute(db);
  await db.schema.dropTable('closed_case_counts').execute();
}
