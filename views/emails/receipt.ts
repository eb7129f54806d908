// The receipt mail: the reference and query code, the next step and where to look it up.
// The query code is in the body only, never in the subject (subjects show in lock screens and logs).
import { formatQueryCode } from '../../src/cases/query-code.ts';

export interface ReceiptMailInput {
  districtName: string;
  channelLabel: string;
  reference: string;
  queryCode: string;
  applicantName: string;
  submittedAt: string;
  nextStep: string;
  lookupUrl: string;
}

export function receiptMail(m: ReceiptMailInput): { subject: string; text: string } {
  return {
    subject: `【${m.districtName}${m.channelLabel}】已收到您的提交，编号${m.reference}`,
    text: [
      `${m.applicantName}：`,
      '',
      `您于${m.submittedAt}通过${m.districtName}政民互动平台提交的${m.channelLabel}已收到。`,
      '',
      `编号：${m.reference}`,
      `查询码：${formatQueryCode(m.queryCode)}`,
      '',
      m.nextStep,
      '',
      `凭编号和查询码可随时查询办理进度和答复：${m.lookupUrl}`,
      '查询码相当于密码，请妥善保管，不要告诉他人。工作人员不会向您索要查询码。',
      '',
      '本邮件由系统自动发送，请勿直接回复。',
    ].join('\n'),
  };
}
