// The staff case page: what the citizen wrote, the due date and how it was reached, the whole timeline,
// and the forms of the moves this user may make now. Every move itself is a function of the case service.
import { replyNoticeOf } from '../cases/notice.ts';
import {
  addNote,
  approveReply,
  closeNoSupplement,
  confirmCase,
  decideExtension,
  dispatchCase,
  endConsultation,
  handBackCase,
  INVALID_REASONS,
  invalidateCase,
  RATINGS,
  recordSupplement,
  reopenCase,
  requestExtension,
  requestSupplement,
  returnDraft,
  saveDraft,
  startConsultation,
  submitForReview,
  transferCase,
  type CaseDeps,
  type Rating,
} from '../cases/service.ts';
import type { CaseRow } from '../db/schema.ts';
import { EVENT_LABELS, VISIBILITY_LABELS, type EventType, type Visibility } from '../domain/case-events.ts';
import { allowedActions, CASE_ACTIONS, CASE_ACTION_LABELS, CASE_STATUS_LABELS, type CaseAction, type CaseStatus } from '../domain/case-state.ts';
import { chinaDate } from '../domain/china-time.ts';
import {
  APPLICANT_TYPE_LABELS,
  CHANNEL_LABELS,
  DELIVERY_FORM_LABELS,
  DELIVERY_METHOD_LABELS,
  ID_TYPE_LABELS,
  LETTER_CATEGORY_LABELS,
  type ApplicantType,
  type Channel,
  type DeliveryForm,
  type DeliveryMethod,
  type IdType,
  type LetterCategory,
} from '../domain/codes.ts';
import {
  computeDeadline,
  defaultReceiptDate,
  dueState,
  supplementWindowEnd,
  workingDaysLeft,
  type ClockStep,
  type DueState,
} from '../domain/deadlines.ts';
import { CalendarYearMissingError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { isOutcomeCode, outcomeByCode } from '../domain/outcomes.ts';
import { canSeeCase, isOfficeRole, type StaffUser } from '../domain/roles.ts';
import { DISCLOSURE_LABELS, LETTER_LABELS } from '../intake/forms.ts';
import { findCase, listCaseEvents, listDepartments } from './queries.ts';

/** The forms a case page can carry: every staff move of the state machine, and the internal note. */
const PAGE_FORMS: ReadonlyArray<Exclude<CaseAction, 'rate'> | 'add_note'> = [
  ...CASE_ACTIONS.filter((a): a is Exclude<CaseAction, 'rate'> => a !== 'rate'),
  'add_note',
];
export type PageForm = Exclude<CaseAction, 'rate'> | 'add_note';

/** The last segment of the form's URL, e.g. /cases/12/request-supplement. */
export const formSlug = (form: PageForm) => (form === 'add_note' ? 'notes' : form.replaceAll('_', '-'));

export function formBySlug(slug: string): PageForm | null {
  return PAGE_FORMS.find((f) => formSlug(f) === slug) ?? null;
}

const OFFICE_ONLY: ReadonlySet<PageForm> = new Set(['decide_extension', 'return_draft', 'approve', 'close_no_supplement', 'reopen', 'dispatch']);

const DUE_STATE_LABELS: Record<DueState, string> = {
  overdue: '已逾期',
  due_soon: '即将到期',
  on_track: '正常',
  paused: '暂停计时',
  closed: '已办结',
};

export interface DetailLine {
  label: string | null;
  text: string;
}

export interface TimelineEntry {
  at: string;
  title: string;
  actor: string;
  visibility: Visibility;
  visibilityLabel: string;
  details: DetailLine[];
}

export interface OfferedForm {
  form: PageForm;
  label: string;
  /** Where the form posts. */
  action: string;
  /** Id prefix of its fields, so forms that share field names keep unique ids. */
  slug: string;
}

export interface CasePageModel {
  id: number;
  reference: string;
  channel: Channel;
  channelLabel: string;
  status: CaseStatus;
  statusLabel: string;
  subject: string;
  departmentId: number | null;
  departmentName: string | null;
  submittedAt: string;
  receivedOn: string | null;
  closedOn: string | null;
  applicantHeading: string;
  applicant: DetailLine[];
  deadline: {
    dueOn: string | null;
    state: DueState;
    stateLabel: string;
    /** Working days from today to the due date while the clock runs. */
    daysLeft: number | null;
    /** Working days left when a consultation paused the clock. */
    daysLeftAtPause: number | null;
    pauseReason: 'supplement' | 'consultation' | null;
    extended: boolean;
    supplementDueOn: string | null;
    explanation: string[];
    /** The calendar lacks a year the computation needs. */
    error: string | null;
  };
  extensionRequest: { days: number; reason: string; at: string; actor: string } | null;
  reply: { text: string | null; outcomeLabel: string | null; final: boolean; ratingLabel: string | null };
  /** Link to the 答复告知书 (a draft preview until the case is closed). */
  noticeUrl: string | null;
  timeline: TimelineEntry[];
  forms: OfferedForm[];
  departments: Array<{ id: number; name: string }>;
  /** What each form shows when nobody has typed anything yet. */
  defaults: Partial<Record<PageForm, Record<string, string>>>;
  /** 条例第三十条: the last day a 补正 request may be sent. */
  supplementWindowEnd: string | null;
}

interface Payload {
  clock?: ClockStep;
  [key: string]: unknown;
}

/** The case page of one case; a case the user may not see does not exist for them. */
export async function loadCasePage(deps: CaseDeps, user: StaffUser, caseId: number): Promise<CasePageModel> {
  const row = await findCase(deps.db, caseId);
  if (!row || !canSeeCase(user, row.department_id)) throw new NotFoundError('未找到该案件。');
  const [events, departments, cal] = await Promise.all([listCaseEvents(deps.db, caseId), listDepartments(deps.db), deps.calendar.get()]);
  const today = chinaDate(deps.clock.now());
  const channel = row.channel as Channel;
  const status = row.status as CaseStatus;
  const departmentName = (id: unknown) => departments.find((d) => d.id === id)?.name ?? '（已删除的单位）';

  const parsed = events.map((e) => ({ ...e, payload: JSON.parse(e.payload) as Payload }));
  const steps = parsed.flatMap((e) => (e.payload.clock ? [e.payload.clock] : []));
  const closed = status === 'closed' || status === 'invalid';

  let deadline: CasePageModel['deadline'];
  try {
    const result = computeDeadline(cal, channel, steps);
    const state = dueState(cal, today, { dueOn: result.dueOn, paused: result.paused, closed });
    const closedOnTime = status === 'closed' && result.dueOn && row.closed_on ? row.closed_on <= result.dueOn : null;
    deadline = {
      dueOn: result.dueOn,
      state,
      stateLabel: closedOnTime === null ? DUE_STATE_LABELS[state] : closedOnTime ? '按期办结' : '超期办结',
      daysLeft: result.dueOn && !closed && !result.paused ? workingDaysLeft(cal, today, result.dueOn) : null,
      daysLeftAtPause: result.daysLeftAtPause,
      pauseReason: result.pauseReason,
      extended: result.extended,
      supplementDueOn: status === 'awaiting_supplement' ? row.supplement_due_on : null,
      explanation: result.explanation,
      error: null,
    };
  } catch (error) {
    if (!(error instanceof CalendarYearMissingError)) throw error;
    deadline = {
      dueOn: row.due_on,
      state: 'on_track',
      stateLabel: '无法计算',
      daysLeft: null,
      daysLeftAtPause: null,
      pauseReason: null,
      extended: false,
      supplementDueOn: row.supplement_due_on,
      explanation: [],
      error: error.message,
    };
  }

  const lastRequest = [...parsed].reverse().find((e) => e.type === 'extension_requested');
  const extensionRequest =
    row.extension_requested_days !== null && lastRequest
      ? { days: row.extension_requested_days, reason: String(lastRequest.payload.reason ?? ''), at: lastRequest.at, actor: lastRequest.actor_label }
      : null;

  const forms = offeredForms(user, row, { extended: steps.some((s) => s.kind === 'extension'), today }).map((form) => ({
    form,
    label: form === 'dispatch' && status === 'submitted' ? '受理并分办' : form === 'add_note' ? '添加内部备注' : CASE_ACTION_LABELS[form],
    action: `/cases/${row.id}/${formSlug(form)}`,
    slug: formSlug(form),
  }));

  const defaults: CasePageModel['defaults'] = {
    record_supplement: { received_on: today },
    save_draft: { reply_text: row.reply_text ?? '', outcome: row.outcome ?? '' },
  };
  if (forms.some((f) => f.form === 'confirm')) {
    // 条例第三十一条: an online application is received on the day it arrives, or the next working day.
    defaults.confirm = { received_on: channel === 'disclosure' ? defaultReceiptDate(cal, chinaDate(new Date(row.submitted_at))) : today };
  }

  return {
    id: row.id,
    reference: row.reference,
    channel,
    channelLabel: CHANNEL_LABELS[channel],
    status,
    statusLabel: CASE_STATUS_LABELS[status] ?? row.status,
    subject: row.subject,
    departmentId: row.department_id,
    departmentName: row.department_id === null ? null : departmentName(row.department_id),
    submittedAt: row.submitted_at,
    receivedOn: row.received_on,
    closedOn: row.closed_on,
    applicantHeading: channel === 'disclosure' ? '申请内容（条例第二十九条）' : '来信内容',
    applicant: channel === 'disclosure' ? disclosureFields(row) : letterFields(row),
    deadline,
    extensionRequest,
    reply: {
      text: row.reply_text,
      outcomeLabel: row.outcome && isOutcomeCode(row.outcome) ? outcomeByCode(row.outcome).label : null,
      final: status === 'closed',
      ratingLabel: row.rating && row.rating in RATINGS ? RATINGS[row.rating as Rating] : null,
    },
    noticeUrl: channel === 'disclosure' && row.outcome ? `/cases/${row.id}/notice` : null,
    timeline: parsed.map((e) => ({
      at: e.at,
      title: EVENT_LABELS[e.type as EventType] ?? e.type,
      actor: e.actor_label,
      visibility: e.visibility,
      visibilityLabel: VISIBILITY_LABELS[e.visibility],
      details: eventDetails(e.type, e.payload, departmentName),
    })),
    forms,
    departments: departments.filter((d) => d.active === 1 && d.is_office === 0).map((d) => ({ id: d.id, name: d.name })),
    defaults,
    supplementWindowEnd: channel === 'disclosure' && row.received_on ? supplementWindowEnd(cal, row.received_on) : null,
  };
}

/** The moves the case's state allows that this user may make, as the page should offer them. */
function offeredForms(user: StaffUser, row: CaseRow, ctx: { extended: boolean; today: string }): PageForm[] {
  const channel = row.channel as Channel;
  const status = row.status as CaseStatus;
  const office = isOfficeRole(user.role);
  const allowed = new Set<string>(allowedActions(channel, status));
  // The office may accept and route a new submission in one go (as from its intake queue).
  if (status === 'submitted' && channel !== 'dept_mailbox') allowed.add('dispatch');
  allowed.add('add_note');
  return PAGE_FORMS.filter((form) => {
    if (!allowed.has(form)) return false;
    if (OFFICE_ONLY.has(form) && !office) return false;
    switch (form) {
      case 'confirm':
      case 'invalidate':
        // Only a department mailbox letter is accepted by its department; the rest by the office.
        return office || channel === 'dept_mailbox';
      case 'hand_back':
        // Handing back goes to the office: the office itself has nobody to hand it to.
        return !office;
      case 'request_extension':
        return row.extension_requested_days === null && !ctx.extended;
      case 'decide_extension':
        return row.extension_requested_days !== null;
      case 'close_no_supplement':
        return row.supplement_due_on !== null && row.supplement_due_on < ctx.today;
      case 'reopen':
        return row.rating === 'dissatisfied';
      default:
        return true;
    }
  });
}

function letterFields(row: CaseRow): DetailLine[] {
  return [
    { label: LETTER_LABELS.name!, text: row.applicant_name },
    { label: LETTER_LABELS.phone!, text: row.phone },
    { label: LETTER_LABELS.email!, text: row.email ?? '（未填写）' },
    { label: LETTER_LABELS.category!, text: row.category ? (LETTER_CATEGORY_LABELS[row.category as LetterCategory] ?? row.category) : '（未分类）' },
    { label: LETTER_LABELS.subject!, text: row.subject },
    { label: LETTER_LABELS.content!, text: row.content },
    { label: LETTER_LABELS.consent_publish!, text: row.consent_publish ? '是' : '否' },
  ];
}

/** The items 条例第二十九条 asks of an application, with the id number and phone shown whole: only staff who may see the case get here. */
function disclosureFields(row: CaseRow): DetailLine[] {
  const L = DISCLOSURE_LABELS;
  const orEmpty = (v: string | null) => (v && v.trim() ? v : '（未填写）');
  const type = row.applicant_type as ApplicantType | null;
  const person = type === 'natural_person';
  const lines: DetailLine[] = [{ label: L.applicant_kind!, text: type ? (APPLICANT_TYPE_LABELS[type] ?? type) : '（未填写）' }];
  if (person) {
    lines.push(
      { label: L.name!, text: row.applicant_name },
      { label: L.id_type!, text: row.id_type ? (ID_TYPE_LABELS[row.id_type as IdType] ?? row.id_type) : '（未填写）' },
      { label: L.id_number!, text: orEmpty(row.id_number) },
    );
  } else {
    lines.push(
      { label: L.org_name!, text: row.applicant_name },
      { label: L.credit_code!, text: orEmpty(row.credit_code) },
      { label: L.legal_representative!, text: orEmpty(row.legal_representative) },
      { label: L.contact_name!, text: orEmpty(row.contact_name) },
    );
  }
  lines.push(
    { label: L.phone!, text: row.phone },
    { label: L.email!, text: orEmpty(row.email) },
    { label: L.address!, text: orEmpty(row.address) },
    { label: L.postcode!, text: orEmpty(row.postcode) },
    { label: L.description!, text: row.content },
    { label: L.doc_title!, text: orEmpty(row.doc_title) },
    { label: L.doc_number!, text: orEmpty(row.doc_number) },
    { label: L.purpose!, text: orEmpty(row.purpose) },
    { label: L.delivery_form!, text: row.delivery_form ? (DELIVERY_FORM_LABELS[row.delivery_form as DeliveryForm] ?? row.delivery_form) : '（未填写）' },
    { label: L.delivery_method!, text: row.delivery_method ? (DELIVERY_METHOD_LABELS[row.delivery_method as DeliveryMethod] ?? row.delivery_method) : '（未填写）' },
  );
  return lines;
}

/** What an event says, as text: its message first, then the staff's own words not already in it. */
function eventDetails(type: string, p: Payload, departmentName: (id: unknown) => string): DetailLine[] {
  const message = typeof p.message === 'string' ? p.message : '';
  const lines: DetailLine[] = message ? [{ label: null, text: message }] : [];
  const add = (label: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '' || message.includes(value)) return;
    lines.push({ label, text: value });
  };
  add('需补正的内容', p.missing);
  if (type === 'supplement_received') add('补正内容', p.content);
  add('理由', type === 'invalidated' && typeof p.reason === 'string' ? (INVALID_REASONS[p.reason as keyof typeof INVALID_REASONS] ?? p.reason) : p.reason);
  add('备注', p.note);
  add('意见', p.comment);
  if (type === 'handed_back') add('退回单位', departmentName(p.from_department_id));
  if (type === 'transferred') add('原承办单位', departmentName(p.from_department_id));
  if (type === 'extension_requested' && typeof p.days === 'number') add('申请延长', `${p.days}个工作日`);
  if (type === 'extension_decided' && typeof p.days === 'number') {
    add('审批结果', p.approved ? `批准延长${p.days}个工作日` : `不予批准（申请延长${p.days}个工作日）`);
  }
  if ((type === 'draft_saved' || type === 'replied') && typeof p.outcome === 'string' && isOutcomeCode(p.outcome)) {
    add('答复结果', outcomeByCode(p.outcome).label);
  }
  return lines;
}

const text = (v: Record<string, string>, key: string) => v[key] ?? '';

function departmentField(v: Record<string, string>): number {
  const raw = text(v, 'department_id').trim();
  if (!/^\d+$/.test(raw)) throw new ValidationError({ department_id: '请选择承办单位' });
  return Number(raw);
}

/** One move on a case from its page's form, with the posted values as the service wants them. */
export async function performAction(deps: CaseDeps, user: StaffUser, caseId: number, form: PageForm, v: Record<string, string>): Promise<void> {
  switch (form) {
    case 'confirm':
      await confirmCase(deps, user, caseId, { receivedOn: text(v, 'received_on') });
      return;
    case 'invalidate':
      await invalidateCase(deps, user, caseId, { reason: text(v, 'reason'), note: text(v, 'note') });
      return;
    case 'dispatch':
      await dispatch(deps, user, caseId, v);
      return;
    case 'hand_back':
      await handBackCase(deps, user, caseId, { reason: text(v, 'reason') });
      return;
    case 'transfer':
      await transferCase(deps, user, caseId, { departmentId: departmentField(v), reason: text(v, 'reason') });
      return;
    case 'request_supplement':
      await requestSupplement(deps, user, caseId, { missing: text(v, 'missing') });
      return;
    case 'record_supplement':
      await recordSupplement(deps, user, caseId, { content: text(v, 'content'), receivedOn: text(v, 'received_on') });
      return;
    case 'close_no_supplement':
      await closeNoSupplement(deps, user, caseId);
      return;
    case 'start_consultation':
      await startConsultation(deps, user, caseId, { party: text(v, 'party'), note: text(v, 'note') });
      return;
    case 'end_consultation':
      await endConsultation(deps, user, caseId, { note: text(v, 'note') });
      return;
    case 'request_extension': {
      const days = text(v, 'days').trim();
      // Anything but a plain number becomes NaN, which the service refuses with its own message.
      await requestExtension(deps, user, caseId, { days: /^\d{1,3}$/.test(days) ? Number(days) : Number.NaN, reason: text(v, 'reason') });
      return;
    }
    case 'decide_extension': {
      const decision = text(v, 'decision');
      if (decision !== 'approve' && decision !== 'refuse') throw new ValidationError({ decision: '请选择批准或不批准' });
      await decideExtension(deps, user, caseId, { approve: decision === 'approve', comment: text(v, 'comment') });
      return;
    }
    case 'save_draft':
      await saveDraft(deps, user, caseId, { replyText: text(v, 'reply_text'), outcome: text(v, 'outcome') });
      return;
    case 'submit_for_review':
      await submitForReview(deps, user, caseId);
      return;
    case 'return_draft':
      await returnDraft(deps, user, caseId, { comment: text(v, 'comment') });
      return;
    case 'approve':
      await approveReply(deps, user, caseId);
      return;
    case 'reopen':
      await reopenCase(deps, user, caseId, { reason: text(v, 'reason') });
      return;
    case 'add_note':
      await addNote(deps, user, caseId, { note: text(v, 'note') });
      return;
  }
}

/** 分办; a new submission is first accepted with its default receipt date (受理并分办). */
async function dispatch(deps: CaseDeps, user: StaffUser, caseId: number, v: Record<string, string>) {
  const departmentId = departmentField(v);
  const row = await findCase(deps.db, caseId);
  if (row && canSeeCase(user, row.department_id) && row.status === 'submitted' && row.channel !== 'dept_mailbox') {
    // Checked before accepting, so a wrong choice does not leave the case accepted but not routed.
    const departments = await listDepartments(deps.db);
    if (!departments.some((d) => d.id === departmentId && d.active === 1 && d.is_office === 0)) {
      throw new ValidationError({ department_id: '请选择有效的承办单位' });
    }
    await confirmCase(deps, user, caseId);
  }
  await dispatchCase(deps, user, caseId, { departmentId, note: text(v, 'note') });
}

export interface NoticeModel {
  caseId: number;
  reference: string;
  /** Not closed yet: a preview of what approval would send. */
  draft: boolean;
  outcomeLabel: string;
  basis: string | null;
  title: string;
  paragraphs: string[];
}

/** The 政府信息公开申请答复告知书 of a disclosure case that has an outcome (saved in a draft or final). */
export async function loadNotice(deps: CaseDeps, user: StaffUser, caseId: number): Promise<NoticeModel> {
  const row = await findCase(deps.db, caseId);
  if (!row || !canSeeCase(user, row.department_id) || row.channel !== 'disclosure' || !row.outcome || !isOutcomeCode(row.outcome)) {
    throw new NotFoundError('该案件没有答复告知书。');
  }
  const outcome = outcomeByCode(row.outcome);
  const draft = row.status !== 'closed';
  const notice = replyNoticeOf(row, deps.config.districtName, row.closed_on ?? chinaDate(deps.clock.now()));
  if (!notice) throw new NotFoundError('该案件没有答复告知书。');
  return { caseId: row.id, reference: row.reference, draft, outcomeLabel: outcome.label, basis: outcome.basis, ...notice };
}
