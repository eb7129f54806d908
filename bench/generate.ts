// Builds a benchmark database of N cases: five full years (2021–2025) and the current year up to today,
// 30 departments, every channel, the statuses, outcomes, ratings, pauses and extensions a district office
// really has, with their events. Written by bulk inserts (prepared statements in big transactions on
// SQLite, multi-row INSERTs on PostgreSQL), not through the application: a million cases in minutes.
//
//   node --import tsx bench/generate.ts [--cases N] [--out FILE.sqlite | --postgres URL] [--seed S]
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createCalendarSource } from '../src/calendar/service.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { addCalendarDays, isWorkingDay, type WorkCalendar } from '../src/domain/calendar.ts';
import { chinaDate } from '../src/domain/china-time.ts';
import { DEFAULT_LETTER_LIMITS, REFERENCE_PREFIXES, type Channel, type LetterCategory } from '../src/domain/codes.ts';
import { OUTCOME_CODES } from '../src/domain/outcomes.ts';
import type { CaseRow } from '../src/db/schema.ts';
import {
  COMMUNITIES,
  FOLLOW_UPS,
  GIVEN,
  INDUSTRIES,
  REPLIES,
  REQUESTS,
  ROADS,
  ROLES,
  STREETS,
  SURNAMES,
  topicOf,
} from './vocabulary.ts';

export type Target = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface GenerateOptions {
  cases: number;
  target: Target;
  seed?: number;
  /** The China date the data ends on (default: today). */
  today?: string;
  log?: (line: string) => void;
}

export interface GenerateSummary {
  cases: number;
  events: number;
  seconds: number;
  departments: number;
}

const FIRST_DAY = '2021-01-01';
const TARGET_DEPARTMENTS = 30;
// Nine more departments next to the ones every installation is seeded with, to make thirty.
const EXTRA_DEPARTMENTS: Array<[string, string]> = [
  ['区科学技术局', '科技局'],
  ['区工业和信息化局', '工信局'],
  ['区退役军人事务局', '退役军人局'],
  ['区审计局', '审计局'],
  ['区统计局', '统计局'],
  ['区林业局', '林业局'],
  ['区体育局', '体育局'],
  ['区信访局', '信访局'],
  ['区档案局', '档案局'],
];

// ------------------------------------------------------------------ randomness and working days

/** mulberry32: small, fast and reproducible for a given seed. */
function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    weighted: <T>(entries: ReadonlyArray<readonly [T, number]>): T => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of entries) if ((r -= w) < 0) return v;
      return entries.at(-1)![0];
    },
  };
}
type Random = ReturnType<typeof createRandom>;

/**
 * Days as integers (0 = FIRST_DAY) with working-day arithmetic by table lookup: the 20-odd date steps of
 * a case cost nothing, where parsing date strings a million times would cost minutes.
 */
function createDayIndex(cal: WorkCalendar, lastDay: string) {
  const dates: string[] = [];
  const working: boolean[] = [];
  for (let d = FIRST_DAY; d <= lastDay; d = addCalendarDays(d, 1)) {
    dates.push(d);
    working.push(isWorkingDay(cal, d));
  }
  // ordinal[i]: working days in [0, i]; byOrdinal[k]: the day with the k-th working day.
  const ordinal: number[] = [];
  const byOrdinal: number[] = [0];
  let k = 0;
  for (let i = 0; i < dates.length; i++) {
    if (working[i]) byOrdinal[++k] = i;
    ordinal.push(k);
  }
  const addWorking = (day: number, n: number) => (n === 0 ? day : byOrdinal[ordinal[day]! + n]!);
  return {
    dates,
    size: dates.length,
    addWorking,
    /** The day itself if it is a working day, else the next working day. */
    onOrAfter: (day: number) => (working[day] ? day : addWorking(day, 1)),
    /** Working days d with from < d ≤ to. */
    between: (from: number, to: number) => ordinal[to]! - ordinal[from]!,
  };
}
type DayIndex = ReturnType<typeof createDayIndex>;

// ------------------------------------------------------------------ one case

/** A row of the cases table as the generator builds it (the schema's own type, channel narrowed). */
export type CaseRecord = Omit<CaseRow, 'channel'> & { channel: Channel };

export const CASE_COLUMNS = [
  'id', 'reference', 'channel', 'status', 'department_id', 'category', 'subject', 'content', 'applicant_type',
  'applicant_name', 'id_type', 'id_number', 'credit_code', 'legal_representative', 'contact_name', 'phone', 'email',
  'address', 'postcode', 'doc_title', 'doc_number', 'purpose', 'delivery_form', 'delivery_method', 'consent_publish',
  'query_code_hash', 'submitted_at', 'received_on', 'due_on', 'supplement_due_on', 'extension_requested_days',
  'closed_on', 'working_days_to_close', 'outcome', 'reply_text', 'rating', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof CaseRecord>;

export interface EventRecord {
  case_id: number;
  type: string;
  at: string;
  actor_label: string;
  visibility: string;
  payload: string;
}
export const EVENT_COLUMNS = ['case_id', 'type', 'at', 'actor_label', 'visibility', 'payload'] as const;

interface Department {
  id: number;
  name: string;
  shortName: string;
  /** Relative share of the cases: a few departments get most letters. */
  weight: number;
}

const CATEGORY_MIX: ReadonlyArray<readonly [LetterCategory, number]> = [
  ['inquiry', 30], ['suggestion', 14], ['help', 15], ['complaint', 27], ['report', 7], ['other', 7],
];
const CATEGORY_WORD: Record<LetterCategory, string> = { inquiry: '咨询', suggestion: '建议', help: '求助', complaint: '投诉', report: '举报', other: '反映' };
const APPLICANT_MIX: ReadonlyArray<readonly [string, number]> = [
  ['natural_person', 86], ['business', 8], ['research', 1], ['public_interest', 1], ['legal_service', 3], ['other_org', 1],
];
// Shares in a district office's annual report: most applications granted or not held by the office.
const OUTCOME_MIX: ReadonlyArray<readonly [string, number]> = OUTCOME_CODES.map((code) => [
  code,
  code === 'granted' ? 38 : code === 'partial' ? 9 : code.startsWith('unavailable.not_held') ? 22 : code.startsWith('refused') ? 1.5 : code === 'other.no_supplement' ? 0 : 2,
]);
const RATING_MIX: ReadonlyArray<readonly [string, number]> = [['satisfied', 75], ['basically_satisfied', 17], ['dissatisfied', 8]];

/** A case's instant on a day: office hours in China are 01:00–09:00 UTC. */
function instant(r: Random, date: string, office = true): string {
  const h = office ? r.int(1, 8) : r.int(0, 15);
  return `${date}T${String(h).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}.000Z`;
}

function personName(r: Random) {
  return r.pick(SURNAMES) + r.pick(GIVEN);
}

function mobile(r: Random) {
  return `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
}

function place(r: Random) {
  return r.chance(0.6) ? `${r.pick(STREETS)}街道${r.pick(COMMUNITIES)}` : `${r.pick(ROADS)}${r.int(1, 300)}号附近`;
}

function letterText(r: Random, dept: Department, category: LetterCategory) {
  const topic = topicOf(dept.shortName);
  const where = place(r);
  const issue = r.pick(topic.issues);
  const subject = `关于${where.length > 12 ? where.slice(0, 12) : where}${issue}的${CATEGORY_WORD[category]}`;
  const sentences = [`您好！我是${where}的${r.pick(ROLES)}。`, r.pick(topic.details)];
  if (r.chance(0.4)) sentences.push(r.pick(topic.details));
  for (let i = r.int(1, 3); i > 0; i--) sentences.push(r.pick(FOLLOW_UPS));
  if (r.chance(0.15)) sentences.push(`我在${dept.name}的App和官网上都没有找到相关说明。`);
  sentences.push(r.pick(REQUESTS), '谢谢！');
  return { subject, content: sentences.join('') };
}

interface Built {
  row: CaseRecord;
  events: EventRecord[];
}

export function createCaseBuilder(r: Random, days: DayIndex, today: number, departments: Department[], officeName: string) {
  const deptMix = departments.map((d) => [d, d.weight] as const);
  const counters = new Map<string, number>();

  return function buildCase(id: number, day: number): Built {
    const channel = r.weighted<Channel>([['mayor_mailbox', 44], ['dept_mailbox', 36], ['disclosure', 20]]);
    const dept = r.weighted(deptMix);
    const date = days.dates[day]!;
    const year = date.slice(0, 4);
    const counterKey = `${channel}${year}`;
    const n = (counters.get(counterKey) ?? 0) + 1;
    counters.set(counterKey, n);
    const submittedAt = instant(r, date, false);
    const events: EventRecord[] = [];
    const event = (type: string, on: number, visibility: string, payload: Record<string, unknown>, actor = dept.name) =>
      events.push({ case_id: id, type, at: instant(r, days.dates[on]!), actor_label: actor, visibility, payload: JSON.stringify(payload) });

    const row: CaseRecord = {
      id,
      reference: `${REFERENCE_PREFIXES[channel]}${year}-${String(n).padStart(6, '0')}`,
      channel,
      status: 'submitted',
      department_id: channel === 'dept_mailbox' ? dept.id : null,
      category: null,
      subject: '',
      content: '',
      applicant_type: null,
      applicant_name: personName(r),
      id_type: null,
      id_number: null,
      credit_code: null,
      legal_representative: null,
      contact_name: null,
      phone: mobile(r),
      email: r.chance(0.45) ? `user${id}@example.com` : null,
      address: null,
      postcode: null,
      doc_title: null,
      doc_number: null,
      purpose: null,
      delivery_form: null,
      delivery_method: null,
      consent_publish: 0,
      // Never looked up in the benchmark; the real thing is a hash of a random code.
      query_code_hash: 'bench',
      submitted_at: submittedAt,
      received_on: null,
      due_on: null,
      supplement_due_on: null,
      extension_requested_days: null,
      closed_on: null,
      working_days_to_close: null,
      outcome: null,
      reply_text: null,
      rating: null,
      created_at: submittedAt,
      updated_at: submittedAt,
    };
    events.push({ case_id: id, type: 'submitted', at: submittedAt, actor_label: '申请人', visibility: 'applicant', payload: '{"message":"已收到"}' });

    let limit: number;
    if (channel === 'disclosure') {
      const type = r.weighted(APPLICANT_MIX);
      const doc = r.pick(topicOf(dept.shortName).documents);
      row.applicant_type = type;
      row.doc_title = `${dept.name}${Number(year) - r.int(0, 2)}年${doc}`;
      row.subject = row.doc_title;
      row.content = `本人申请公开${row.doc_title}，包括相关附件和批复文件。${r.chance(0.5) ? `该信息涉及${place(r)}居民的切身利益。` : ''}请以电子文本形式提供。`;
      row.purpose = r.pick(['了解相关政策', '维护自身合法权益', '学术研究', '诉讼需要']);
      row.delivery_form = r.pick(['electronic', 'paper']);
      row.delivery_method = r.pick(['email', 'post', 'online']);
      row.address = `${place(r)}${r.int(1, 30)}栋${r.int(101, 2402)}室`;
      if (type === 'natural_person') {
        row.id_type = 'resident_id';
        row.id_number = `3206${String(r.int(0, 99_999_999_999_999)).padStart(14, '0')}`;
      } else {
        row.applicant_name = `${r.pick(STREETS)}${r.pick(INDUSTRIES)}有限公司`;
        row.credit_code = `91320600${String(r.int(0, 9_999_999_999)).padStart(10, '0')}`;
        row.legal_representative = personName(r);
        row.contact_name = personName(r);
      }
      limit = 20;
    } else {
      const category = r.weighted(CATEGORY_MIX);
      row.category = category;
      Object.assign(row, letterText(r, dept, category));
      row.consent_publish = r.chance(0.3) ? 1 : 0;
      limit = DEFAULT_LETTER_LIMITS[category];
    }

    // 受理: the office (or the department, for its mailbox) confirms within two working days; 2% of letters are spam.
    const firstWorking = days.onOrAfter(day);
    const confirmDay = days.addWorking(firstWorking, r.weighted([[0, 50], [1, 35], [2, 15]]));
    if (channel !== 'disclosure' && r.chance(0.02)) {
      if (confirmDay > today) return { row, events };
      row.status = 'invalid';
      event('invalidated', confirmDay, 'applicant', { reason: 'spam', message: '经审核，该来信不予受理。' }, officeName);
      row.updated_at = events.at(-1)!.at;
      return { row, events };
    }
    if (confirmDay > today) return { row, events };
    const received = channel === 'disclosure' ? firstWorking : confirmDay;
    row.received_on = days.dates[received]!;
    row.status = 'confirmed';
    event('confirmed', confirmDay, 'applicant', { message: '已受理' }, channel === 'dept_mailbox' ? dept.name : officeName);

    let start = received;
    if (channel !== 'dept_mailbox') {
      const dispatchDay = days.addWorking(confirmDay, r.int(0, 1));
      if (dispatchDay > today) return finish();
      row.department_id = dept.id;
      event('dispatched', dispatchDay, 'applicant', { department_id: dept.id, message: `已交由${dept.name}办理。` }, officeName);
      if (channel === 'mayor_mailbox') start = dispatchDay;
    }
    row.status = 'assigned';
    let due = days.addWorking(start, limit);
    let work = start; // the day the department's handling (re)starts

    // A disclosure case may wait for a 补正, for a consulted party, or get one extension.
    if (channel === 'disclosure') {
      if (r.chance(0.07)) {
        const asked = days.addWorking(received, r.int(1, 7));
        if (asked > today) return finish();
        const answerBy = days.addWorking(asked, 15);
        event('supplement_requested', asked, 'applicant', { missing: '请写明所需信息的名称或文号', supplement_due_on: days.dates[answerBy], message: '请补正' });
        if (r.chance(0.2)) {
          // Never answered: the office closes it as other.no_supplement after the answer period.
          const closeDay = days.addWorking(answerBy, r.int(1, 5));
          if (closeDay > today) {
            row.status = 'awaiting_supplement';
            row.due_on = null;
            row.supplement_due_on = days.dates[answerBy]!;
            return finish();
          }
          row.status = 'closed';
          row.outcome = 'other.no_supplement';
          row.closed_on = days.dates[closeDay]!;
          row.working_days_to_close = days.between(received, closeDay);
          event('replied', closeDay, 'applicant', { outcome: row.outcome, message: '申请人逾期未补正，视为放弃申请。' }, officeName);
          return finish();
        }
        const answered = days.addWorking(asked, r.int(2, 10));
        if (answered > today) {
          row.status = 'awaiting_supplement';
          row.supplement_due_on = days.dates[answerBy]!;
          return finish();
        }
        event('supplement_received', answered, 'applicant', { content: '已补充文号', message: '已收到补正材料，答复期限重新计算。' });
        due = days.addWorking(answered, 20);
        work = answered;
      } else if (r.chance(0.05)) {
        const began = days.addWorking(received, r.int(3, 8));
        if (began > today) {
          row.due_on = days.dates[due]!;
          return finish();
        }
        const left = days.between(began, due);
        event('consultation_started', began, 'applicant', { party: r.pick(['third_party', 'agency']), note: null, message: '正在征求意见。' });
        const ended = days.addWorking(began, r.int(5, 15));
        if (ended > today) {
          row.status = 'consulting';
          return finish();
        }
        event('consultation_ended', ended, 'applicant', { note: null, message: '征求意见结束，恢复计算答复期限。' });
        due = left === 0 ? days.onOrAfter(ended) : days.addWorking(ended, left);
        work = ended;
      }
      if (r.chance(0.06)) {
        const asked = days.between(work, due) > 2 ? days.addWorking(work, 2) : work;
        if (asked <= today) {
          const extra = r.int(10, 20);
          event('extension_requested', asked, 'internal', { days: extra, reason: '需要调取档案核实' });
          const decided = days.addWorking(asked, 1);
          if (decided > today) row.extension_requested_days = extra;
          else {
            event('extension_decided', decided, 'applicant', { approved: true, days: extra, message: `经批准，答复期限延长${extra}个工作日。` }, officeName);
            due = days.addWorking(due, extra);
          }
        }
      }
    }
    row.due_on = days.dates[Math.min(due, days.size - 1)]!;

    // Handling time: most within the limit, some late, a few never finished (overdue in the queue).
    if (r.chance(0.004)) return finish();
    const budget = days.between(work, due);
    const took = r.chance(0.05) ? budget + r.int(1, 10) : r.int(1, Math.max(1, budget - 1));
    const replyDay = days.addWorking(work, took);
    const reviewDay = Math.max(work, replyDay - r.int(0, 2));
    if (reviewDay > today) return finish();
    event('submitted_for_review', reviewDay, 'internal', {});
    if (replyDay > today) {
      row.status = 'in_review';
      return finish();
    }
    row.status = 'closed';
    row.closed_on = days.dates[replyDay]!;
    row.working_days_to_close = days.between(received, replyDay);
    row.reply_text = r.pick(REPLIES);
    if (channel === 'disclosure') row.outcome = r.weighted(OUTCOME_MIX);
    event('replied', replyDay, 'applicant', { outcome: row.outcome, message: '已作出答复，请查看答复内容。' }, officeName);
    if (channel !== 'disclosure' && r.chance(0.55)) {
      const ratedDay = replyDay + r.int(0, 5);
      if (ratedDay <= today) {
        row.rating = r.weighted(RATING_MIX);
        event('rated', ratedDay, 'applicant', { rating: row.rating, comment: null, message: '评价' }, '申请人');
      }
    }
    return finish();

    function finish(): Built {
      row.updated_at = events.at(-1)!.at;
      return { row, events };
    }
  };
}

/** How many cases each day gets: volume grows 8% a year, weekends and holidays bring fewer. */
function casesPerDay(r: Random, days: DayIndex, today: number, total: number, workingDay: (i: number) => boolean): number[] {
  const weights: number[] = [];
  for (let i = 0; i <= today; i++) {
    const year = Number(days.dates[i]!.slice(0, 4)) - 2021;
    weights.push(1.08 ** year * (workingDay(i) ? 1 : 0.45) * (0.85 + 0.3 * r.next()));
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let i = counts.length - 1; missing > 0; i = (i - 1 + counts.length) % counts.length, missing--) counts[i]!++;
  return counts;
}

// ------------------------------------------------------------------ writing

interface Sink {
  writeBatch(cases: CaseRecord[], events: EventRecord[]): Promise<void>;
  finish(counters: Array<{ channel: string; year: number; last: number }>): Promise<void>;
}

function sqliteSink(sqlite: NonNullable<Awaited<ReturnType<typeof prepareDatabase>>['sqlite']>): Sink {
  // A throwaway database being loaded: no fsync per transaction, a large cache for the index inserts.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1000000');
  const insertCase = sqlite.prepare(`insert into cases (${CASE_COLUMNS.join(', ')}) values (${CASE_COLUMNS.map(() => '?').join(', ')})`);
  const insertEvent = sqlite.prepare(`insert into case_events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`);
  const write = sqlite.transaction((cases: CaseRecord[], events: EventRecord[]) => {
    for (const c of cases) insertCase.run(CASE_COLUMNS.map((k) => c[k]));
    for (const e of events) insertEvent.run(EVENT_COLUMNS.map((k) => e[k]));
  });
  return {
    async writeBatch(cases, events) {
      write(cases, events);
    },
    async finish(counters) {
      const upsert = sqlite.prepare(
        'insert into reference_counters (channel, year, last_number) values (?, ?, ?) on conflict (channel, year) do update set last_number = excluded.last_number',
      );
      sqlite.transaction(() => counters.forEach((c) => upsert.run(c.channel, c.year, c.last)))();
      // Merge the index segments the load left behind, as the index's own merging does over time.
      sqlite.exec("insert into case_search (case_search) values ('optimize')");
      sqlite.exec('analyze');
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

function postgresSink(client: pg.Client): Sink {
  const ROWS = 500;
  async function insertMany(table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>) {
    for (let i = 0; i < rows.length; i += ROWS) {
      const chunk = rows.slice(i, i + ROWS);
      const params: unknown[] = [];
      const tuples = chunk.map((row) => `(${columns.map((c) => `$${params.push(row[c])}`).join(', ')})`);
      await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
    }
  }
  return {
    async writeBatch(cases, events) {
      await client.query('begin');
      await insertMany('cases', CASE_COLUMNS, cases as unknown as Array<Record<string, unknown>>);
      await insertMany('case_events', EVENT_COLUMNS, events as unknown as Array<Record<string, unknown>>);
      await client.query('commit');
    },
    async finish(counters) {
      for (const c of counters) {
        await client.query(
          'insert into reference_counters (channel, year, last_number) values ($1, $2, $3) on conflict (channel, year) do update set last_number = excluded.last_number',
          [c.channel, c.year, c.last],
        );
      }
      // Ids were given explicitly: move the identity sequences past them.
      for (const table of ['cases', 'case_events']) {
        await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 1) from ${table}))`);
      }
      // VACUUM as well: it sets the visibility map, without which an index-only scan (the statistics'
      // covering indexes) visits every row anyway. A running database has it from autovacuum, which a
      // bulk load followed at once by measurements never waits for (measured on 1M cases: the annual
      // report 856 ms before, 110 ms after).
      await client.query('vacuum (analyze)');
    },
  };
}

async function recreatePostgresDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.replace(/^\//, '');
  // The database is dropped and made anew: refuse anything that does not look like a benchmark database.
  if (!/^[a-z0-9_]*bench[a-z0-9_]*$/.test(name)) throw new Error(`--postgres: the database name must contain "bench" (it is dropped and recreated), got "${name}"`);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

export async function generateDatabase(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const todayDate = options.today ?? chinaDate(new Date());
  const r = createRandom(options.seed ?? 20261126);
  const { target } = options;

  let databaseUrl: string;
  if (target.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(target.path + suffix, { force: true });
    databaseUrl = `sqlite:${target.path}`;
  } else {
    await recreatePostgresDatabase(target.url);
    databaseUrl = target.url;
  }
  const now = new Date(`${todayDate}T02:00:00Z`);
  const database = await prepareDatabase({ databaseUrl }, now);
  const { db } = database;
  try {
    const at = now.toISOString();
    const existing = await db.selectFrom('departments').select(['id', 'name', 'short_name', 'is_office']).orderBy('id').execute();
    const missing = EXTRA_DEPARTMENTS.filter(([name]) => !existing.some((d) => d.name === name)).slice(
      0,
      Math.max(0, TARGET_DEPARTMENTS - existing.filter((d) => !d.is_office).length),
    );
    if (missing.length > 0) {
      await db
        .insertInto('departments')
        .values(missing.map(([name, short_name], i) => ({ name, short_name, is_office: 0, active: 1, sort_order: 100 + i, email: null, created_at: at })))
        .execute();
    }
    // Cases received these weeks are due next year: its schedule must be known. A benchmark database
    // assumes a plain Monday–Friday year where the State Council has not published one yet.
    const nextYear = Number(todayDate.slice(0, 4)) + 1;
    await db.insertInto('calendar_years').values({ year: nextYear, source: 'bench (Mon–Fri assumed)', updated_at: at }).onConflict((oc) => oc.doNothing()).execute();

    const all = await db.selectFrom('departments').select(['id', 'name', 'short_name', 'is_office']).orderBy('id').execute();
    const office = all.find((d) => d.is_office)!;
    const departments: Department[] = all
      .filter((d) => !d.is_office)
      .map((d, i) => ({ id: Number(d.id), name: d.name, shortName: d.short_name, weight: 1 / (1 + i * 0.08) + (['住建局', '城管局', '生态环境局', '市场监管局', '人社局'].includes(d.short_name) ? 1.5 : 0) }));

    const cal = await createCalendarSource(db).get();
    const days = createDayIndex(cal, `${nextYear}-12-31`);
    const today = days.dates.indexOf(todayDate);
    if (today < 0) throw new Error(`today ${todayDate} is outside ${FIRST_DAY}…${nextYear}-12-31`);
    const perDay = casesPerDay(r, days, today, options.cases, (i) => isWorkingDay(cal, days.dates[i]!));
    const build = createCaseBuilder(r, days, today, departments, office.name);

    let sink: Sink;
    let pgClient: pg.Client | null = null;
    if (target.kind === 'sqlite') sink = sqliteSink(database.sqlite!);
    else {
      pgClient = new pg.Client({ connectionString: target.url });
      await pgClient.connect();
      sink = postgresSink(pgClient);
    }

    const BATCH = 20_000;
    let id = 0;
    let eventCount = 0;
    let cases: CaseRecord[] = [];
    let events: EventRecord[] = [];
    const counters = new Map<string, { channel: string; year: number; last: number }>();
    for (let day = 0; day <= today; day++) {
      for (let k = 0; k < perDay[day]!; k++) {
        const built = build(++id, day);
        cases.push(built.row);
        events.push(...built.events);
        const year = Number(built.row.reference.slice(-11, -7));
        const key = `${built.row.channel}:${year}`;
        const last = Number(built.row.reference.slice(-6));
        counters.set(key, { channel: built.row.channel, year, last });
        if (cases.length >= BATCH) {
          await sink.writeBatch(cases, events);
          eventCount += events.length;
          cases = [];
          events = [];
          if (id % 100_000 === 0 || id % BATCH === 0) log(`  ${id.toLocaleString('en')} cases (${((performance.now() - started) / 1000).toFixed(0)} s)`);
        }
      }
    }
    await sink.writeBatch(cases, events);
    eventCount += events.length;
    log('  finishing: reference counters, index merge, statistics');
    await sink.finish([...counters.values()]);
    await pgClient?.end();
    return { cases: id, events: eventCount, seconds: (performance.now() - started) / 1000, departments: departments.length };
  } finally {
    await database.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '1000000' },
      out: { type: 'string', default: 'data/bench/bench.sqlite' },
      postgres: { type: 'string' },
      seed: { type: 'string', default: '20261126' },
    },
  });
  const cases = Number(values.cases);
  if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases must be a positive integer');
  const target: Target = values.postgres ? { kind: 'postgres', url: values.postgres } : { kind: 'sqlite', path: values.out! };
  const where = target.kind === 'sqlite' ? target.path : target.url;
  process.stdout.write(`Generating ${cases.toLocaleString('en')} cases into ${where}\n`);
  const summary = await generateDatabase({ cases, target, seed: Number(values.seed), log: (l) => process.stdout.write(`${l}\n`) });
  process.stdout.write(
    `Done: ${summary.cases.toLocaleString('en')} cases, ${summary.events.toLocaleString('en')} events, ${summary.departments} departments in ${summary.seconds.toFixed(1)} s\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
