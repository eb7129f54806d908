// The daily reminder mails to staff: a department's cases due soon and overdue, and the office's
// list of every overdue case. Reference, subject, due date and a link only: no applicant data.
import { formatChineseDate } from '../../src/domain/china-time.ts';

export interface DigestItem {
  reference: string;
  subject: string;
  dueOn: string;
  statusLabel: string;
  /** Overdue: working days since the due date; due soon: working days left (0 = due today). */
  workingDays: number;
  url: string;
}

export interface DepartmentDigestInput {
  districtName: string;
  departmentName: string;
  /** The day of the digest, YYYY-MM-DD. */
  date: string;
  overdue: DigestItem[];
  dueSoon: DigestItem[];
  workbenchUrl: string;
}

export interface OfficeDigestInput {
  districtName: string;
  date: string;
  /** Overdue cases by handling department; departmentName null: not dispatched yet. */
  groups: Array<{ departmentName: string | null; items: DigestItem[] }>;
  workbenchUrl: string;
}

const FOOTER = '本邮件由系统自动发送，请勿直接回复。';
const MAX_SUBJECT_CHARS = 60;

// A subject is what a citizen typed: one line, and short enough to scan a list.
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SUBJECT_CHARS ? `${flat.slice(0, MAX_SUBJECT_CHARS)}…` : flat;
}

function itemLines(items: DigestItem[], timing: (item: DigestItem) => string): string[] {
  return items.flatMap((item, i) => [
    `${i + 1}. ${item.reference}  ${oneLine(item.subject)}`,
    `   答复期限：${item.dueOn}（${timing(item)}）  状态：${item.statusLabel}`,
    `   ${item.url}`,
  ]);
}

const overdueTiming = (item: DigestItem) => `已逾期${item.workingDays}个工作日`;
const dueSoonTiming = (item: DigestItem) => (item.workingDays === 0 ? '今日到期' : `剩余${item.workingDays}个工作日`);

export function departmentDigestMail(m: DepartmentDigestInput): { subject: string; text: string } {
  const counts = [
    m.overdue.length > 0 ? `已逾期${m.overdue.length}件` : null,
    m.dueSoon.length > 0 ? `即将到期${m.dueSoon.length}件` : null,
  ].filter(Boolean);
  const sections: string[] = [];
  if (m.overdue.length > 0) sections.push(`【已逾期】${m.overdue.length}件`, ...itemLines(m.overdue, overdueTiming), '');
  if (m.dueSoon.length > 0) sections.push(`【即将到期】${m.dueSoon.length}件`, ...itemLines(m.dueSoon, dueSoonTiming), '');
  return {
    subject: `【${m.districtName}政民互动·每日提醒】${m.departmentName}：${counts.join('，')}（${formatChineseDate(m.date)}）`,
    text: [
      `${m.departmentName}：`,
      '',
      `截至${formatChineseDate(m.date)}，本单位有以下案件已超过或即将到达答复期限（剩余不超过2个工作日），请抓紧办理。`,
      '',
      ...sections,
      `请登录工作台办理：${m.workbenchUrl}`,
      '',
      FOOTER,
    ].join('\n'),
  };
}

export function officeDigestMail(m: OfficeDigestInput): { subject: string; text: string } {
  const total = m.groups.reduce((n, g) => n + g.items.length, 0);
  const sections = m.groups.flatMap((g) => [
    `【${g.departmentName ?? '尚未分办'}】${g.items.length}件`,
    ...itemLines(g.items, overdueTiming),
    '',
  ]);
  return {
    subject: `【${m.districtName}政民互动·每日提醒】全区逾期案件${total}件（${formatChineseDate(m.date)}）`,
    text: [
      '区政府办公室：',
      '',
      `截至${formatChineseDate(m.date)}，全区共有${total}件案件已超过答复期限，按承办单位列出如下，请督促办理。`,
      '',
      ...sections,
      `请登录工作台查看：${m.workbenchUrl}`,
      '',
      FOOTER,
    ].join('\n'),
  };
}
