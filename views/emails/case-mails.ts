// Mails a case sends as it moves: to the applicant (notices) and to staff (assignments, digests).
// Plain text; a citizen's mail never carries the query code again, staff mails carry no personal data.

export interface MailText {
  subject: string;
  text: string;
}

const FOOTER = '\n\n本邮件由系统自动发送，请勿直接回复。';

export function applicantNoticeMail(m: {
  districtName: string;
  reference: string;
  applicantName: string;
  headline: string;
  body: string;
  lookupUrl: string;
}): MailText {
  return {
    subject: `【${m.districtName}政民互动】${m.headline}（编号${m.reference}）`,
    text: `${m.applicantName}：\n\n${m.body}\n\n凭编号和查询码可查看详情：${m.lookupUrl}${FOOTER}`,
  };
}

export function assignmentMail(m: { districtName: string; reference: string; channelLabel: string; subject: string; dueOn: string | null; caseUrl: string }): MailText {
  return {
    subject: `【新交办】${m.channelLabel} ${m.reference}`,
    text:
      `您所在单位有一件新交办的${m.channelLabel}：\n\n编号：${m.reference}\n标题：${m.subject}\n` +
      `答复期限：${m.dueOn ?? '见案件页面'}\n\n请登录办理：${m.caseUrl}${FOOTER}`,
  };
}
