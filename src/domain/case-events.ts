// The kinds of entries on a case's timeline, and how each reads to staff and to the citizen.
export const EVENT_TYPES = [
  'submitted',
  'confirmed',
  'invalidated',
  'dispatched',
  'handed_back',
  'transferred',
  'supplement_requested',
  'supplement_received',
  'consultation_started',
  'consultation_ended',
  'extension_requested',
  'extension_decided',
  'draft_saved',
  'reply_attachment_added',
  'reply_attachment_removed',
  'submitted_for_review',
  'draft_returned',
  'replied',
  'rated',
  'reopened',
  'note_added',
  'became_overdue',
  'due_recomputed',
  'personal_data_erased',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type Visibility = 'internal' | 'applicant' | 'public';

export const EVENT_LABELS: Record<EventType, string> = {
  submitted: '提交',
  confirmed: '受理',
  invalidated: '标记为无效来信',
  dispatched: '分办至承办单位',
  handed_back: '退回区政府办公室',
  transferred: '转办至其他单位',
  supplement_requested: '要求补正',
  supplement_received: '收到补正材料',
  consultation_started: '征求意见',
  consultation_ended: '征求意见结束',
  extension_requested: '申请延期',
  extension_decided: '延期审批',
  draft_saved: '保存答复草稿',
  reply_attachment_added: '添加答复附件',
  reply_attachment_removed: '删除答复附件',
  submitted_for_review: '提交审核',
  draft_returned: '退回修改',
  replied: '答复办结',
  rated: '评价',
  reopened: '重新办理',
  note_added: '内部备注',
  became_overdue: '超过办理期限',
  due_recomputed: '节假日调整，重新计算期限',
  personal_data_erased: '删除申请人个人信息',
};

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  internal: '内部',
  applicant: '申请人可见',
  public: '公开',
};
