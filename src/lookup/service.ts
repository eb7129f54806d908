// The citizen's view of a case: found only with the reference AND the query code, slowed down on failures.
import type { Kysely } from 'kysely';
import { listApplicantAttachments } from '../attachments/service.ts';
import { findCaseByReference, findDepartmentName, listApplicantEvents } from '../cases/queries.ts';
import { normalizeQueryCode, verifyQueryCode } from '../cases/query-code.ts';
import { CHANNEL_LABELS, type Channel } from '../domain/codes.ts';
import type { CaseRow, DB } from '../db/schema.ts';
import { RATINGS, type Rating } from '../cases/service.ts';
import { replyNoticeOf } from '../cases/notice.ts';
import { clearFailures, recordFailure, throttleWait } from '../throttle/service.ts';
import type { CaseStatusProps } from '../../views/citizen/lookup.tsx';

const CITIZEN_STATUS_LABELS: Record<string, string> = {
  submitted: '待受理',
  confirmed: '已受理',
  assigned: '办理中',
  awaiting_supplement: '待您补正材料',
  consulting: '办理中（征求意见）',
  in_review: '办理中',
  closed: '已办结',
  invalid: '未予受理',
};

const UNKNOWN_HASH = `x$${'0'.repeat(64)}`;

// Only what looks like a reference is looked up; anything else is simply not found (and a NUL byte,
// which PostgreSQL refuses in text, never reaches the database).
const REFERENCE_SHAPE = /^[A-Z]+\d{4}-\d{6}$/;

const findByReference = (db: Kysely<DB>, reference: string) =>
  REFERENCE_SHAPE.test(reference) ? findCaseByReference(db, reference) : Promise.resolve(undefined);

export type LookupResult =
  | { kind: 'found'; view: CaseStatusProps; caseId: number }
  | { kind: 'not_found' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export async function lookupCase(
  db: Kysely<DB>,
  ip: string,
  referenceInput: string,
  codeInput: string,
  now: Date,
  districtName: string,
): Promise<LookupResult> {
  const key = `lookup:${ip}`;
  const wait = await throttleWait(db, key, now);
  if (wait > 0) return { kind: 'throttled', retryAfterSeconds: wait };

  const reference = referenceInput.trim().toUpperCase();
  const found = await findByReference(db, reference);
  // Verify even when the reference is unknown, so timing does not tell which part was wrong.
  const codeOk = verifyQueryCode(normalizeQueryCode(codeInput), found?.query_code_hash ?? UNKNOWN_HASH);
  if (!found || !codeOk) {
    await recordFailure(db, key, now);
    return { kind: 'not_found' };
  }
  await clearFailures(db, key);
  return { kind: 'found', caseId: found.id, view: await citizenView(db, found, districtName) };
}

/** The case as its applicant sees it, for someone who already proved the query code (access cookie). */
export async function findCaseForApplicant(db: Kysely<DB>, reference: string, code: string) {
  const found = await findByReference(db, reference);
  return found && verifyQueryCode(code, found.query_code_hash) ? found : null;
}

export async function citizenView(db: Kysely<DB>, found: CaseRow, districtName: string): Promise<CaseStatusProps> {
  const events = await listApplicantEvents(db, found.id);
  const closed = found.status === 'closed';
  const isLetter = found.channel !== 'disclosure';
  return {
    reference: found.reference,
    channelLabel: CHANNEL_LABELS[found.channel as Channel],
    statusLabel: CITIZEN_STATUS_LABELS[found.status] ?? found.status,
    subject: found.subject,
    submittedAt: found.submitted_at,
    receivedOn: found.received_on,
    dueOn: found.due_on,
    departmentName: await findDepartmentName(db, found.department_id),
    closedOn: found.closed_on,
    replyText: closed && isLetter ? found.reply_text : null,
    notice: closed && found.closed_on ? replyNoticeOf(found, districtName, found.closed_on) : null,
    rating: found.rating && found.rating in RATINGS ? RATINGS[found.rating as Rating] : null,
    canRate: closed && isLetter && !found.rating,
    attachments: await listApplicantAttachments(db, found),
    events: events.map((e) => {
      const message = (JSON.parse(e.payload) as { message?: unknown }).message;
      return { type: e.type, at: e.at, note: typeof message === 'string' ? message : null };
    }),
  };
}
