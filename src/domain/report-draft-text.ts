// Section 一 (总体情况) of the annual report pre-drafted from the figures, in the words of the published
// reports (the Haimen 2024 report, paragraphs 1 and 2), for the office to complete and edit.
import { REPORT_COLUMNS, type AnnualReport, type ApplicationRows, type MailboxFigures } from './annual-report.ts';
import { APPEAL_GROUPS, appealKey, type ReportInputs } from './report-inputs.ts';

const TOTAL = REPORT_COLUMNS.length - 1;
const NATURAL_PERSON = REPORT_COLUMNS.indexOf('natural_person');

/** A whole percentage as the reports print it: 59 of 60 → 98 (四舍五入); null when there is nothing to divide by. */
export function wholePercent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 100) / whole);
}

export interface ApplicationSummary {
  /** 收到: this year's new applications plus those carried over from last year. */
  received: number;
  naturalPersons: number;
  naturalPersonShare: number | null;
  /**
   * 答复: the applications closed in the year (（七）总计) except （六）3 其他, the applications ended
   * without a reply to the applicant (withdrawn and the like). With the reference's table 三 that is
   * 58 − 4 = 54, the 答复54件 of its section 一.
   */
  replied: number;
  replyRate: number | null;
  carriedForward: number;
}

export function summariseApplications(rows: ApplicationRows): ApplicationSummary {
  const received = rows.new[TOTAL] + rows.carried_over[TOTAL];
  const naturalPersons = rows.new[NATURAL_PERSON] + rows.carried_over[NATURAL_PERSON];
  const replied = rows.handled_total[TOTAL] - rows['other.other'][TOTAL];
  return {
    received,
    naturalPersons,
    naturalPersonShare: wholePercent(naturalPersons, received),
    replied,
    replyRate: wholePercent(replied, received),
    carriedForward: rows.carried_forward[TOTAL],
  };
}

/** 全年受理“区长信箱”信件210件、办结率97.62%，“部门信箱”信件230件、办结率97.83% (办结率 with two decimals). */
function mailboxSentence(mailboxes: AnnualReport['mailboxes']): string {
  let counted = false;
  const named: Array<[string, MailboxFigures]> = [
    ['区长信箱', mailboxes.mayor_mailbox],
    ['部门信箱', mailboxes.dept_mailbox],
  ];
  return named
    .map(([name, f]) => {
      if (f.received === 0 || f.completion_rate === null) return `“${name}”未收到信件`;
      const lead = counted ? '' : '全年受理';
      counted = true;
      return `${lead}“${name}”信件${f.received}件、办结率${f.completion_rate.toFixed(2)}%`;
    })
    .join('，');
}

/** The sentence on appeals, once section 四's 结果纠正 figures are entered. */
function appealsClause(appeals: ReportInputs['appeals']): string | null {
  const corrected = APPEAL_GROUPS.map((g) => appeals[appealKey(g.key, 'corrected')]);
  if (corrected.some((n) => n === undefined)) return null;
  const sum = (corrected as number[]).reduce((s, n) => s + n, 0);
  return sum === 0 ? '未发生因信息公开导致的行政复议和行政诉讼败诉案件' : `因信息公开导致的行政复议、行政诉讼结果被纠正${sum}件`;
}

/** Paragraphs 1 and 2 of section 一, one per line. */
export function draftOverview(report: Pick<AnnualReport, 'year' | 'mailboxes' | 'applications' | 'appeals'>): string {
  const first = `1.主动公开情况。${report.year}年，${mailboxSentence(report.mailboxes)}。`;

  const s = summariseApplications(report.applications.rows);
  const clauses =
    s.received === 0
      ? ['全年未收到向区政府及其办公室申请的政府信息公开申请']
      : [
          `收到向区政府及其办公室申请的各类政府信息公开申请${s.received}件，其中自然人申请${s.naturalPersons}件，占比${s.naturalPersonShare}%`,
          `答复${s.replied}件，答复率${s.replyRate}%`,
          `结转下年度继续办理${s.carriedForward}件`,
        ];
  const appeals = appealsClause(report.appeals as ReportInputs['appeals']);
  if (appeals) clauses.push(appeals);
  const second = `2.依申请公开情况。${clauses.join('；')}。`;
  return `${first}\n${second}`;
}
