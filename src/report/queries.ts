// SQL of the annual report: aggregates only (GROUP BY in the database), never the cases themselves,
// so a year of a million cases costs a handful of result rows. Dates are YYYY-MM-DD text on both
// databases, so range comparisons on them are chronological.
import { sql, type Kysely, type RawBuilder } from 'kysely';
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
 * Only cases still open on 1 January or closed within the year can appear in a year's table 三. A case
 * closed in the year is counted even if its receipt date is later (bad data): the balance check then shows it.
 */
function touchesYear({ start, end }: YearRange) {
  return sql`(closed_on is null or closed_on >= ${start}) and (received_on <= ${end} or closed_on <= ${end})`;
}

/**
 * Disclosure applications touching each year, counted per applicant type and outcome, in one pass over
 * the applications (the report asks for its year and the year before, for the carry-over check). A case
 * counts once it was received (受理/登记: received_on set) and is not invalid.
 */
function disclosureTallyQuery(db: Kysely<DB>, years: readonly YearRange[]) {
  return db
    .selectFrom('cases')
    .select([
      'applicant_type',
      'outcome',
      ...years.flatMap((y, i) => {
        const inYear = (condition: RawBuilder<unknown>) => countWhen(sql`${touchesYear(y)} and ${condition}`);
        return [
          inYear(sql`received_on >= ${y.start} and received_on <= ${y.end}`).as(`new_in_year_${i}`),
          inYear(sql`received_on < ${y.start}`).as(`carried_over_${i}`),
          inYear(sql`closed_on >= ${y.start} and closed_on <= ${y.end}`).as(`closed_in_year_${i}`),
          inYear(sql`received_on <= ${y.end} and (closed_on is null or closed_on > ${y.end})`).as(`carried_forward_${i}`),
        ];
      }),
    ])
    .where('channel', '=', 'disclosure')
    .where('status', '<>', 'invalid')
    .where('received_on', 'is not', null)
    .where(sql<boolean>`(${sql.join(years.map((y) => sql`(${touchesYear(y)})`), sql` or `)})`)
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
