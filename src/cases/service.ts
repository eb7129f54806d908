// Every move of a case is one function here: it checks who may do it and whether the case's state
// allows it, then writes the event, updates the case (status, department, due date) and queues the
// mails in ONE transaction.
import type { Kysely, Transaction } from 'kysely';
import type { CalendarSource } from '../calendar/service.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DatabaseKind } from '../db/database.ts';
import type { CaseRow, CaseUpdate, DB } from '../db/schema.ts';
import { addWorkingDays, type WorkCalendar } from '../domain/calendar.ts';
import type { EventType, Visibility } from '../domain/case-events.ts';
import { nextStatus, type CaseAction, type CaseStatus } from '../domain/case-state.ts';
import { chinaDate, formatChineseDate } from '../domain/china-time.ts';
import { CHANNEL_LABELS, DISCLOSURE_REPLY_DAYS, SUPPLEMENT_ANSWER_DAYS, type Channel, type LetterCategory } from '../domain/codes.ts';
import { computeDeadline, defaultReceiptDate, type ClockStep, type ConsultedParty } from '../domain/deadlines.ts';
import { CalendarYearMissingError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { isOutcomeCode, outcomeByCode, type OutcomeCode } from '../domain/outcomes.ts';
import { workingDaysToClose } from '../domain/rates.ts';
import { canSeeCase, isOfficeRole, type StaffUser } from '../domain/roles.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { applicantNoticeMail, assignmentMail } from '../../views/emails/case-mails.ts';
import { insertEvent, letterLimit } from './queries.ts';
import {
  findDepartment,
  listClockEvents,
  listDepartmentStaffEmails,
  lockCase,
  updateCase,
} from './transition-queries.ts';

export interface CaseDeps {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  clock: Clock;
  calendar: CalendarSource;
  config: Pick<Config, 'districtName' | 'publicUrl'>;
}

/** Who acts: a staff member, or the applicant proven by the query code (rating). */
export type Actor = { kind: 'staff'; user: StaffUser } | { kind: 'applicant' };


export const INVALID_REASONS = {
  spam: '无实质内容或广告信息',
  abusive: '含有辱骂、攻击等不文明内容',
  duplicate: '重复来信',
} as const;
export type InvalidReason = keyof typeof INVALID_REASONS;

export const RATINGS = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' } as const;
export type Rating = keyof typeof RATINGS;

interface Ctx {
  trx: Transaction<DB>;
  row: CaseRow;
  channel: Channel;
  actor: Actor;
  at: string;
  today: string;
  cal: WorkCalendar;
}

interface Change {
  update?: CaseUpdate;
  events: Array<{ type: EventType; visibility: Visibility; payload?: Record<string, unknown> }>;
  /** A clock step this move adds; the due date is recomputed from all of them. */
  clock?: ClockStep;
  /** The notice the applicant gets by mail (when they gave an address). */
  notify?: { headline: string; body: string };
  /** Mail the clerks of the department the case now belongs to. */
  notifyDepartment?: boolean;
}

type Who = 'office' | 'handler' | 'applicant';

async function transition(
  deps: CaseDeps,
  actor: Actor,
  caseId: number,
  action: CaseAction,
  who: Who,
  decide: (ctx: Ctx) => Promise<Change> | Change,
): Promise<CaseRow> {
  const now = deps.clock.now();
  // Loaded before the transaction: on SQLite the transaction holds the only connection.
  const cal = await deps.calendar.get();
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, deps.dbKind, caseId);
    if (!row) throw new NotFoundError('未找到该案件。');
    checkActor(actor, row, who);
    const channel = row.channel as Channel;
    const status = nextStatus(channel, row.status as CaseStatus, action);
    const ctx: Ctx = { trx, row, channel, actor, at: now.toISOString(), today: chinaDate(now), cal };
    const change = await decide(ctx);

    const update: CaseUpdate = { ...change.update, status, updated_at: ctx.at };
    const [first, ...rest] = change.events;
    const payloadFirst = change.clock ? { ...first!.payload, clock: change.clock } : first!.payload;
    if (change.clock) update.due_on = await recomputeDue(trx, cal, channel, caseId, change.clock);
    const actorUserId = actor.kind === 'staff' ? actor.user.id : null;
    const actorLabel = actor.kind === 'staff' ? actor.user.displayName : '申请人';
    await insertEvent(trx, { caseId, type: first!.type, at: ctx.at, actorUserId, actorLabel, visibility: first!.visibility, payload: payloadFirst });
    for (const e of rest) {
      await insertEvent(trx, { caseId, type: e.type, at: ctx.at, actorUserId, actorLabel, visibility: e.visibility, payload: e.payload });
    }
    await updateCase(trx, caseId, update);
    const updated = { ...row, ...update } as CaseRow;

    if (change.notify && row.email) {
      const mail = applicantNoticeMail({
        districtName: deps.config.districtName,
        reference: row.reference,
        applicantName: row.applicant_name,
        headline: change.notify.headline,
        body: change.notify.body,
        lookupUrl: `${deps.config.publicUrl}/lookup`,
      });
      await enqueueMail(trx, { kind: `applicant_${action}`, caseId, to: row.email, ...mail }, now);
    }
    if (change.notifyDepartment && updated.department_id !== null) {
      for (const to of await listDepartmentStaffEmails(trx, updated.department_id)) {
        const mail = assignmentMail({
          districtName: deps.config.districtName,
          reference: row.reference,
          channelLabel: CHANNEL_LABELS[channel],
          subject: row.subject,
          dueOn: updated.due_on ?? null,
          caseUrl: `${deps.config.publicUrl}/cases/${caseId}`,
        });
        await enqueueMail(trx, { kind: 'assignment', caseId, to, ...mail }, now);
      }
    }
    return updated;
  });
}

function checkActor(actor: Actor, row: CaseRow, who: Who) {
  if (who === 'applicant') {
    if (actor.kind !== 'applicant') throw new ForbiddenError('只有申请人可以评价。');
    return;
  }
  if (actor.kind !== 'staff') throw new ForbiddenError();
  // A department must not even learn that another department's case exists.
  if (!canSeeCase(actor.user, row.department_id)) throw new NotFoundError('未找到该案件。');
  if (who === 'office' && !isOfficeRole(actor.user.role)) throw new ForbiddenError('此操作由区政府办公室办理。');
}

async function recomputeDue(trx: Transaction<DB>, cal: WorkCalendar, channel: Channel, caseId: number, added: ClockStep) {
  const steps = [...(await listClockEvents(trx, caseId)), added];
  return computeDeadline(cal, channel, steps).dueOn;
}

const staff = (user: StaffUser): Actor => ({ kind: 'staff', user });

function required(field: string, value: string | undefined, message: string, max = 2000): string {
  const v = (value ?? '').trim();
  if (!v) throw new ValidationError({ [field]: message });
  if (v.length > max) throw new ValidationError({ [field]: `不能超过${max}个字` });
  return v;
}

/**
 * The working days from receipt to today, for a case closing today. Null when the calendar lacks a year of
 * that span: the office is warned to enter it, and entering it counts them (calendar/calendar-change.ts).
 */
function workingDaysTaken(ctx: Ctx): number | null {
  if (!ctx.row.received_on) return null;
  try {
    return workingDaysToClose(ctx.cal, ctx.row.received_on, ctx.today);
  } catch (error) {
    if (error instanceof CalendarYearMissingError) return null;
    throw error;
  }
}

async function departmentOrFail(trx: Transaction<DB>, id: number) {
  const dept = await findDepartment(trx, id);
  if (!dept || dept.active !== 1) throw new ValidationError({ department_id: '请选择有效的承办单位' });
  return dept;
}

// ------------------------------------------------------------------ intake (受理 / 无效 / 分办)

/**
 * 受理/登记. Disclosure: the receipt date of 条例第三十一条 (default: the submission day, or the
 * next working day) starts the 20 days. A 部门信箱 letter is confirmed by its department and its
 * clock starts at once; a 区长信箱 letter's clock starts when the office dispatches it.
 */
export async function confirmCase(deps: CaseDeps, user: StaffUser, caseId: number, input: { receivedOn?: string } = {}) {
  return transition(deps, staff(user), caseId, 'confirm', 'handler', async (ctx) => {
    if (ctx.channel !== 'dept_mailbox' && !isOfficeRole(user.role)) throw new ForbiddenError('此操作由区政府办公室办理。');
    const cal = ctx.cal;
    const receivedOn = input.receivedOn?.trim() || (ctx.channel === 'disclosure' ? defaultReceiptDate(cal, chinaDate(new Date(ctx.row.submitted_at))) : ctx.today);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedOn) || receivedOn > ctx.today || receivedOn < chinaDate(new Date(ctx.row.submitted_at))) {
      throw new ValidationError({ received_on: '受理日期应在提交日期与今天之间' });
    }
    if (ctx.channel === 'disclosure') {
      const dueOn = addWorkingDays(cal, receivedOn, DISCLOSURE_REPLY_DAYS);
      return {
        update: { received_on: receivedOn },
        clock: { kind: 'start', on: receivedOn, days: DISCLOSURE_REPLY_DAYS },
        events: [{ type: 'confirmed', visibility: 'applicant', payload: { message: `已登记您的申请，收到申请之日为${formatChineseDate(receivedOn)}，将于${formatChineseDate(dueOn)}前答复。` } }],
        notify: { headline: '您的政府信息公开申请已登记', body: `收到申请之日为${formatChineseDate(receivedOn)}。依照条例第三十三条，我们将于${formatChineseDate(dueOn)}前答复。` },
      };
    }
    if (ctx.channel === 'dept_mailbox') {
      const days = await limitOf(ctx.trx, ctx.row.category);
      return {
        update: { received_on: receivedOn },
        clock: { kind: 'start', on: receivedOn, days },
        events: [{ type: 'confirmed', visibility: 'applicant', payload: { message: `您的来信已受理，将在${days}个工作日内答复。` } }],
      };
    }
    return {
      update: { received_on: receivedOn },
      events: [{ type: 'confirmed', visibility: 'applicant', payload: { message: '您的来信已受理，即将转交承办单位办理。' } }],
    };
  });
}

export async function invalidateCase(deps: CaseDeps, user: StaffUser, caseId: number, input: { reason: string; note?: string }) {
  return transition(deps, staff(user), caseId, 'invalidate', 'handler', (ctx) => {
    if (ctx.channel !== 'dept_mailbox' && !isOfficeRole(user.role)) throw new ForbiddenError('此操作由区政府办公室办理。');
    if (!(input.reason in INVALID_REASONS)) throw new ValidationError({ reason: '请选择无效原因' });
    const label = INVALID_REASONS[input.reason as InvalidReason];
    return {
      events: [{ type: 'invalidated', visibility: 'applicant', payload: { reason: input.reason, note: input.note?.trim() || null, message: `经审核，该来信属于“${label}”，不予受理。` } }],
    };
  });
}

/** 分办: the office sends a confirmed case to a department; a letter's clock starts now. */
export async function dispatchCase(deps: CaseDeps, user: StaffUser, caseId: number, input: { departmentId: number; note?: string }) {
  return transition(deps, staff(user), caseId, 'dispatch', 'office', async (ctx) => {
    const dept = await departmentOrFail(ctx.trx, input.departmentId);
    const change: Change = {
      update: { department_id: dept.id },
      notifyDepartment: true,
      events: [{ type: 'dispatched', visibility: 'applicant', payload: { department_id: dept.id, note: input.note?.trim() || null, message: `已交由${dept.name}办理。` } }],
    };
    if (ctx.channel !== 'disclosure' && ctx.row.due_on === null) {
      change.clock = { kind: 'start', on: ctx.today, days: await limitOf(ctx.trx, ctx.row.category) };
    }
    return change;
  });
}

/** 受理并分办 for several letters at once; each case is its own transaction, so one refusal stops only itself. */
export async function dispatchMany(deps: CaseDeps, user: StaffUser, caseIds: number[], departmentId: number) {
  const results: Array<{ caseId: number; ok: boolean; message?: string }> = [];
  for (const caseId of caseIds) {
    try {
      const row = await deps.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirst();
      if (row?.status === 'submitted') await confirmCase(deps, user, caseId);
      await dispatchCase(deps, user, caseId, { departmentId });
      results.push({ caseId, ok: true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ caseId, ok: false, message: error.message });
    }
  }
  return results;
}

export async function handBackCase(deps: CaseDeps, user: StaffUser, caseId: number, input: { reason: string }) {
  return transition(deps, staff(user), caseId, 'hand_back', 'handler', (ctx) => {
    const reason = required('reason', input.reason, '请说明退回原因', 500);
    return {
      update: { department_id: null },
      events: [{ type: 'handed_back', visibility: 'internal', payload: { from_department_id: ctx.row.department_id, reason } }],
    };
  });
}

export async function transferCase(deps: CaseDeps, user: StaffUser, caseId: number, input: { departmentId: number; reason: string }) {
  return transition(deps, staff(user), caseId, 'transfer', 'handler', async (ctx) => {
    const reason = required('reason', input.reason, '请说明转办原因', 500);
    const dept = await departmentOrFail(ctx.trx, input.departmentId);
    if (dept.id === ctx.row.department_id) throw new ValidationError({ department_id: '请选择其他单位' });
    return {
      update: { department_id: dept.id },
      notifyDepartment: true,
      events: [
        { type: 'transferred', visibility: 'applicant', payload: { from_department_id: ctx.row.department_id, department_id: dept.id, reason, message: `已转交${dept.name}办理。` } },
      ],
    };
  });
}

// ------------------------------------------------------------------ 补正 / 征求意见 / 延期 (disclosure)

export async function requestSupplement(deps: CaseDeps, user: StaffUser, caseId: number, input: { missing: string }) {
  return transition(deps, staff(user), caseId, 'request_supplement', 'handler', async (ctx) => {
    const missing = required('missing', input.missing, '请一次性写明需要补正的内容');
    const supplementDue = addWorkingDays(ctx.cal, ctx.today, SUPPLEMENT_ANSWER_DAYS);
    const message = `请补正以下内容：${missing}\n请于${formatChineseDate(supplementDue)}前提交补正材料；逾期无正当理由不补正的，视为放弃申请（条例第三十条）。`;
    return {
      update: { supplement_due_on: supplementDue },
      clock: { kind: 'supplement_requested', on: ctx.today },
      events: [{ type: 'supplement_requested', visibility: 'applicant', payload: { missing, supplement_due_on: supplementDue, message } }],
      notify: { headline: '请补正您的政府信息公开申请', body: message },
    };
  });
}

export async function recordSupplement(deps: CaseDeps, user: StaffUser, caseId: number, input: { content: string; receivedOn?: string }) {
  return transition(deps, staff(user), caseId, 'record_supplement', 'handler', (ctx) => {
    const content = required('content', input.content, '请记录补正的内容');
    const on = input.receivedOn?.trim() || ctx.today;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || on > ctx.today) throw new ValidationError({ received_on: '收到日期不能晚于今天' });
    return {
      update: { supplement_due_on: null },
      clock: { kind: 'supplement_received', on },
      events: [{ type: 'supplement_received', visibility: 'applicant', payload: { content, message: `已收到补正材料（${formatChineseDate(on)}），答复期限重新计算。` } }],
    };
  });
}

export async function closeNoSupplement(deps: CaseDeps, user: StaffUser, caseId: number) {
  return transition(deps, staff(user), caseId, 'close_no_supplement', 'office', (ctx) => {
    if (!ctx.row.supplement_due_on || ctx.row.supplement_due_on >= ctx.today) {
      throw new ValidationError({ form: `补正期限${ctx.row.supplement_due_on ?? ''}尚未届满，不能按逾期未补正办结。` });
    }
    const outcome: OutcomeCode = 'other.no_supplement';
    return {
      update: { closed_on: ctx.today, working_days_to_close: workingDaysTaken(ctx), outcome, reply_text: outcomeByCode(outcome).label, supplement_due_on: null },
      events: [{ type: 'replied', visibility: 'applicant', payload: { outcome, message: '申请人逾期未补正，视为放弃申请，本申请不再处理（条例第三十条）。' } }],
      notify: { headline: '您的政府信息公开申请已办结', body: '您未在补正期限内提交补正材料，视为放弃申请，本申请不再处理（条例第三十条）。' },
    };
  });
}

export async function startConsultation(deps: CaseDeps, user: StaffUser, caseId: number, input: { party: string; note: string }) {
  return transition(deps, staff(user), caseId, 'start_consultation', 'handler', (ctx) => {
    if (input.party !== 'third_party' && input.party !== 'agency') throw new ValidationError({ party: '请选择征求意见的对象' });
    const note = required('note', input.note, '请写明征求谁的意见、为何征求', 500);
    const partyLabel = input.party === 'third_party' ? '第三方' : '有关行政机关';
    return {
      clock: { kind: 'consultation_started', on: ctx.today, party: input.party as ConsultedParty },
      events: [{ type: 'consultation_started', visibility: 'applicant', payload: { party: input.party, note, message: `正在征求${partyLabel}意见，所需时间不计算在答复期限内。` } }],
    };
  });
}

export async function endConsultation(deps: CaseDeps, user: StaffUser, caseId: number, input: { note?: string }) {
  return transition(deps, staff(user), caseId, 'end_consultation', 'handler', (ctx) => ({
    clock: { kind: 'consultation_ended', on: ctx.today },
    events: [{ type: 'consultation_ended', visibility: 'applicant', payload: { note: input.note?.trim() || null, message: '征求意见结束，恢复计算答复期限。' } }],
  }));
}

export async function requestExtension(deps: CaseDeps, user: StaffUser, caseId: number, input: { days: number; reason: string }) {
  return transition(deps, staff(user), caseId, 'request_extension', 'handler', async (ctx) => {
    const reason = required('reason', input.reason, '请说明延期理由', 500);
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > 20) throw new ValidationError({ days: '延长期限应为1至20个工作日' });
    if (ctx.row.extension_requested_days !== null) throw new ValidationError({ days: '已有待审批的延期申请' });
    const clockSteps = await listClockEvents(ctx.trx, ctx.row.id);
    if (clockSteps.some((s) => s.kind === 'extension')) throw new ValidationError({ days: '答复期限只能延长一次，本申请已延长过' });
    return {
      update: { extension_requested_days: input.days },
      events: [{ type: 'extension_requested', visibility: 'internal', payload: { days: input.days, reason } }],
    };
  });
}

export async function decideExtension(deps: CaseDeps, user: StaffUser, caseId: number, input: { approve: boolean; comment?: string }) {
  return transition(deps, staff(user), caseId, 'decide_extension', 'office', (ctx) => {
    const days = ctx.row.extension_requested_days;
    if (days === null) throw new ValidationError({ form: '没有待审批的延期申请' });
    if (!input.approve) {
      return {
        update: { extension_requested_days: null },
        events: [{ type: 'extension_decided', visibility: 'internal', payload: { approved: false, days, comment: input.comment?.trim() || null } }],
      };
    }
    return {
      update: { extension_requested_days: null },
      clock: { kind: 'extension', on: ctx.today, days },
      events: [{ type: 'extension_decided', visibility: 'applicant', payload: { approved: true, days, comment: input.comment?.trim() || null, message: `经批准，答复期限延长${days}个工作日（条例第三十三条第二款）。` } }],
      notify: { headline: '答复期限延长告知', body: `因需要，经区政府办公室批准，您的申请答复期限延长${days}个工作日（条例第三十三条第二款）。新的答复期限可凭编号和查询码查看。` },
    };
  });
}

// ------------------------------------------------------------------ replies and review

export async function saveDraft(deps: CaseDeps, user: StaffUser, caseId: number, input: { replyText: string; outcome?: string }) {
  return transition(deps, staff(user), caseId, 'save_draft', 'handler', (ctx) => {
    const replyText = (input.replyText ?? '').trim();
    if (replyText.length > 10_000) throw new ValidationError({ reply_text: '答复内容不能超过10000个字' });
    let outcome: string | null = null;
    if (ctx.channel === 'disclosure' && input.outcome) {
      if (!isOutcomeCode(input.outcome)) throw new ValidationError({ outcome: '请选择答复结果' });
      outcome = input.outcome;
    }
    return {
      update: { reply_text: replyText || null, outcome },
      events: [{ type: 'draft_saved', visibility: 'internal', payload: { length: replyText.length, outcome } }],
    };
  });
}

export async function submitForReview(deps: CaseDeps, user: StaffUser, caseId: number) {
  return transition(deps, staff(user), caseId, 'submit_for_review', 'handler', (ctx) => {
    const errors: Record<string, string> = {};
    if (ctx.channel === 'disclosure') {
      if (!ctx.row.outcome || !isOutcomeCode(ctx.row.outcome)) errors.outcome = '请先选择答复结果并保存草稿';
      else if (outcomeByCode(ctx.row.outcome).needsReplyText && !ctx.row.reply_text) errors.reply_text = '该答复结果须填写具体答复内容';
    } else if (!ctx.row.reply_text) {
      errors.reply_text = '请先填写答复内容并保存草稿';
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return { events: [{ type: 'submitted_for_review', visibility: 'internal' }] };
  });
}

export async function returnDraft(deps: CaseDeps, user: StaffUser, caseId: number, input: { comment: string }) {
  return transition(deps, staff(user), caseId, 'return_draft', 'office', () => {
    const comment = required('comment', input.comment, '请写明退回修改的意见', 1000);
    return { events: [{ type: 'draft_returned', visibility: 'internal', payload: { comment } }] };
  });
}

/** The office approves the draft: the reply goes out and the case is closed (办结). */
export async function approveReply(deps: CaseDeps, user: StaffUser, caseId: number) {
  return transition(deps, staff(user), caseId, 'approve', 'office', (ctx) => {
    const outcome = ctx.channel === 'disclosure' ? (ctx.row.outcome as OutcomeCode) : null;
    const summary = outcome ? `答复结果：${outcomeByCode(outcome).label}。` : '';
    return {
      update: { closed_on: ctx.today, working_days_to_close: workingDaysTaken(ctx) },
      events: [{ type: 'replied', visibility: 'applicant', payload: { outcome, message: `${summary}已作出答复，请查看答复内容。` } }],
      notify: {
        headline: ctx.channel === 'disclosure' ? '您的政府信息公开申请已答复' : '您的来信已答复',
        body: `${summary}答复已发布，请凭编号和查询码登录查看答复全文${ctx.channel === 'disclosure' ? '及答复告知书' : ''}。`,
      },
    };
  });
}

// ------------------------------------------------------------------ after the reply (letters)

export async function rateReply(deps: CaseDeps, caseId: number, input: { rating: string; comment?: string }) {
  return transition(deps, { kind: 'applicant' }, caseId, 'rate', 'applicant', (ctx) => {
    if (!(input.rating in RATINGS)) throw new ValidationError({ rating: '请选择满意程度' });
    if (ctx.row.rating) throw new ValidationError({ rating: '您已评价过本次答复' });
    const comment = (input.comment ?? '').trim();
    if (comment.length > 500) throw new ValidationError({ comment: '评价意见不能超过500个字' });
    return {
      update: { rating: input.rating },
      events: [{ type: 'rated', visibility: 'applicant', payload: { rating: input.rating, comment: comment || null, message: `评价：${RATINGS[input.rating as Rating]}${comment ? `。${comment}` : ''}` } }],
    };
  });
}

/** The office sends a letter rated 不满意 back to its department; its clock starts again. */
export async function reopenCase(deps: CaseDeps, user: StaffUser, caseId: number, input: { reason: string }) {
  return transition(deps, staff(user), caseId, 'reopen', 'office', async (ctx) => {
    if (ctx.row.rating !== 'dissatisfied') throw new ValidationError({ reason: '只有评价为“不满意”的来信可以重新办理' });
    const reason = required('reason', input.reason, '请写明重新办理的要求', 1000);
    return {
      update: { closed_on: null, working_days_to_close: null, rating: null },
      clock: { kind: 'start', on: ctx.today, days: await limitOf(ctx.trx, ctx.row.category) },
      notifyDepartment: true,
      events: [{ type: 'reopened', visibility: 'applicant', payload: { reason, message: '根据您的评价，已要求承办单位重新办理。' } }],
    };
  });
}

export async function addNote(deps: CaseDeps, user: StaffUser, caseId: number, input: { note: string }) {
  const note = required('note', input.note, '请填写备注内容', 2000);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, deps.dbKind, caseId);
    if (!row || !canSeeCase(user, row.department_id)) throw new NotFoundError('未找到该案件。');
    await insertEvent(trx, { caseId, type: 'note_added', at: now.toISOString(), actorUserId: user.id, actorLabel: user.displayName, visibility: 'internal', payload: { note } });
  });
}

async function limitOf(trx: Transaction<DB>, category: string | null): Promise<number> {
  const days = category ? await letterLimit(trx, category as LetterCategory) : null;
  if (days === null) throw new ValidationError({ category: '该来信类别没有设置办理时限，请管理员在“设置”中补充。' });
  return days;
}
