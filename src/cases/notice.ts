// The 答复告知书 of a closed (or drafted) disclosure case, from its row: one place for staff and citizen pages.
import type { CaseRow } from '../db/schema.ts';
import { isOutcomeCode, renderReplyNotice } from '../domain/outcomes.ts';

export function agencyName(districtName: string): string {
  return `${districtName}人民政府办公室`;
}

/** Null when the case is not a disclosure application or has no outcome yet. */
export function replyNoticeOf(row: CaseRow, districtName: string, decidedOn: string) {
  if (row.channel !== 'disclosure' || !row.outcome || !isOutcomeCode(row.outcome) || !row.received_on) return null;
  return renderReplyNotice({
    outcome: row.outcome,
    applicant: row.applicant_name,
    receivedOn: row.received_on,
    description: row.content,
    reference: row.reference,
    agencyName: agencyName(districtName),
    decidedOn,
    replyText: row.reply_text ?? undefined,
  });
}
