// The work queue: which cases a clerk sees (own department; the office: all), split into tabs by
// state and deadline, filtered, paged by keyset and exported as CSV.
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { addCalendarDays, isDateString, isWorkingDay, type WorkCalendar } from '../domain/calendar.ts';
import { CASE_STATUS_LABELS, OPEN_STATUSES, PAUSED_STATUSES, RUNNING_STATUSES, type CaseStatus } from '../domain/case-state.ts';
import { chinaDate } from '../domain/china-time.ts';
import { CHANNEL_LABELS, CHANNELS, LETTER_CATEGORIES, LETTER_CATEGORY_LABELS, type Channel, type LetterCategory } from '../domain/codes.ts';
import { DUE_SOON_WORKING_DAYS } from '../domain/deadlines.ts';
import { CalendarYearMissingError, ForbiddenError, ValidationError } from '../domain/errors.ts';
import { maskMobile } from '../domain/phone.ts';
import { isOfficeRole, type StaffUser } from '../domain/roles.ts';
import {
  confirmCommonWordByLike,
  countTabs,
  listDepartmentOptions,
  listQueuePage,
  type QueueCursor,
  type QueueRow,
  type QueueScope,
  type TabCondition,
} from './queries.ts';
import { inSearchSnapshot, planTextSearch, withMatchSet } from '../search/queries.ts';

type QueueDeps = Pick<AppDeps, 'db' | 'dbKind' | 'clock' | 'calendar'>;

const QUEUE_TABS = ['todo', 'due_soon', 'overdue', 'paused', 'in_review', 'open', 'closed', 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

const QUEUE_TAB_LABELS: Record<QueueTab, string> = {
  todo: '待办',
  due_soon: '即将到期',
  overdue: '已逾期',
  paused: '待补正/征求意见中',
  in_review: '待审核',
  open: '未办结',
  closed: '已办结',
  all: '全部',
};

const PAGE_SIZE = 50;
const EXPORT_BATCH = 1000;
const MAX_SEARCH_LENGTH = 100;

/** What the status filter offers: the statuses a queue tab can show. */
const FILTER_STATUSES: readonly CaseStatus[] = ['confirmed', 'assigned', 'awaiting_supplement', 'consulting', 'in_review', 'closed'];

const REFERENCE_PATTERN = /^[A-Za-z]{2,3}\d{4}-\d{6}$/;

/** The query string as the filter form and the links carry it. */
export interface QueueValues {
  tab: QueueTab;
  department: string;
  channel: string;
  category: string;
  status: string;
  from: string;
  to: string;
  closed_from: string;
  closed_to: string;
  q: string;
}

const FILTER_KEYS = ['department', 'channel', 'category', 'status', 'from', 'to', 'closed_from', 'closed_to', 'q'] as const;

export type DueBadge = 'overdue' | 'due_soon' | 'paused';

const DUE_BADGE_LABELS: Record<DueBadge, string> = { overdue: '已逾期', due_soon: '即将到期', paused: '暂停' };

export interface QueueRowView {
  id: number;
  reference: string;
  href: string;
  channelLabel: string;
  categoryLabel: string;
  subject: string;
  applicantName: string;
  phone: string;
  departmentName: string;
  statusLabel: string;
  receivedOn: string;
  dueOn: string;
  dueBadge: { kind: DueBadge; label: string } | null;
}

export interface QueueView {
  values: QueueValues;
  errors: Record<string, string>;
  isOffice: boolean;
  departments: Array<{ id: number; name: string }>;
  statusOptions: Array<{ value: string; label: string }>;
  tabs: Array<{ key: QueueTab; label: string; count: number; href: string; current: boolean }>;
  rows: QueueRowView[];
  total: number;
  nextHref: string | null;
  /** Set on a later page: back to the start of the list. */
  firstHref: string | null;
  exportHref: string;
  /** Why "due soon" cannot look ahead (next year's calendar missing). */
  calendarNotice: string | null;
}

interface Parsed {
  values: QueueValues;
  errors: Record<string, string>;
  /** Without its text search, which searchScope adds. */
  scope: QueueScope;
  searchText: string | null;
  after: QueueCursor | null;
}

function parseParams(user: StaffUser, raw: Record<string, string | undefined>): Parsed {
  const office = isOfficeRole(user.role);
  if (!office && user.departmentId === null) throw new ForbiddenError('您的账号没有所属部门，请联系管理员。');
  const text = (k: string) => (raw[k] ?? '').trim();
  const tab = (QUEUE_TABS as readonly string[]).includes(text('tab')) ? (text('tab') as QueueTab) : 'todo';
  const values: QueueValues = {
    tab,
    department: office ? text('department') : '',
    channel: text('channel'),
    category: text('category'),
    status: text('status'),
    from: text('from'),
    to: text('to'),
    closed_from: text('closed_from'),
    closed_to: text('closed_to'),
    q: text('q'),
  };
  const errors: Record<string, string> = {};
  const scope: QueueScope = { departmentId: office ? null : user.departmentId };

  if (values.department) {
    if (/^\d+$/.test(values.department)) scope.departmentId = Number(values.department);
    else errors.department = '请选择有效的承办单位';
  }
  if (values.channel) {
    if ((CHANNELS as readonly string[]).includes(values.channel)) scope.channel = values.channel;
    else errors.channel = '请选择有效的渠道';
  }
  if (values.category) {
    if ((LETTER_CATEGORIES as readonly string[]).includes(values.category)) scope.category = values.category;
    else errors.category = '请选择有效的来信类别';
  }
  if (values.status) {
    if ((FILTER_STATUSES as readonly string[]).includes(values.status)) scope.status = values.status;
    else errors.status = '请选择有效的办理状态';
  }
  for (const key of ['from', 'to', 'closed_from', 'closed_to'] as const) {
    if (values[key] && !isDateString(values[key])) errors[key] = '请按“年-月-日”填写日期，例如 2026-03-01';
  }
  if (!errors.from && values.from) scope.receivedFrom = values.from;
  if (!errors.to && values.to) {
    if (values.from && !errors.from && values.to < values.from) errors.to = '结束日期不能早于开始日期';
    else scope.receivedTo = values.to;
  }
  if (!errors.closed_from && values.closed_from) scope.closedFrom = values.closed_from;
  if (!errors.closed_to && values.closed_to) {
    if (values.closed_from && !errors.closed_from && values.closed_to < values.closed_from) errors.closed_to = '结束日期不能早于开始日期';
    else scope.closedTo = values.closed_to;
  }
  if (values.q.length > MAX_SEARCH_LENGTH) errors.q = `搜索内容不能超过${MAX_SEARCH_LENGTH}个字`;
  else if (REFERENCE_PATTERN.test(values.q)) scope.reference = values.q.toUpperCase();
  const searchText = !errors.q && values.q && !scope.reference ? values.q : null;

  return { values, errors, scope, searchText, after: parseCursor(text('after')) };
}

/** The scope with the text search planned (how the full-text index is best asked, see planTextSearch). */
async function searchScope(db: Kysely<DB>, kind: QueueDeps['dbKind'], p: Parsed): Promise<QueueScope> {
  if (p.searchText === null) return p.scope;
  return { ...p.scope, text: { value: p.searchText, search: await planTextSearch(db, kind, p.searchText, p.scope.departmentId) } };
}

/** "2026-03-10~57" after a dated case, "~57" after an undated one; anything else starts at the top. */
function parseCursor(s: string): QueueCursor | null {
  const m = /^(\d{4}-\d{2}-\d{2})?~(\d{1,15})$/.exec(s);
  if (!m || (m[1] && !isDateString(m[1]))) return null;
  return { dueOn: m[1] ?? null, id: Number(m[2]) };
}

const formatCursor = (row: { due_on: string | null; id: number }) => `${row.due_on ?? ''}~${row.id}`;

function queueUrl(path: string, values: QueueValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('tab', values.tab);
  for (const key of FILTER_KEYS) if (values[key]) params.set(key, values[key]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return `${path}?${params.toString()}`;
}

/**
 * The last day that is still "due soon": the day before the (N+1)-th working day after today, so
 * that a due date counts exactly when dueState() would call it due soon (≤ N working days left).
 * Near the end of the year the next year's schedule may not be entered yet: then every day to the
 * end of the known calendar is due soon, and later days cannot be judged (said in a notice).
 */
function dueSoonBoundary(cal: WorkCalendar, today: string): { until: string; notice: string | null } {
  let workingDays = 0;
  for (let day = addCalendarDays(today, 1); ; day = addCalendarDays(day, 1)) {
    const year = Number(day.slice(0, 4));
    if (!cal.knownYears.has(year)) {
      return { until: addCalendarDays(day, -1), notice: `${new CalendarYearMissingError(year).message}在此之前，${year}年到期的案件无法判断是否即将到期。` };
    }
    if (isWorkingDay(cal, day) && ++workingDays > DUE_SOON_WORKING_DAYS) return { until: addCalendarDays(day, -1), notice: null };
  }
}

interface Deadlines {
  today: string;
  until: string;
  notice: string | null;
}

async function deadlines(deps: QueueDeps): Promise<Deadlines> {
  const today = chinaDate(deps.clock.now());
  return { today, ...dueSoonBoundary(await deps.calendar.get(), today) };
}

function tabCondition(tab: QueueTab, d: Deadlines): TabCondition {
  switch (tab) {
    case 'todo':
      return { statuses: ['assigned'] };
    case 'due_soon':
      return { statuses: RUNNING_STATUSES, dueFrom: d.today, dueTo: d.until };
    case 'overdue':
      return { statuses: OPEN_STATUSES, dueTo: addCalendarDays(d.today, -1) };
    case 'paused':
      return { statuses: PAUSED_STATUSES };
    case 'in_review':
      return { statuses: ['in_review'] };
    case 'open':
      return { statuses: OPEN_STATUSES };
    case 'closed':
      return { statuses: ['closed'] };
    case 'all':
      return { statuses: [...OPEN_STATUSES, 'closed'] };
  }
}

function dueBadge(row: QueueRow, d: Deadlines): DueBadge | null {
  if ((PAUSED_STATUSES as readonly string[]).includes(row.status)) return 'paused';
  if (row.status === 'closed' || row.status === 'invalid' || row.due_on === null) return null;
  if (row.due_on < d.today) return 'overdue';
  return row.due_on <= d.until ? 'due_soon' : null;
}

function rowView(row: QueueRow, d: Deadlines): QueueRowView {
  const badge = dueBadge(row, d);
  return {
    id: row.id,
    reference: row.reference,
    href: `/cases/${row.id}`,
    channelLabel: CHANNEL_LABELS[row.channel as Channel] ?? row.channel,
    categoryLabel: row.category ? (LETTER_CATEGORY_LABELS[row.category as LetterCategory] ?? row.category) : '—',
    subject: row.subject,
    applicantName: row.applicant_name,
    phone: maskMobile(row.phone),
    departmentName: row.department_name ?? '未分办',
    statusLabel: CASE_STATUS_LABELS[row.status as CaseStatus] ?? row.status,
    receivedOn: row.received_on ?? '—',
    dueOn: row.due_on ?? '—',
    dueBadge: badge ? { kind: badge, label: DUE_BADGE_LABELS[badge] } : null,
  };
}

async function tabCounts(db: Kysely<DB>, scope: QueueScope, d: Deadlines): Promise<Record<QueueTab, number>> {
  const counts = await countTabs(db, scope, {
    statuses: [...OPEN_STATUSES, 'closed'],
    openStatuses: OPEN_STATUSES,
    runningStatuses: RUNNING_STATUSES,
    today: d.today,
    dueSoonUntil: d.until,
  });
  const n = (s: string) => counts.byStatus.get(s) ?? 0;
  return {
    todo: n('assigned'),
    due_soon: counts.dueSoon,
    overdue: counts.overdue,
    paused: n('awaiting_supplement') + n('consulting'),
    in_review: n('in_review'),
    open: OPEN_STATUSES.reduce((sum, s) => sum + n(s), 0),
    closed: n('closed'),
    all: OPEN_STATUSES.reduce((sum, s) => sum + n(s), n('closed')),
  };
}

export async function loadQueue(deps: QueueDeps, user: StaffUser, raw: Record<string, string | undefined>): Promise<QueueView> {
  const p = parseParams(user, raw);
  const office = isOfficeRole(user.role);
  const departments = office ? await listDepartmentOptions(deps.db) : [];
  if (p.values.department && !p.errors.department && !departments.some((dep) => String(dep.id) === p.values.department)) {
    p.errors.department = '请选择有效的承办单位';
  }
  const view: QueueView = {
    values: p.values,
    errors: p.errors,
    isOffice: office,
    departments,
    statusOptions: FILTER_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })),
    tabs: [],
    rows: [],
    total: 0,
    nextHref: null,
    firstHref: null,
    exportHref: queueUrl('/queue/export.csv', p.values),
    calendarNotice: null,
  };
  if (Object.keys(p.errors).length > 0) return view;

  const d = await deadlines(deps);
  const [counts, page] = await inSearchSnapshot(deps.db, deps.dbKind, p.searchText !== null, async (db) => {
    const scope = confirmCommonWordByLike(await searchScope(db, deps.dbKind, p));
    return withMatchSet(db, scope.text?.search, async (db, search) => {
      const searched = search && scope.text ? { ...scope, text: { ...scope.text, search } } : scope;
      return [await tabCounts(db, searched, d), await listQueuePage(db, searched, tabCondition(p.values.tab, d), p.after, PAGE_SIZE)] as const;
    });
  });
  const last = page.rows.at(-1);
  return {
    ...view,
    tabs: QUEUE_TABS.map((key) => ({
      key,
      label: QUEUE_TAB_LABELS[key],
      count: counts[key],
      href: queueUrl('/queue', { ...p.values, tab: key }),
      current: key === p.values.tab,
    })),
    rows: page.rows.map((r) => rowView(r, d)),
    total: counts[p.values.tab],
    nextHref: page.hasMore && last ? queueUrl('/queue', p.values, { after: formatCursor(last) }) : null,
    firstHref: p.after ? queueUrl('/queue', p.values) : null,
    calendarNotice: d.notice,
  };
}

const CSV_HEADER = ['编号', '渠道', '来信类别', '标题', '申请人', '联系电话', '承办单位', '办理状态', '受理日期', '办理期限', '期限状态'];

/**
 * Every case of the current tab and filters as CSV for Excel: UTF-8 with BOM, CRLF, phones masked,
 * cells that a spreadsheet would run as a formula defused. Streamed in keyset batches, so the
 * office can export a whole year without holding it in memory.
 */
export async function exportQueueCsv(
  deps: QueueDeps,
  user: StaffUser,
  raw: Record<string, string | undefined>,
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const p = parseParams(user, raw);
  if (Object.keys(p.errors).length > 0) throw new ValidationError(p.errors, Object.values(p.errors).join('；'));
  const d = await deadlines(deps);
  const tab = tabCondition(p.values.tab, d);
  const scope = await searchScope(deps.db, deps.dbKind, p);
  const encoder = new TextEncoder();
  let after: QueueCursor | null = null;
  let first = true;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const page = await listQueuePage(deps.db, scope, tab, after, EXPORT_BATCH);
      const records: string[][] = page.rows.map((r) => {
        const v = rowView(r, d);
        return [v.reference, v.channelLabel, v.categoryLabel, v.subject, v.applicantName, v.phone, v.departmentName, v.statusLabel, v.receivedOn, v.dueOn, v.dueBadge?.label ?? ''];
      });
      if (first) records.unshift(CSV_HEADER);
      const chunk = stringify(records, { bom: first, record_delimiter: 'windows', escape_formulas: true });
      first = false;
      const last = page.rows.at(-1);
      if (page.hasMore && last) after = { dueOn: last.due_on, id: last.id };
      else done = true;
      if (chunk) controller.enqueue(encoder.encode(chunk));
    },
  });
  return { filename: `办理工作台-${d.today}.csv`, body };
}
