// SQL of the annual report: aggregates only (GROUP BY in the database), never the cases themselves,
// so a year of a million cases costs a handful of result rows. Dates are YYYY-MM-DD text on both
// databases, so range comparisons on them are chronological.
import { sql, type Kysely } from 'kysely';
import { countWhen } from '../db/count-when.ts';
import type { DisclosureTally, MailboxChannel } from '../domain/annual-report.ts';
import { readPoolOf } from '../db/read-pool.ts';
import type { DB } from '../db/schema.ts';

export interface YearRange {
  /** YYYY-01-01 */
  start: string;
  /** YYYY-12-31 */
  end: string;
}

export interface ReportCounts {
  /** Table 三's tallies of each year asked for, in the order asked. */
  tallies: DisclosureTally[][];
  /** Letters of the report's year per mailbox. */
  letters: Array<{ channel: string; received: number; closed: number }>;
}

/**
 * Only cases still open on 1 January or closed within the year can appear in a year's table 三: of the years
 * asked for, cases open on the first 1 January or closed since, received by the last 31 December (or, bad
 * data, closed by then). A superset of what the counts below take, which each test on their own.
 */
function touchesYears(years: readonly YearRange[]) {
  const first = years.reduce((a, y) => (y.start < a ? y.start : a), years[0]!.start);
  const last = years.reduce((a, y) => (y.end > a ? y.end : a), years[0]!.end);
  return sql<boolean>`(closed_on is null or closed_on >= ${first}) and (received_on <= ${last} or closed_on <= ${last})`;
}

/**
 * Disclosure applications touching each year, counted per applicant type and outcome, in one pass over
 * the applications (the report asks for its year and the year before, for the carry-over check). A case
 * counts once it was received (受理/登记: received_on set) and is not invalid.
 */
function disclosureTallyQuery(db: Kysely<DB>, years: readonly YearRange[]) {
  // Each count states exactly the cases it takes (received_on is set, see below). A case closed in the year
  // is counted even if its receipt date is later (bad data): the balance check then shows it.
  const stillOpenOn = (day: string) => sql`(closed_on is null or closed_on >= ${day})`;
  return db
    .selectFrom('cases')
    .select([
      'applicant_type',
      'outcome',
      ...years.flatMap(({ start, end }, i) => [
        countWhen(sql`received_on >= ${start} and received_on <= ${end} and ${stillOpenOn(start)}`).as(`new_in_year_${i}`),
        countWhen(sql`received_on < ${start} and ${stillOpenOn(start)}`).as(`carried_over_${i}`),
        countWhen(sql`closed_on >= ${start} and closed_on <= ${end}`).as(`closed_in_year_${i}`),
        countWhen(sql`received_on <= ${end} and (closed_on is null or closed_on > ${end})`).as(`carried_forward_${i}`),
      ]),
    ])
    .where('channel', '=', 'disclosure')
    .where('status', '<>', 'invalid')
    .where('received_on', 'is not', null)
    .where(touchesYears(years))
    .groupBy(['applicant_type', 'outcome']);
}

/**
 * Letters received (受理) in the year per mailbox and, of those, the ones closed by 31 December: a report
 * built in March gives the same 办结率 as one built on 2 January.
 */
function mailboxLetterQuery(db: Kysely<DB>, { start, end }: YearRange, channels: readonly MailboxChannel[]) {
  return db
    .selectFrom('cases')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('received'), countWhen(sql`closed_on is not null and closed_on <= ${end}`).as('closed')])
    .where('channel', 'in', [...channels])
    .where('received_on', '>=', start)
    .where('received_on', '<=', end)
    .where('status', '<>', 'invalid')
    .groupBy('channel');
}

/**
 * The figures of the report: table 三's tallies of `years` (all from one snapshot, so the carry-over check
 * compares like with like) and the mailbox letters of `letterYear`. On SQLite with a read pool the two
 * queries run at once on reader threads, so a report at 1M cases (~150 ms of queries) holds no other
 * request up; elsewhere they run on the database's own connections.
 */
export async function countReportFigures(
  db: Kysely<DB>,
  years: readonly YearRange[],
  letterYear: YearRange,
  channels: readonly MailboxChannel[],
): Promise<ReportCounts> {
  const tallyQuery = disclosureTallyQuery(db, years).compile();
  const letterQuery = mailboxLetterQuery(db, letterYear, channels).compile();
  const pool = readPoolOf(db);
  const [tallyRows, letterRows] = pool
    ? await Promise.all([pool.run([tallyQuery]), pool.run([letterQuery])]).then(([[t], [l]]) => [t!, l!])
    : await Promise.all([db.executeQuery(tallyQuery), db.executeQuery(letterQuery)]).then(([t, l]) => [t.rows, l.rows]);
  const rows = tallyRows as Array<Record<string, unknown>>;
  return {
    tallies: years.map((_, i) =>
      rows.map((r) => ({
        applicantType: r.applicant_type as string,
        outcome: r.outcome as string | null,
        newInYear: Number(r[`new_in_year_${i}`]),
        carriedOver: Number(r[`carried_over_${i}`]),
        closedInYear: Number(r[`closed_in_year_${i}`]),
        carriedForward: Number(r[`carried_forward_${i}`]),
      })),
    ),
    letters: (letterRows as Array<Record<string, unknown>>).map((r) => ({ channel: String(r.channel), received: Number(r.received), closed: Number(r.closed) })),
  };
}
