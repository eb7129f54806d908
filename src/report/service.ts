// The statutory annual report of one year: table 三 with its checks and the mailbox figures computed
// from the cases, with the office's own entries (sections 二, 四 and the texts). A year marked final
// answers with its frozen snapshot, so every output (page, print, DOCX, XLSX, JSON) stays as published.
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
import { draftOverview } from '../domain/report-draft-text.ts';
import { EMPTY_INPUTS, readStoredInputs, type ReportInputs } from '../domain/report-inputs.ts';
import type { DB } from '../db/schema.ts';
import { findAnnualReport, findFinalSnapshot, type AnnualReportRow } from './editor-queries.ts';
import { countReportFigures, type YearRange } from './queries.ts';

function yearRange(year: number): YearRange {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

function assertReportYear(year: number) {
  if (!isReportYear(year)) {
    throw new ValidationError({ year: '年度应为四位数字，例如 2024' }, `年度“${year}”无效，应为四位数字，例如 2024。`);
  }
}

/** The report as the cases and the given entries make it today (never the frozen one). */
export async function computeAnnualReport(db: Kysely<DB>, year: number, inputs: ReportInputs): Promise<AnnualReport> {
  assertReportYear(year);
  const range = yearRange(year);
  // Last year's 结转下年度 as published when last year is final: then a case changed since shows up as a
  // failed check. Otherwise it comes from the same cases, and agrees by construction.
  const frozen = await findFinalSnapshot(db, year - 1);
  const counted = await countReportFigures(db, frozen ? [range] : [range, yearRange(year - 1)], range, MAILBOX_CHANNELS);
  const { letters } = counted;
  const rows = buildApplicationRows(counted.tallies[0]!);
  const previousCarriedForward = frozen
    ? (JSON.parse(frozen) as AnnualReport).applications.rows.carried_forward
    : buildApplicationRows(counted.tallies[1]!).carried_forward;
  const carryOverName = `本年上年结转 = ${year - 1}年结转下年度`;
  const checks = checkApplications(year, rows, previousCarriedForward).map((c) =>
    frozen && c.name === carryOverName ? { ...c, name: `${carryOverName}（以${year - 1}年定稿报告为准）` } : c,
  );

  const mailboxes = Object.fromEntries(
    MAILBOX_CHANNELS.map((channel) => {
      const found = letters.find((l) => l.channel === channel);
      return [channel, mailboxFigures(found?.received ?? 0, found?.closed ?? 0)];
    }),
  ) as Record<MailboxChannel, MailboxFigures>;

  return {
    year,
    applications: { columns: [...REPORT_COLUMNS], rows, checks },
    mailboxes,
    proactive: { ...inputs.proactive },
    appeals: { ...inputs.appeals },
    text: { ...inputs.text },
  };
}

export interface ReportState {
  year: number;
  /** 'new' until the office first saves its entries. */
  status: 'new' | 'draft' | 'final';
  row: AnnualReportRow | null;
  /** The office's entries: stored ones for a draft, the frozen ones for a final report. */
  inputs: ReportInputs;
  report: AnnualReport;
}

/** The year as it stands: the frozen snapshot when final, else computed now with the stored entries. */
export async function loadReportState(db: Kysely<DB>, year: number): Promise<ReportState> {
  assertReportYear(year);
  const row = (await findAnnualReport(db, year)) ?? null;
  if (row?.status === 'final' && row.snapshot) {
    const report = JSON.parse(row.snapshot) as AnnualReport;
    return { year, status: 'final', row, inputs: readStoredInputs(report.proactive, report.appeals, report.text), report };
  }
  const inputs = row ? readStoredInputs(JSON.parse(row.proactive), JSON.parse(row.appeals), JSON.parse(row.text_sections)) : EMPTY_INPUTS;
  return { year, status: row ? 'draft' : 'new', row, inputs, report: await computeAnnualReport(db, year, inputs) };
}

/** The JSON of `report YEAR --format json` and of /office/report/YEAR.json. */
export async function buildAnnualReport(db: Kysely<DB>, year: number): Promise<AnnualReport> {
  return (await loadReportState(db, year)).report;
}

/** What the printed page, the DOCX and the XLSX are made from. */
export interface ReportDocument {
  year: number;
  /** 示例区人民政府办公室 */
  agency: string;
  /** 示例区人民政府办公室2024年政府信息公开工作年度报告 */
  title: string;
  /** The standard opening paragraph of the official format. */
  preface: string;
  final: boolean;
  report: AnnualReport;
  /** Section 一: the stored text, or the draft from the figures while a draft report has none. */
  overview: string;
  problems: string;
  other: string;
}

export function reportDocument(state: Pick<ReportState, 'year' | 'status' | 'report'>, districtName: string): ReportDocument {
  const { year, report } = state;
  const agency = `${districtName}人民政府办公室`;
  const final = state.status === 'final';
  return {
    year,
    agency,
    title: `${agency}${year}年政府信息公开工作年度报告`,
    preface:
      `根据《中华人民共和国政府信息公开条例》规定，现向社会公开${agency}${year}年政府信息公开工作年度报告。` +
      '报告主要由政府信息公开工作总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、' +
      `行政诉讼情况、存在的主要问题及改进措施等部分组成。本报告中所列数据的统计时限为${year}年1月1日至${year}年12月31日。`,
    final,
    report,
    overview: report.text.overview ?? (final ? '' : draftOverview(report)),
    problems: report.text.problems ?? '',
    other: report.text.other ?? '',
  };
}

/** The report document of a year as it stands, for the print page, the files and the CLI. */
export async function loadReportDocument(db: Kysely<DB>, year: number, districtName: string): Promise<ReportDocument> {
  return reportDocument(await loadReportState(db, year), districtName);
}
