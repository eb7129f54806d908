// The case state machine: which action may move a case from which status, per channel.
// Who may act (office or department) is checked by the services, not here.
import { CHANNEL_LABELS, type Channel } from './codes.ts';
import { IllegalTransitionError } from './errors.ts';

export const CASE_STATUSES = [
  'submitted',
  'confirmed',
  'assigned',
  'awaiting_supplement',
  'consulting',
  'in_review',
  'closed',
  'invalid',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  confirmed: '已受理',
  assigned: '办理中',
  awaiting_supplement: '待补正',
  consulting: '征求意见中',
  in_review: '待审核',
  closed: '已办结',
  invalid: '无效',
};

/** Not closed and not invalid. */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => s !== 'closed' && s !== 'invalid');

/** Open, with the clock stopped: waiting for the applicant's 补正 or for a consulted party. */
export const PAUSED_STATUSES: readonly CaseStatus[] = ['awaiting_supplement', 'consulting'];

/** Open with the clock running: these can be due soon or overdue. */
export const RUNNING_STATUSES: readonly CaseStatus[] = OPEN_STATUSES.filter((s) => !PAUSED_STATUSES.includes(s));

export const CASE_ACTIONS = [
  'confirm',
  'invalidate',
  'dispatch',
  'hand_back',
  'transfer',
  'request_supplement',
  'record_supplement',
  'close_no_supplement',
  'start_consultation',
  'end_consultation',
  'request_extension',
  'decide_extension',
  'save_draft',
  'submit_for_review',
  'return_draft',
  'approve',
  'rate',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  confirm: '受理',
  invalidate: '标记无效',
  dispatch: '分办',
  hand_back: '退回办公室',
  transfer: '转办',
  request_supplement: '告知补正',
  record_supplement: '登记补正材料',
  close_no_supplement: '逾期未补正办结',
  start_consultation: '征求意见',
  end_consultation: '结束征求意见',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  save_draft: '保存答复草稿',
  submit_for_review: '提交审核',
  return_draft: '退回修改',
  approve: '审核通过',
  rate: '评价',
  reopen: '重新办理',
};

type Moves = Partial<Record<CaseStatus, CaseStatus>>;
const ALL: readonly Channel[] = ['mayor_mailbox', 'dept_mailbox', 'disclosure'];
const LETTERS: readonly Channel[] = ['mayor_mailbox', 'dept_mailbox'];
/** Channels routed by the office; a department mailbox letter goes straight to its department. */
const OFFICE_ROUTED: readonly Channel[] = ['mayor_mailbox', 'disclosure'];
const DISCLOSURE: readonly Channel[] = ['disclosure'];

function rule(channels: readonly Channel[], moves: Moves): Partial<Record<Channel, Moves>> {
  return Object.fromEntries(channels.map((c) => [c, moves]));
}

const TRANSITIONS: Record<CaseAction, Partial<Record<Channel, Moves>>> = {
  confirm: {
    ...rule(OFFICE_ROUTED, { submitted: 'confirmed' }),
    // The department itself accepts a letter sent to its own mailbox.
    dept_mailbox: { submitted: 'assigned' },
  },
  // A disclosure application out of scope is still 受理 and closed with an outcome (annual report table 三).
  invalidate: rule(LETTERS, { submitted: 'invalid' }),
  dispatch: rule(OFFICE_ROUTED, { confirmed: 'assigned' }),
  // A department mailbox letter never passed through the office, so it can only be transferred.
  hand_back: rule(OFFICE_ROUTED, { assigned: 'confirmed' }),
  transfer: rule(ALL, { assigned: 'assigned' }),
  request_supplement: rule(DISCLOSURE, { assigned: 'awaiting_supplement' }),
  record_supplement: rule(DISCLOSURE, { awaiting_supplement: 'assigned' }),
  close_no_supplement: rule(DISCLOSURE, { awaiting_supplement: 'closed' }),
  start_consultation: rule(DISCLOSURE, { assigned: 'consulting' }),
  end_consultation: rule(DISCLOSURE, { consulting: 'assigned' }),
  request_extension: rule(DISCLOSURE, { assigned: 'assigned', consulting: 'consulting' }),
  decide_extension: rule(DISCLOSURE, { assigned: 'assigned', consulting: 'consulting' }),
  save_draft: rule(ALL, { assigned: 'assigned' }),
  submit_for_review: rule(ALL, { assigned: 'in_review' }),
  return_draft: rule(ALL, { in_review: 'assigned' }),
  approve: rule(ALL, { in_review: 'closed' }),
  rate: rule(LETTERS, { closed: 'closed' }),
  reopen: rule(LETTERS, { closed: 'assigned' }),
};

export function nextStatus(channel: Channel, from: CaseStatus, action: CaseAction): CaseStatus {
  const moves = TRANSITIONS[action][channel];
  if (!moves) throw new IllegalTransitionError(`${CHANNEL_LABELS[channel]}不能执行“${CASE_ACTION_LABELS[action]}”。`);
  const to = moves[from];
  if (!to) {
    throw new IllegalTransitionError(`当前状态为“${CASE_STATUS_LABELS[from]}”，不能执行“${CASE_ACTION_LABELS[action]}”。`);
  }
  return to;
}

export function allowedActions(channel: Channel, status: CaseStatus): CaseAction[] {
  return CASE_ACTIONS.filter((a) => TRANSITIONS[a][channel]?.[status] !== undefined);
}
