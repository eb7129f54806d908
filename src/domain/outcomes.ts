// Outcomes of a disclosure application: the rows of table 三 of the annual report, and the reply notice each one produces.
import { ValidationError } from './errors.ts';

const LAW = '《中华人民共和国政府信息公开条例》';

export const OUTCOME_GROUPS = [
  { group: 'granted', rowLabel: '（一）予以公开', label: '予以公开' },
  { group: 'partial', rowLabel: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', label: '部分公开' },
  { group: 'refused', rowLabel: '（三）不予公开', label: '不予公开' },
  { group: 'unavailable', rowLabel: '（四）无法提供', label: '无法提供' },
  { group: 'not_processed', rowLabel: '（五）不予处理', label: '不予处理' },
  { group: 'other', rowLabel: '（六）其他处理', label: '其他处理' },
] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number]['group'];

/** Stable codes (GLOSSARY.md), in the row order of table 三. */
export const OUTCOME_CODES = [
  'granted',
  'partial',
  'refused.state_secret',
  'refused.prohibited_by_law',
  'refused.three_safeties',
  'refused.third_party',
  'refused.internal_affairs',
  'refused.process_info',
  'refused.enforcement_file',
  'refused.inquiry_matter',
  'unavailable.not_held',
  'unavailable.needs_creation',
  'unavailable.unclear_after_supplement',
  'not_processed.petition',
  'not_processed.duplicate',
  'not_processed.publication',
  'not_processed.excessive',
  'not_processed.confirmation',
  'other.no_supplement',
  'other.fee_unpaid',
  'other.other',
] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export interface Outcome {
  readonly code: OutcomeCode;
  readonly group: OutcomeGroup;
  /** Row text of table 三 exactly as in the official format (for the two single-row groups, the group row). */
  readonly rowLabel: string;
  /** Short label for the UI. */
  readonly label: string;
  /** The provisions of the 条例 the reply notice cites; null for 其他, where the handler states the basis. */
  readonly basis: string | null;
  /** Decision paragraph of the reply notice; may use {applicant}, {receivedOn} and {description}. */
  readonly noticeText: string;
  /** The standard paragraph is not enough: the handler must add the specifics (reasons for withheld parts, or the whole decision). */
  readonly needsReplyText: boolean;
}

type OutcomeSpec = Omit<Outcome, 'code' | 'group' | 'noticeText' | 'needsReplyText'> & {
  notice: (basis: string) => string;
  needsReplyText?: boolean;
};

const refusal = (what: string) => (basis: string) =>
  `经审查，您申请获取的“{description}”${what}。根据${basis}的规定，本机关决定不予公开。`;

const SPECS: Record<OutcomeCode, OutcomeSpec> = {
  granted: {
    rowLabel: OUTCOME_GROUPS[0].rowLabel,
    label: '予以公开',
    basis: `${LAW}第三十六条第（二）项`,
    notice: (b) => `经审查，您申请获取的“{description}”属于可以公开的政府信息。根据${b}的规定，本机关决定予以公开，现向您提供该政府信息。`,
  },
  partial: {
    rowLabel: OUTCOME_GROUPS[1].rowLabel,
    label: '部分公开',
    basis: `${LAW}第三十六条第（二）项、第三十七条`,
    notice: (b) =>
      `经审查，您申请获取的“{description}”中含有不应当公开的内容，但能够作区分处理。根据${b}的规定，本机关决定向您提供其中可以公开的政府信息内容，其余内容不予公开，理由说明如下。`,
    needsReplyText: true,
  },
  'refused.state_secret': {
    rowLabel: '1.属于国家秘密',
    label: '属于国家秘密',
    basis: `${LAW}第十四条、第三十六条第（三）项`,
    notice: refusal('属于依法确定为国家秘密的政府信息'),
  },
  'refused.prohibited_by_law': {
    rowLabel: '2.其他法律行政法规禁止公开',
    label: '法律行政法规禁止公开',
    basis: `${LAW}第十四条、第三十六条第（三）项`,
    notice: refusal('属于法律、行政法规禁止公开的政府信息'),
  },
  'refused.three_safeties': {
    rowLabel: '3.危及“三安全一稳定”',
    label: '危及“三安全一稳定”',
    basis: `${LAW}第十四条、第三十六条第（三）项`,
    notice: refusal('公开后可能危及国家安全、公共安全、经济安全、社会稳定'),
  },
  'refused.third_party': {
    rowLabel: '4.保护第三方合法权益',
    label: '保护第三方合法权益',
    basis: `${LAW}第十五条、第三十二条、第三十六条第（三）项`,
    notice: refusal('涉及商业秘密、个人隐私等内容，公开会对第三方合法权益造成损害'),
  },
  'refused.internal_affairs': {
    rowLabel: '5.属于三类内部事务信息',
    label: '属于内部事务信息',
    basis: `${LAW}第十六条第一款、第三十六条第（三）项`,
    notice: refusal('属于行政机关人事管理、后勤管理、内部工作流程等方面的内部事务信息'),
  },
  'refused.process_info': {
    rowLabel: '6.属于四类过程性信息',
    label: '属于过程性信息',
    basis: `${LAW}第十六条第二款、第三十六条第（三）项`,
    notice: refusal('属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息'),
  },
  'refused.enforcement_file': {
    rowLabel: '7.属于行政执法案卷',
    label: '属于行政执法案卷',
    basis: `${LAW}第十六条第二款、第三十六条第（三）项`,
    notice: refusal('属于行政执法案卷信息'),
  },
  'refused.inquiry_matter': {
    rowLabel: '8.属于行政查询事项',
    label: '属于行政查询事项',
    basis: `${LAW}第三十六条第（七）项`,
    notice: (b) =>
      `经审查，您申请获取的“{description}”属于工商、不动产登记资料等信息，有关法律、行政法规对该类信息的获取有特别规定。根据${b}的规定，请您依照有关法律、行政法规的规定办理。`,
  },
  'unavailable.not_held': {
    rowLabel: '1.本机关不掌握相关政府信息',
    label: '本机关不掌握相关信息',
    basis: `${LAW}第三十六条第（四）项`,
    notice: (b) => `经检索，本机关没有制作或者获取您申请获取的“{description}”。根据${b}的规定，现告知您该政府信息不存在。`,
  },
  'unavailable.needs_creation': {
    rowLabel: '2.没有现成信息需要另行制作',
    label: '需要另行制作',
    basis: `${LAW}第三十八条`,
    notice: (b) =>
      `经审查，本机关没有现成的“{description}”，向您提供该信息需要对现有政府信息进行加工、分析。根据${b}的规定，本机关不予提供。`,
  },
  'unavailable.unclear_after_supplement': {
    rowLabel: '3.补正后申请内容仍不明确',
    label: '补正后仍不明确',
    basis: `${LAW}第二十九条第二款第（二）项、第三十条`,
    notice: (b) =>
      `本机关已告知您对申请作出补正，但补正后“{description}”的申请内容仍不明确，无法据以确定您所需的政府信息。根据${b}的规定，本机关无法向您提供。您可以写明所需政府信息的名称、文号或者其他特征性描述后重新提出申请。`,
  },
  'not_processed.petition': {
    rowLabel: '1.信访举报投诉类申请',
    label: '信访举报投诉类申请',
    basis: `${LAW}第三十九条第一款`,
    notice: (b) =>
      `经审查，您提出的“{description}”属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据${b}的规定，本机关不作为政府信息公开申请处理，您可以通过信访、投诉、举报等相应渠道提出。`,
  },
  'not_processed.duplicate': {
    rowLabel: '2.重复申请',
    label: '重复申请',
    basis: `${LAW}第三十六条第（六）项`,
    notice: (b) =>
      `经审查，本机关已就您此前申请获取“{description}”的政府信息公开申请作出答复，您本次申请公开的是相同的政府信息。根据${b}的规定，本机关不予重复处理。`,
  },
  'not_processed.publication': {
    rowLabel: '3.要求提供公开出版物',
    label: '要求提供公开出版物',
    basis: `${LAW}第三十九条第二款`,
    notice: (b) =>
      `经审查，您申请获取的“{description}”属于政府公报、报刊、书籍等公开出版物。根据${b}的规定，本机关不作为政府信息公开申请处理，您可以通过公开发行渠道、公共图书馆或者政府信息查阅场所获取。`,
  },
  'not_processed.excessive': {
    rowLabel: '4.无正当理由大量反复申请',
    label: '无正当理由大量反复申请',
    basis: `${LAW}第三十五条`,
    notice: (b) =>
      `您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查认为申请理由不合理。根据${b}的规定，本机关对您申请获取“{description}”的申请不予处理。`,
  },
  // The 条例 has no article naming this case; a request to confirm facts or re-issue what the applicant already holds
  // is not a request for recorded information the agency holds (第二条), and only existing information is provided (第三十八条).
  'not_processed.confirmation': {
    rowLabel: '5.要求行政机关确认或重新出具已获取信息',
    label: '要求确认或重新出具已获取信息',
    basis: `${LAW}第二条、第三十八条`,
    notice: (b) =>
      `经审查，您提出的“{description}”系要求行政机关对有关事项予以确认或者重新出具您已获取的信息，不属于申请获取行政机关已制作或者获取的政府信息。根据${b}的规定，本机关不作为政府信息公开申请处理。`,
  },
  'other.no_supplement': {
    rowLabel: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    label: '逾期不补正',
    basis: `${LAW}第三十条`,
    notice: (b) =>
      `本机关已一次性告知您对申请获取“{description}”的申请作出补正，并说明了需要补正的事项和补正期限，您无正当理由逾期未补正。根据${b}的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
  },
  // The rule that an unpaid fee ends the application is in the State Council's 信息处理费管理办法, which the notice names.
  'other.fee_unpaid': {
    rowLabel: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    label: '逾期未缴纳信息处理费',
    basis: `${LAW}第四十二条`,
    notice: (b) =>
      `您申请获取“{description}”的数量、频次明显超过合理范围，本机关已向您发出收费通知，您逾期未按收费通知要求缴纳信息处理费。根据${b}及《政府信息公开信息处理费管理办法》的规定，本机关不再处理该政府信息公开申请。`,
  },
  'other.other': {
    rowLabel: '3.其他',
    label: '其他处理',
    basis: null,
    notice: () => '对您申请获取“{description}”的政府信息公开申请，本机关处理如下。',
    needsReplyText: true,
  },
};

function groupOf(code: OutcomeCode): OutcomeGroup {
  return code.split('.')[0] as OutcomeGroup;
}

export const OUTCOMES: readonly Outcome[] = OUTCOME_CODES.map((code) => {
  const { notice, needsReplyText = false, ...rest } = SPECS[code];
  return Object.freeze({ code, group: groupOf(code), ...rest, noticeText: notice(rest.basis ?? ''), needsReplyText });
});

const BY_CODE = new Map(OUTCOMES.map((o) => [o.code, o]));

export function isOutcomeCode(s: string): s is OutcomeCode {
  return BY_CODE.has(s as OutcomeCode);
}

export function outcomeByCode(code: OutcomeCode): Outcome {
  const outcome = BY_CODE.get(code);
  if (!outcome) throw new Error(`unknown outcome code ${code}`);
  return outcome;
}

/** Remedy sentence (条例第五十一条; the time limits are those of 行政复议法 and 行政诉讼法). */
export const REMEDY_TEXT =
  `如您对本答复不服，可以依照${LAW}第五十一条的规定，自收到本告知书之日起六十日内依法申请行政复议，` +
  '或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。';

/** ISO dates (2025-09-25) become 2025年9月25日; anything else is taken as already written out. */
function chineseDate(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : s.trim();
}

export interface ReplyNoticeInput {
  outcome: OutcomeCode;
  applicant: string;
  /** The day the agency received the application (条例第三十一条); ISO or written out. */
  receivedOn: string;
  description: string;
  reference: string;
  agencyName: string;
  decidedOn: string;
  /** The handler's own paragraphs (one per line): specifics of provision, reasons for withheld parts, or the whole decision for 其他. */
  replyText?: string;
}

/** The 政府信息公开申请答复告知书 as a title and paragraphs, ready for the page, the PDF or the e-mail. */
export function renderReplyNotice(input: ReplyNoticeInput): { title: string; paragraphs: string[] } {
  const outcome = outcomeByCode(input.outcome);
  const extra = (input.replyText ?? '').split('\n').map((p) => p.trim()).filter((p) => p !== '');

  const fields: Record<string, string> = {};
  for (const key of ['applicant', 'receivedOn', 'description', 'reference', 'agencyName', 'decidedOn'] as const) {
    if (input[key].trim() === '') fields[key] = '此项不能为空';
  }
  if (outcome.needsReplyText && extra.length === 0) fields.replyText = `答复结果为“${outcome.label}”时，须填写具体答复内容`;
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);

  const values = {
    applicant: input.applicant.trim(),
    receivedOn: chineseDate(input.receivedOn),
    description: input.description.trim(),
  };
  // One pass, so text the applicant typed is never itself scanned for placeholders.
  const decision = outcome.noticeText.replace(
    /\{(applicant|receivedOn|description)\}/g,
    (_, key: keyof typeof values) => values[key],
  );

  return {
    title: '政府信息公开申请答复告知书',
    paragraphs: [
      `${values.applicant}：`,
      `本机关于${values.receivedOn}收到您提出的政府信息公开申请（申请编号：${input.reference.trim()}）。现答复如下：`,
      decision,
      ...extra,
      REMEDY_TEXT,
      input.agencyName.trim(),
      chineseDate(input.decidedOn),
    ],
  };
}
