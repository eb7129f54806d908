// On SQLite in a file, the statistics' long queries run on reader threads, cut by date into one part per
// reader: the parts add up to exactly what one query on the server's own connection counts, a reader's
// error comes back as the query's error, and the pool goes on working after it.
import { CompiledQuery, Kysely, sql, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReadPool, readPoolOf } from '../../src/db/read-pool.ts';
import type { DB } from '../../src/db/schema.ts';
import { addCalendarDays } from '../../src/domain/calendar.ts';
import { countReportFigures } from '../../src/report/queries.ts';
import { countFigures, countPeriod, type DayCount } from '../../src/stats/queries.ts';
import { departmentId } from '../helpers/cases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
/** received_on and closed_on of the inserted cases. */
let inserted: Array<{ received: string; closed: string | null }> = [];
const onSqlite = !process.env.TEST_DATABASE_URL;

beforeAll(async () => {
  t = await createTestApp();
  const departments = [await departmentId(t, '教育局'), await departmentId(t, '卫健委'), null];
  const channels = ['mayor_mailbox', 'dept_mailbox', 'disclosure'] as const;
  const rows = Array.from({ length: 600 }, (_, i) => {
    const received = addCalendarDays('2025-01-01', (i * 7) % 365);
    const closed = i % 4 === 0 ? null : addCalendarDays(received, 3 + (i % 40));
    const channel = channels[i % 3]!;
    return {
      reference: `RP${String(i).padStart(6, '0')}`,
      channel,
      status: closed === null ? 'assigned' : 'closed',
      department_id: departments[i % 3]!,
      category: channel === 'disclosure' ? null : ['complaint', 'advice', 'help'][i % 3]!,
      subject: `事项${i}`,
      content: '内容',
      applicant_name: '申请人',
      phone: '13812345678',
      consent_publish: 0,
      query_code_hash: 'x',
      submitted_at: `${received}T02:00:00.000Z`,
      received_on: received,
      due_on: addCalendarDays(received, 20 + (i % 9)),
      closed_on: closed,
      working_days_to_close: closed === null ? null : 2 + (i % 30),
      rating: channel !== 'disclosure' && i % 5 === 0 ? 'satisfied' : null,
      created_at: `${received}T02:00:00.000Z`,
      updated_at: `${received}T02:00:00.000Z`,
    };
  });
  inserted = rows.map((row) => ({ received: row.received_on, closed: row.closed_on }));
  for (let i = 0; i < rows.length; i += 100) await t.db.insertInto('cases').values(rows.slice(i, i + 100)).execute();
});

afterAll(async () => {
  await t.destroy();
});

describe.runIf(onSqlite)('the read pool', () => {
  const range = { from: '2025-01-01', to: '2025-12-31', today: '2026-03-02' };
  const sorted = (rows: Awaited<ReturnType<typeof countFigures>>) =>
    [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it('counts a year in parts that add up to what one query on the own connection counts', async () => {
    const pool = readPoolOf(t.db);
    expect(pool?.size).toBeGreaterThanOrEqual(1);
    const own = new Kysely<DB>({ dialect: new SqliteDialect({ database: t.database.sqlite! }) });
    expect(readPoolOf(own)).toBeNull();
    const channels = ['mayor_mailbox', 'dept_mailbox', 'disclosure'];
    for (const days of [true, false]) {
      const inParts = await countFigures(t.db, 'sqlite', range, channels, days);
      const inOne = await countFigures(own, 'sqlite', range, channels, days);
      expect(inParts.reduce((n, g) => n + g.received, 0)).toBe(600);
      expect(sorted(inParts.length > 0 ? mergeGroups(inParts) : [])).toEqual(sorted(inOne));
    }
  });

  it("reads a period's cases group by group from the groups' index, so nothing is sorted", async () => {
    const run = vi.spyOn(readPoolOf(t.db)!, 'run');
    await countFigures(t.db, 'sqlite', range, ['mayor_mailbox', 'dept_mailbox', 'disclosure'], true);
    const figures = run.mock.calls[0]![0][0]!;
    run.mockRestore();
    // With the statistics every installation gathers (the migration, and optimize at each start).
    await sql`analyze`.execute(t.db);
    const plan = await t.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${figures.sql}`, [...figures.parameters]));
    const details = plan.rows.map((r) => r.detail).join('\n');
    // At this size a scan of each channel; at 1M cases the statistics make it a range per group (a skip-scan).
    expect(details).toContain('USING COVERING INDEX cases_stats_groups');
    expect(details).not.toContain('TEMP B-TREE');
  });

  it('counts the days received and closed in the same parts, each day once, closings after the period left out', async () => {
    const own = new Kysely<DB>({ dialect: new SqliteDialect({ database: t.database.sqlite! }) });
    const channels = ['mayor_mailbox', 'dept_mailbox', 'disclosure'];
    const inParts = await countPeriod(t.db, 'sqlite', range, channels, true);
    const inOne = await countPeriod(own, 'sqlite', range, channels, true);
    const byDay = (days: DayCount[]) => {
      const total = new Map<string, number>();
      for (const { day, cases } of days) total.set(day, (total.get(day) ?? 0) + cases);
      return Object.fromEntries([...total].sort());
    };
    const tally = (dates: Array<string | null>) => {
      const total = new Map<string, number>();
      for (const d of dates) if (d !== null && d >= range.from && d <= range.to) total.set(d, (total.get(d) ?? 0) + 1);
      return Object.fromEntries([...total].sort());
    };
    expect(byDay(inParts.receivedByDay)).toEqual(tally(inserted.map((c) => c.received)));
    expect(byDay(inParts.closedByDay)).toEqual(tally(inserted.map((c) => c.closed)));
    // Some cases close in 2026, after the period: the check above shows they are left out.
    expect(inserted.filter((c) => c.closed !== null && c.closed > range.to).length).toBeGreaterThan(0);
    expect(byDay(inOne.receivedByDay)).toEqual(byDay(inParts.receivedByDay));
    expect(byDay(inOne.closedByDay)).toEqual(byDay(inParts.closedByDay));
    expect(sorted(mergeGroups(inParts.groups))).toEqual(sorted(inOne.groups));
  });

  it("counts the annual report's figures on the readers, as the own connection counts them", async () => {
    const own = new Kysely<DB>({ dialect: new SqliteDialect({ database: t.database.sqlite! }) });
    const years = [
      { start: '2025-01-01', end: '2025-12-31' },
      { start: '2024-01-01', end: '2024-12-31' },
    ];
    const run = vi.spyOn(readPoolOf(t.db)!, 'run');
    const onReaders = await countReportFigures(t.db, years, years[0]!, ['mayor_mailbox', 'dept_mailbox']);
    expect(run).toHaveBeenCalledTimes(2);
    run.mockRestore();
    expect(onReaders).toEqual(await countReportFigures(own, years, years[0]!, ['mayor_mailbox', 'dept_mailbox']));
    // Every third case is an application, all received in 2025: none carried over from 2024.
    const sum = (i: number, key: 'newInYear' | 'carriedOver') => onReaders.tallies[i]!.reduce((n, tally) => n + tally[key], 0);
    expect(sum(0, 'newInYear')).toBe(200);
    expect(sum(0, 'carriedOver')).toBe(0);
    expect(sum(1, 'newInYear')).toBe(0);
    expect(onReaders.letters.reduce((n, l) => n + l.received, 0)).toBe(400);
  });

  it("answers a reader's error as the query's error, and the next query still runs", async () => {
    const pool = readPoolOf(t.db)!;
    await expect(pool.run([sql`select * from no_such_table`.compile(t.db)])).rejects.toThrow('no such table: no_such_table');
    const [[row]] = await pool.run([sql`select count(*) as n from cases`.compile(t.db)]);
    expect(row).toEqual({ n: 600 });
  });

  it('stops an idle reader and starts another for the next query; a closed pool refuses', async () => {
    const pool = createReadPool(t.database.url.replace(/^sqlite:/, ''), 1, ['busy_timeout = 5000'], 50);
    const count = () => pool.run([sql`select count(*) as n from cases`.compile(t.db)]);
    expect(await count()).toEqual([[{ n: 600 }]]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await count()).toEqual([[{ n: 600 }]]);
    await pool.close();
    await expect(count()).rejects.toThrow('read pool closed');
  });
});

/** The parts' groups summed by group key, as the dashboard adds them up. */
function mergeGroups(rows: Awaited<ReturnType<typeof countFigures>>) {
  const merged = new Map<string, (typeof rows)[number]>();
  for (const g of rows) {
    const key = JSON.stringify([g.channel, g.departmentId, g.category]);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...g });
      continue;
    }
    for (const k of ['received', 'closed', 'closedOnTime', 'openNow', 'overdueNow', 'rated', 'satisfied'] as const) seen[k] += g[k];
    const durations = new Map(seen.durations);
    for (const [days, cases] of g.durations) durations.set(days, (durations.get(days) ?? 0) + cases);
    seen.durations = [...durations].sort((a, b) => a[0] - b[0]);
  }
  return [...merged.values()];
}
