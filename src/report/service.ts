// The statutory annual report of one year, computed from the cases: table 三 with its checks and the
// mailbox figures section 一 quotes. The office's own entries (sections 二, 四 and the text) come later.
import type { Kysely } from 'kysely';
import {
  MAILBOX_CHANNELS,
  REPORT_COLUMNS,
  buildApplicationRows,
  checkApplications,
  isReportYear,
  mailboxFigures,
  type AnnualReport,
  type MailboxChannel,
  type MailboxFigures,
} from '../domain/annual-report.ts';
import { ValidationError } from '../domain/errors.ts';
import type { DB } from '../db/schema.ts';
import { countDisclosureTallies, countMailboxLetters, type YearRange } from './queries.ts';

function yearRange(year: number): YearRange {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

export async function buildAnnualReport(db: Kysely<DB>, year: number): Promise<AnnualReport> {
  if (!isReportYear(year)) {
    throw new ValidationError({ year: '年度应为四位数字，例如 2024' }, `年度“${year}”无效，应为四位数字，例如 2024。`);
  }
  const range = yearRange(year);
  // Last year's table is computed from the same cases, so its 结转下年度 agrees by construction today;
  // the check earns its keep once a published (frozen) report stands in for last year's figures.
  const tallies = await countDisclosureTallies(db, range);
  const previousTallies = await countDisclosureTallies(db, yearRange(year - 1));
  const letters = await countMailboxLetters(db, range, MAILBOX_CHANNELS);

  const rows = buildApplicationRows(tallies);
  const previous = buildApplicationRows(previousTallies);
  const mailboxes = Object.fromEntries(
    MAILBOX_CHANNELS.map((channel) => {
      const found = letters.find((l) => l.channel === channel);
      return [channel, mailboxFigures(found?.received ?? 0, found?.closed ?? 0)];
    }),
  ) as Record<MailboxChannel, MailboxFigures>;

  return {
    year,
    applications: {
      columns: [...REPORT_COLUMNS],
      rows,
      checks: checkApplications(year, rows, previous.carried_forward),
    },
    mailboxes,
    proactive: {},
    appeals: {},
    text: {},
  };
}
