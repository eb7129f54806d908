// Filing a letter or an application: one transaction writes the case, its first event, its receipt mail
// and its attachments' rows (their files are stored alongside, see storeWithAttachments). Submissions
// arriving together share a commit (see inSharedCommit), each still all or nothing.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { storeWithAttachments, type AcceptedFile } from '../attachments/service.ts';
import { allocateReference } from '../cases/references.ts';
import { generateQueryCode, hashQueryCode } from '../cases/query-code.ts';
import { insertCase, insertEvent, letterLimit } from '../cases/queries.ts';
import type { CalendarSource } from '../calendar/service.ts';
import { addWorkingDays } from '../domain/calendar.ts';
import { chinaDate, formatChinaDateTime, formatChineseDate } from '../domain/china-time.ts';
import { CHANNEL_LABELS, DISCLOSURE_REPLY_DAYS, LETTER_CATEGORY_LABELS, type Channel } from '../domain/codes.ts';
import { defaultReceiptDate } from '../domain/deadlines.ts';
import { CalendarYearMissingError, DomainError } from '../domain/errors.ts';
import type { DB } from '../db/schema.ts';
import { inSharedCommit } from '../db/shared-commit.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { receiptMail } from '../../views/emails/receipt.ts';
import type { DisclosureInput, LetterInput } from './forms.ts';
import { takeRateLimit, type RateRule } from '../throttle/service.ts';

export interface IntakeDeps {
  db: Kysely<DB>;
  clock: Clock;
  config: Pick<Config, 'districtName' | 'publicUrl' | 'dataDir'>;
  calendar: CalendarSource;
}

/** The per-address cap on submissions, counted in the submission's own transaction (one commit, not two). */
export interface SubmissionLimit {
  key: string;
  rule: RateRule;
}

/** Over the cap: nothing was stored; the citizen may submit again after `waitSeconds`. */
export class SubmissionRateLimitedError extends DomainError {
  constructor(public readonly waitSeconds: number) {
    super('提交过于频繁，请稍后再试。');
  }
}

export interface Submitted {
  caseId: number;
  reference: string;
  queryCode: string;
}

type LetterChannel = Extract<Channel, 'mayor_mailbox' | 'dept_mailbox'>;

export async function submitLetter(
  deps: IntakeDeps,
  channel: LetterChannel,
  input: LetterInput,
  files: AcceptedFile[] = [],
  limit: SubmissionLimit | null = null,
): Promise<Submitted> {
  const now = deps.clock.now();
  const nextStep = await letterNextStep(deps, channel, input.category);
  return fileCase(deps, channel, now, nextStep, input.email, files, limit, {
    department_id: input.departmentId,
    category: input.category,
    subject: input.subject,
    content: input.content,
    applicant_type: null,
    applicant_name: input.name,
    phone: input.phone,
    email: input.email,
    consent_publish: input.consentPublish ? 1 : 0,
  });
}

export async function submitDisclosure(
  deps: IntakeDeps,
  input: DisclosureInput,
  files: AcceptedFile[] = [],
  limit: SubmissionLimit | null = null,
): Promise<Submitted> {
  const now = deps.clock.now();
  const nextStep = await disclosureNextStep(deps, chinaDate(now));
  return fileCase(deps, 'disclosure', now, nextStep, input.email, files, limit, {
    department_id: null,
    category: null,
    subject: input.docTitle ?? firstWords(input.description),
    content: input.description,
    applicant_type: input.applicantType,
    applicant_name: input.name,
    id_type: input.idType,
    id_number: input.idNumber,
    credit_code: input.creditCode,
    legal_representative: input.legalRepresentative,
    contact_name: input.contactName,
    phone: input.phone,
    email: input.email,
    address: input.address,
    postcode: input.postcode,
    doc_title: input.docTitle,
    doc_number: input.docNumber,
    purpose: input.purpose,
    delivery_form: input.deliveryForm,
    delivery_method: input.deliveryMethod,
    consent_publish: 0,
  });
}

type CaseFields = Omit<
  Parameters<typeof insertCase>[1],
  'reference' | 'channel' | 'status' | 'query_code_hash' | 'submitted_at' | 'created_at' | 'updated_at'
>;

async function fileCase(
  deps: IntakeDeps,
  channel: Channel,
  now: Date,
  nextStep: string,
  email: string | null,
  files: AcceptedFile[],
  limit: SubmissionLimit | null,
  fields: CaseFields,
): Promise<Submitted> {
  const at = now.toISOString();
  const year = Number(chinaDate(now).slice(0, 4));
  const queryCode = generateQueryCode();
  return storeWithAttachments(deps.config.dataDir, files, async (recordAttachments) => {
    const outcome = await inSharedCommit(deps.db, async (trx): Promise<Submitted | { waitSeconds: number }> => {
      if (limit) {
        // A refusal is an answer, not an error: thrown, it would undo the other submissions of the
        // shared commit. Its count is kept, which changes nothing: the address is over the cap until
        // the window ends either way.
        const waitSeconds = await takeRateLimit(trx, limit.key, limit.rule, now);
        if (waitSeconds > 0) return { waitSeconds };
      }
      const reference = await allocateReference(trx, channel, year);
      const caseId = await insertCase(trx, {
        ...fields,
        reference,
        channel,
        status: 'submitted',
        query_code_hash: hashQueryCode(queryCode),
        submitted_at: at,
        created_at: at,
        updated_at: at,
      });
      await insertEvent(trx, {
        caseId,
        type: 'submitted',
        at,
        actorUserId: null,
        actorLabel: '申请人',
        visibility: 'applicant',
        payload: { message: nextStep },
      });
      await recordAttachments(trx, caseId, 'applicant', null, at);
      if (email) {
        const mail = receiptMail({
          districtName: deps.config.districtName,
          channelLabel: CHANNEL_LABELS[channel],
          reference,
          queryCode,
          applicantName: fields.applicant_name,
          submittedAt: formatChinaDateTime(now),
          nextStep,
          lookupUrl: `${deps.config.publicUrl}/lookup`,
        });
        await enqueueMail(trx, { kind: 'receipt', caseId, to: email, ...mail }, now);
      }
      return { caseId, reference, queryCode };
    });
    // Thrown here, after the commit, so that the attachments' files staged for it are discarded.
    if ('waitSeconds' in outcome) throw new SubmissionRateLimitedError(outcome.waitSeconds);
    return outcome;
  });
}

async function letterNextStep(deps: IntakeDeps, channel: LetterChannel, category: LetterInput['category']): Promise<string> {
  const days = await letterLimit(deps.db, category);
  const who = channel === 'mayor_mailbox' ? '区政府办公室将登记受理并转交承办单位办理' : '收信部门将登记受理并办理';
  // The clock of a 区长信箱 letter starts when the office hands it to a department (see dispatchCase).
  const from = channel === 'mayor_mailbox' ? '交办承办单位' : '受理';
  return `下一步：${who}。${LETTER_CATEGORY_LABELS[category]}类来信自${from}之日起${days}个工作日内答复。`;
}

/** 条例第三十一、三十三条 in plain words, with the expected dates when the calendar knows them. */
async function disclosureNextStep(deps: IntakeDeps, today: string): Promise<string> {
  const base = `下一步：区政府办公室将登记您的申请。依照《中华人民共和国政府信息公开条例》第三十三条，自收到申请之日起${DISCLOSURE_REPLY_DAYS}个工作日内答复；需要延长的，经批准可延长不超过${DISCLOSURE_REPLY_DAYS}个工作日，并会告知您。如申请内容不明确，将在7个工作日内一次性告知您补正。`;
  try {
    const cal = await deps.calendar.get();
    const received = defaultReceiptDate(cal, today);
    const due = addWorkingDays(cal, received, DISCLOSURE_REPLY_DAYS);
    return `${base}按现行工作日历，收到申请之日为${formatChineseDate(received)}，预计最迟于${formatChineseDate(due)}前答复。`;
  } catch (error) {
    if (error instanceof CalendarYearMissingError) return base;
    throw error;
  }
}

function firstWords(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
