// The annual report computed from cases in the database: a fixture built to the Haimen 2024 report
// reproduces its table 三 and mailbox figures cell by cell, and the CLI prints the same JSON.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROW_KEYS, TABLE_THREE_LINES, type AnnualReport, type RowKey } from '../../src/domain/annual-report.ts';
import { buildAnnualReport } from '../../src/report/service.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE = readFileSync(new URL('../../../shared/reference/haimen-2024-annual-report.txt', import.meta.url), 'utf8');

/** Table 三 of the published report, row key → its seven figures, read line by line from the text. */
function referenceTableThree(): Record<RowKey, number[]> {
  const section = REFERENCE.slice(REFERENCE.indexOf('一、本年新收政府信息公开申请数量'), REFERENCE.indexOf('四、政府信息公开行政复议'));
  const printed: Array<{ label: string; figures: number[] }> = [];
  for (const line of section.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    if (/^\d+$/.test(line)) printed[printed.length - 1].figures.push(Number(line));
    else printed.push({ label: line, figures: [] });
  }
  const plain = (s: string) => s.replace(/[()（），,]/g, '');
  const out: Partial<Record<RowKey, number[]>> = {};
  TABLE_THREE_LINES.forEach((line, i) => {
    if (plain(printed[i].label) !== plain(line.label)) throw new Error(`reference line ${i} is ${printed[i].label}, expected ${line.label}`);
    if (line.kind === 'row') out[line.key] = printed[i].figures;
  });
  return out as Record<RowKey, number[]>;
}

/** 全年受理“区长信箱”信件210件、办结率97.62% → { received: 210, rate: 97.62 } */
function referenceMailbox(name: string) {
  const m = new RegExp(`“${name}”信件(\\d+)件、办结率([\\d.]+)%`).exec(REFERENCE)!;
  return { received: Number(m[1]), rate: Number(m[2]) };
}

interface CaseSpec {
  channel: 'mayor_mailbox' | 'dept_mailbox' | 'disclosure';
  receivedOn: string | null;
  closedOn?: string | null;
  outcome?: string | null;
  applicantType?: string;
  status?: string;
}

let counter = 0;

/** Cases written straight into the table, with the status their dates imply unless one is given. */
async function insertCases(db: TestDatabase['db'], specs: CaseSpec[], departmentId: number | null = null) {
  const rows = specs.map((s) => {
    counter++;
    const at = `${s.receivedOn ?? '2024-06-01'}T01:00:00.000Z`;
    return {
      reference: `T${counter}`,
      channel: s.channel,
      status: s.status ?? (s.receivedOn === null ? 'submitted' : s.closedOn ? 'closed' : 'assigned'),
      department_id: s.channel === 'dept_mailbox' ? departmentId : null,
      category: s.channel === 'disclosure' ? null : 'complaint',
      subject: `事项${counter}`,
      content: '内容',
      applicant_type: s.channel === 'disclosure' ? (s.applicantType ?? 'natural_person') : null,
      applicant_name: `申请人${counter}`,
      phone: '13812345678',
      consent_publish: 0,
      query_code_hash: 'x',
      submitted_at: at,
      received_on: s.receivedOn,
      closed_on: s.closedOn ?? null,
      outcome: s.outcome ?? null,
      created_at: at,
      updated_at: at,
    };
  });
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('cases').values(rows.slice(i, i + 100)).execute();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** n applications or letters received and closed within 2024, spread over the year. */
function closedIn2024(n: number, spec: Omit<CaseSpec, 'receivedOn' | 'closedOn'>): CaseSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const month = pad(1 + (i % 11));
    const day = 2 + (i % 20);
    return { ...spec, receivedOn: `2024-${month}-${pad(day)}`, closedOn: `2024-${month}-${pad(day + 5)}` };
  });
}

/** Disclosure applications that make up the Haimen 2024 table 三, plus cases that must not count. */
function disclosureFixture(): CaseSpec[] {
  const d = 'disclosure' as const;
  return [
    // 上年结转 2: received in December 2023, closed in January 2024.
    { channel: d, receivedOn: '2023-12-18', closedOn: '2024-01-10', outcome: 'granted' },
    { channel: d, receivedOn: '2023-12-27', closedOn: '2024-01-15', outcome: 'unavailable.not_held' },
    // Received and closed in 2024: with the two above, 57 natural persons' results.
    ...closedIn2024(34, { channel: d, outcome: 'granted' }),
    ...closedIn2024(1, { channel: d, outcome: 'refused.process_info' }),
    ...closedIn2024(2, { channel: d, outcome: 'refused.inquiry_matter' }),
    ...closedIn2024(8, { channel: d, outcome: 'unavailable.not_held' }),
    ...closedIn2024(1, { channel: d, outcome: 'unavailable.needs_creation' }),
    ...closedIn2024(1, { channel: d, outcome: 'not_processed.petition' }),
    ...closedIn2024(1, { channel: d, outcome: 'not_processed.duplicate' }),
    ...closedIn2024(3, { channel: d, outcome: 'other.no_supplement' }),
    ...closedIn2024(4, { channel: d, outcome: 'other.other' }),
    { channel: d, applicantType: 'business', receivedOn: '2024-05-06', closedOn: '2024-05-20', outcome: 'granted' },
    // 结转下年度 2: one still open today, one answered in January 2025.
    { channel: d, receivedOn: '2024-12-16' },
    { channel: d, receivedOn: '2024-12-23', closedOn: '2025-01-08', outcome: 'granted' },
    // Not in 2024: received and closed in 2023; received in 2025.
    { channel: d, receivedOn: '2023-03-01', closedOn: '2023-03-20', outcome: 'granted' },
    { channel: d, receivedOn: '2025-02-10' },
    // Never counted: an application never confirmed, and one marked invalid.
    { channel: d, receivedOn: null },
    { channel: d, receivedOn: '2024-06-03', status: 'invalid' },
  ];
}

function letterFixture(channel: 'mayor_mailbox' | 'dept_mailbox', closed: number, openAtYearEnd: CaseSpec[]): CaseSpec[] {
  return [
    ...closedIn2024(closed - 1, { channel }),
    // Closed on the last day of the year still counts as closed in 2024.
    { channel, receivedOn: '2024-12-31', closedOn: '2024-12-31' },
    ...openAtYearEnd,
    // Not 2024's letters: received in 2023 (closed in 2024) or in 2025; never confirmed; invalid.
    { channel, receivedOn: '2023-12-28', closedOn: '2024-01-05' },
    { channel, receivedOn: '2025-01-02' },
    { channel, receivedOn: null },
    { channel, receivedOn: '2024-08-08', status: 'invalid' },
  ];
}

async function educationBureauId(db: TestDatabase['db']): Promise<number> {
  const row = await db.selectFrom('departments').select('id').where('short_name', '=', '教育局').executeTakeFirstOrThrow();
  return row.id;
}

describe('annual report built from the Haimen 2024 fixture', () => {
  let t: TestDatabase;
  let report: AnnualReport;

  beforeAll(async () => {
    t = await createTestDatabase();
    await insertCases(t.db, disclosureFixture());
    await insertCases(
      t.db,
      letterFixture('mayor_mailbox', 205, [
        // Five letters of 2024 not closed by 31 December: three closed in January 2025, two still open.
        { channel: 'mayor_mailbox', receivedOn: '2024-12-20', closedOn: '2025-01-03' },
        { channel: 'mayor_mailbox', receivedOn: '2024-12-24', closedOn: '2025-01-06' },
        { channel: 'mayor_mailbox', receivedOn: '2024-12-27', closedOn: '2025-01-10' },
        { channel: 'mayor_mailbox', receivedOn: '2024-12-30' },
        { channel: 'mayor_mailbox', receivedOn: '2024-12-30' },
      ]),
    );
    await insertCases(
      t.db,
      letterFixture('dept_mailbox', 225, Array.from({ length: 5 }, () => ({ channel: 'dept_mailbox' as const, receivedOn: '2024-12-26' }))),
      await educationBureauId(t.db),
    );
    report = await buildAnnualReport(t.db, 2024);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('reproduces table 三 of the published report cell by cell', () => {
    const reference = referenceTableThree();
    expect(reference.new).toEqual([57, 1, 0, 0, 0, 0, 58]);
    expect(report.year).toBe(2024);
    expect(report.applications.columns).toEqual(['natural_person', 'business', 'research', 'public_interest', 'legal_service', 'other_org', 'total']);
    expect(Object.keys(report.applications.rows)).toEqual(ROW_KEYS);
    for (const key of ROW_KEYS) expect(report.applications.rows[key], key).toEqual(reference[key]);
  });

  it('passes every check', () => {
    expect(report.applications.checks).toHaveLength(10);
    expect(report.applications.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.applications.checks.at(-1)).toEqual({
      name: '本年上年结转 = 2023年结转下年度',
      ok: true,
      detail: '上年结转 2 件，与2023年结转下年度 2 件一致',
    });
  });

  it('reproduces the mailbox figures: letters received in 2024 and, of those, closed by 31 December', () => {
    const mayor = referenceMailbox('区长信箱');
    const dept = referenceMailbox('部门信箱');
    expect(mayor).toEqual({ received: 210, rate: 97.62 });
    expect(dept).toEqual({ received: 230, rate: 97.83 });
    expect(report.mailboxes).toEqual({
      mayor_mailbox: { received: mayor.received, closed: 205, completion_rate: mayor.rate },
      dept_mailbox: { received: dept.received, closed: 225, completion_rate: dept.rate },
    });
    expect(report.proactive).toEqual({});
    expect(report.appeals).toEqual({});
    expect(report.text).toEqual({});
  });

  it('counts the applications open across 31 December 2024 as carried over in 2025', async () => {
    const next = await buildAnnualReport(t.db, 2025);
    const rows = next.applications.rows;
    expect(rows.carried_over).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(rows.new).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(rows.granted).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(rows.handled_total).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(rows.carried_forward).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(next.applications.checks.every((c) => c.ok)).toBe(true);
    // The letters of December 2024 closed in January 2025 belong to 2024's received, not 2025's.
    expect(next.mailboxes.mayor_mailbox).toEqual({ received: 1, closed: 0, completion_rate: 0 });
  });

  it('reports zeros and no 办结率 for a year without cases', async () => {
    const empty = await buildAnnualReport(t.db, 2019);
    expect(empty.applications.rows.handled_total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(empty.mailboxes.dept_mailbox).toEqual({ received: 0, closed: 0, completion_rate: null });
    expect(empty.applications.checks.every((c) => c.ok)).toBe(true);
  });

  it('refuses a year that is not four digits', async () => {
    await expect(buildAnnualReport(t.db, 24)).rejects.toThrow('年度“24”无效，应为四位数字，例如 2024。');
  });

  describe('CLI', () => {
    function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli.ts', ...args],
          { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url } },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    }

    it('report 2024 --format json prints the report as JSON on stdout', async () => {
      const { code, stdout } = await runCli(['report', '2024', '--format', 'json']);
      expect(code).toBe(0);
      const printed = JSON.parse(stdout);
      expect(printed.year).toBe(2024);
      expect(printed).toEqual(report);
    });

    it('--out writes the file and prints nothing on stdout', async () => {
      const file = join(t.dir, 'report-2024.json');
      const { code, stdout, stderr } = await runCli(['report', '2024', '--format', 'json', '--out', file]);
      expect(code).toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain(`已写入 ${file}`);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(report);
    });

    it('refuses a bad year and a format not supported yet, on stderr with exit code 2', async () => {
      const [badYear, pdf] = await Promise.all([
        runCli(['report', '24', '--format', 'json']),
        runCli(['report', '2024', '--format', 'pdf']),
      ]);
      expect(badYear).toMatchObject({ code: 2, stdout: '' });
      expect(badYear.stderr).toContain('年度应为四位数字');
      expect(pdf).toMatchObject({ code: 2, stdout: '' });
      expect(pdf.stderr).toContain('暂不支持该格式：pdf');
    });
  });
});

describe('a case closed in 2024 but received only in 2025', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertCases(t.db, [
      { channel: 'disclosure', receivedOn: '2024-03-04', closedOn: '2024-03-20', outcome: 'granted' },
      // A wrong date: answered before it was received.
      { channel: 'disclosure', receivedOn: '2025-01-05', closedOn: '2024-12-20', outcome: 'granted' },
    ]);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('breaks the balance of 2024, and the check says so with the figures', async () => {
    const report = await buildAnnualReport(t.db, 2024);
    expect(report.applications.rows.handled_total).toEqual([2, 0, 0, 0, 0, 0, 2]);
    const failed = report.applications.checks.filter((c) => !c.ok);
    expect(failed).toEqual([
      {
        name: '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（自然人）',
        ok: false,
        detail: '本年新收 1 + 上年结转 0 = 1；办理结果总计 2 + 结转下年度 0 = 2，相差 1',
      },
      {
        name: '本年新收 + 上年结转 = 办理结果总计 + 结转下年度（总计）',
        ok: false,
        detail: '本年新收 1 + 上年结转 0 = 1；办理结果总计 2 + 结转下年度 0 = 2，相差 1',
      },
    ]);
  });
});
