import { sql, type Kysely } from 'kysely';

// The working days each closed case took (办理用时), stored when it closes instead of worked out by every
// statistics query: looking up both dates of each case in a table of day ordinals was ~45% of the office
// dashboard's year at 1M cases. The covering index of the statistics gets the column too.
//
// The closed cases are filled here from the calendar in the database, with the rule of src/domain/calendar.ts
// (weekends off, weekdays worked, a holidays row overrides), which a migration must not import. A case whose
// span reaches a year without a schedule stays null, as the app leaves it, until that year is entered.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('working_days_to_close', 'integer').execute();
  await db.schema.dropIndex('cases_stats_received').execute();

  const years = (await db.selectFrom('calendar_years').select('year').execute()).map((r) => Number(r.year)).sort((a, b) => a - b);
  if (years.length > 0) {
    const overrides = new Map<string, string>();
    for (const r of await db.selectFrom('holidays').select(['date', 'kind']).execute()) overrides.set(r.date, r.kind);
    await sql`create temporary table known_day_ordinals (day text primary key, run integer not null, ordinal integer not null)`.execute(db);
    const rows: Array<{ day: string; run: number; ordinal: number }> = [];
    let run = 0;
    let ordinal = 0;
    for (const [i, year] of years.entries()) {
      const startsRun = i === 0 || years[i - 1] !== year - 1;
      if (startsRun) run = year;
      for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        const weekday = new Date(t).getUTCDay();
        const working = overrides.has(day) ? overrides.get(day) === 'work' : weekday !== 0 && weekday !== 6;
        if (startsRun && day.endsWith('-01-01')) ordinal = 0;
        else if (working) ordinal++;
        rows.push({ day, run, ordinal });
      }
    }
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('known_day_ordinals').values(rows.slice(i, i + 500)).execute();
    await sql`
      update cases set working_days_to_close = (
        select closed_day.ordinal - received_day.ordinal
        from known_day_ordinals received_day, known_day_ordinals closed_day
        where received_day.day = cases.received_on and closed_day.day = cases.closed_on and closed_day.run = received_day.run
      )
      where closed_on is not null
    `.execute(db);
    await sql`drop table known_day_ordinals`.execute(db);
  }

  await db.schema
    .createIndex('cases_stats_received')
    .on('cases')
    .columns(['channel', 'received_on', 'department_id', 'category', 'status', 'closed_on', 'due_on', 'rating', 'working_days_to_close'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_stats_received').execute();
  await db.schema
    .createIndex('cases_stats_received')
    .on('cases')
    .columns(['channel', 'received_on', 'department_id', 'category', 'status', 'closed_on', 'due_on', 'rating'])
    .execute();
  await db.schema.alterTable('cases').dropColumn('working_days_to_close').execute();
}
