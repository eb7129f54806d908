// SQL of the annual report: aggregates only (GROUP BY in the database), never the cases themselves,
// so a year of a million cases costs a handful of result rows. Dates are YYYY-MM-DD text on both
// databases, so range comparisons on them are chronological.
import { sql, type Kysely } from 'kysely';
import type { DisclosureTally, MailboxChannel } from '../domain/annual-report.ts';
import type { DB } from '../db/schema.ts';

export interface YearRange {
  /** YYYY-01-01 */
  start: string;
  /** YYYY-12-31 */
  end: string;
}

/** 1 for each row matching the condition, summed; a conditional count portable to SQLite and PostgreSQL. */
function countWhen(condition: ReturnType<typeof sql>) {
  return sql<number>`sum(case when ${condition} then 1 else 0 end)`;
}

/**
 * Disclosure applications touching the year, counted per applicant type and outcome. A case counts once
 * it was received (受理/登记: received_on set) and is not invalid. Only cases still open on 1 January or
 * closed within the year can appear in table 三; the WHERE keeps exactly those.
 */
export async function countDisclosureTallies(db: Kysely<DB>, { start, end }: YearRange): Promise<DisclosureTally[]> {
  const rows = await db
    .selectFrom('cases')
    .select([
      'applicant_type',
      'outcome',
      countWhen(sql`received_on >= ${start} and received_on <= ${end}`).as('new_in_year'),
      countWhen(sql`received_on < ${start}`).as('carried_over'),
      countWhen(sql`closed_on >= ${start} and closed_on <= ${end}`).as('closed_in_year'),
      countWhen(sql`received_on <= ${end} and (closed_on is null or closed_on > ${end})`).as('carried_forward'),
    ])
    .where('channel', '=', 'disclosure')
    .where('status', '<>', 'invalid')
    .where('received_on', 'is not', null)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', start)]))
    // A case closed in the year is counted even if its receipt date is later (bad data): the balance check then shows it.
    .where((eb) => eb.or([eb('received_on', '<=', end), eb('closed_on', '<=', end)]))
    .groupBy(['applicant_type', 'outcome'])
    .execute();
  return rows.map((r) => ({
    applicantType: r.applicant_type,
    outcome: r.outcome,
    newInYear: Number(r.new_in_year),
    carriedOver: Number(r.carried_over),
    closedInYear: Number(r.closed_in_year),
    carriedForward: Number(r.carried_forward),
  }));
}

/**
 * Letters received (受理) in the year per mailbox and, of those, the ones closed by 31 December: a report
 * built in March gives the same 办结率 as one built on 2 January.
 */
export async function countMailboxLetters(
  db: Kysely<DB>,
  { start, end }: YearRange,
  channels: readonly MailboxChannel[],
): Promise<Array<{ channel: string; received: number; closed: number }>> {
  const rows = await db
    .selectFrom('cases')
    .select([
      'channel',
      (eb) => eb.fn.countAll<number>().as('received'),
      countWhen(sql`closed_on is not null and closed_on <= ${end}`).as('closed'),
    ])
    .where('channel', 'in', [...channels])
    .where('received_on', '>=', start)
    .where('received_on', '<=', end)
    .where('status', '<>', 'invalid')
    .groupBy('channel')
    .execute();
  return rows.map((r) => ({ channel: r.channel, received: Number(r.received), closed: Number(r.closed) }));
}
