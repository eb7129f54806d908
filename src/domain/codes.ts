// Stable codes from GLOSSARY.md with their Chinese labels; files and tables use the codes, the UI the labels.

export const CHANNELS = ['mayor_mailbox', 'dept_mailbox', 'disclosure'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  mayor_mailbox: '区长信箱',
  dept_mailbox: '部门信箱',
  disclosure: '政府信息公开申请',
};

/** Prefix of the human reference, e.g. XZ2026-000123. */
export const REFERENCE_PREFIXES: Record<Channel, string> = {
  mayor_mailbox: 'XZ',
  dept_mailbox: 'BM',
  disclosure: 'YSQ',
};

export const LETTER_CATEGORIES = ['inquiry', 'suggestion', 'help', 'complaint', 'report', 'other'] as const;
export type LetterCategory = (typeof LETTER_CATEGORIES)[number];

export const LETTER_CATEGORY_LABELS: Record<LetterCategory, string> = {
  inquiry: '咨询',
  suggestion: '建议',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  other: '其他',
};

/** Default reply limits in working days; the office can change them (stored in category_deadlines). */
export const DEFAULT_LETTER_LIMITS: Record<LetterCategory, number> = {
  inquiry: 5,
  suggestion: 10,
  help: 10,
  complaint: 15,
  report: 15,
  other: 10,
};

/** 条例第三十三条: reply within 20 working days of receipt; one extension of at most 20. */
export const DISCLOSURE_REPLY_DAYS = 20;
export const DISCLOSURE_MAX_EXTENSION_DAYS = 20;
/** 条例第三十条: a supplement request only within 7 working days of receipt. */
export const DISCLOSURE_SUPPLEMENT_WINDOW_DAYS = 7;
/** How long the applicant has to answer a 补正 request, in working days (the office's practice). */
export const SUPPLEMENT_ANSWER_DAYS = 15;
/** 条例第三十二条: a consulted third party has 15 working days to answer. */
export const CONSULTATION_DAYS = 15;

export const APPLICANT_TYPES = [
  'natural_person',
  'business',
  'research',
  'public_interest',
  'legal_service',
  'other_org',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  natural_person: '自然人',
  business: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_service: '法律服务机构',
  other_org: '其他',
};

export const ID_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent: '外国人永久居留身份证',
  other: '其他有效身份证件',
};

export const DELIVERY_FORMS = ['paper', 'electronic', 'other'] as const;
export type DeliveryForm = (typeof DELIVERY_FORMS)[number];
export const DELIVERY_FORM_LABELS: Record<DeliveryForm, string> = {
  paper: '纸质',
  electronic: '电子文本',
  other: '其他',
};

export const DELIVERY_METHODS = ['post', 'email', 'pickup', 'online'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  post: '邮寄',
  email: '电子邮件',
  pickup: '自行领取',
  online: '在线查看',
};
