// Historical import: offices arrive with years of cases in spreadsheets. A file goes in whole or not at all,
// and a refused file names every bad line by its physical line number.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseImportCsv } from '../../src/import/parse.ts';
import { ImportRejectedError, importCases } from '../../src/import/service.ts';
import { sql } from 'kysely';
import { caseMatchesText, planTextSearch } from '../../src/search/queries.ts';
import { departmentId, fileDisclosure, fileMayorLetter } from '../helpers/cases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/import');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const HEADER = 'reference,channel,department,category,applicant_type,received_on,due_on,closed_on,outcome,subject,content';

// The test clock's day: Monday 2 March 2026 in China.
const NOW = new Date('2026-03-02T02:00:00Z');
const TODAY = '2026-03-02';

type Db = TestApp['db'];

async function importFile(db: Db, bytes: Buffer | string): Promise<number> {
  return importCases(db, parseImportCsv(bytes, TODAY), NOW);
}

/** The `line N: …` lines of a refused import, or a failure if it was accepted. */
async function refusal(db: Db, bytes: Buffer | string): Promise<string[]> {
  const error = await importFile(db, bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return (error as ImportRejectedError).lines;
}

const countCases = async (db: Db) => Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const countEvents = async (db: Db) =>
  Number((await db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function caseByReference(db: Db, reference: string) {
  return db
    .selectFrom('cases')
    .leftJoin('departments', 'departments.id', 'cases.department_id')
    .select([
      'cases.id',
      'reference',
      'channel',
      'status',
      'departments.name as department',
      'category',
      'applicant_type',
      'applicant_name',
      'phone',
      'received_on',
      'due_on',
      'closed_on',
      'working_days_to_close',
      'outcome',
      'subject',
      'content',
      'submitted_at',
    ])
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

describe('importing a good file through the service', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('stores every row as an ordinary case of its channel, with status, department, dates and outcome', async () => {
    expect(await importFile(t.db, fixture('mixed-channels.csv'))).toBe(8);
    expect(await countCases(t.db)).toBe(8);

    // Given reference, full department name, closed letter with its given due date; multi-line content kept.
    expect(await caseByReference(t.db, 'XZ2025-000041')).toMatchObject({
      channel: 'mayor_mailbox',
      status: 'closed',
      department: '区教育局',
      category: 'complaint',
      applicant_type: null,
      applicant_name: '（历史导入）',
      phone: '',
      received_on: '2025-03-03',
      due_on: '2025-03-24',
      closed_on: '2025-03-20',
      // 4–7, 10–14 and 17–20 March: the working days it took, for the statistics' medians.
      working_days_to_close: 13,
      outcome: null,
      subject: '学校周边上下学时段交通拥堵',
      content: '实验小学门口每天早晚拥堵严重。\n希望增设临时停车区。',
      // Received that day in China: 00:00 China time is 16:00 UTC the day before.
      submitted_at: '2025-03-02T16:00:00.000Z',
    });
    // Blank reference: the next number of the channel and year after the highest given one; blank department = the office;
    // the Chinese label 咨询 is stored as its code.
    expect(await caseByReference(t.db, 'XZ2025-000042')).toMatchObject({
      status: 'closed',
      department: '区政府办公室',
      category: 'inquiry',
      closed_on: '2025-06-05',
    });
    // An open letter is in its department's hands with the deadline of its category (建议: 10 working days,
    // across the 2025 National Day holiday and its make-up working days).
    expect(await caseByReference(t.db, 'BM2025-000001')).toMatchObject({
      channel: 'dept_mailbox',
      status: 'assigned',
      department: '区住房和城乡建设局',
      category: 'suggestion',
      due_on: '2025-10-15',
      closed_on: null,
      working_days_to_close: null,
    });
    expect(await caseByReference(t.db, 'YSQ2025-000120')).toMatchObject({
      status: 'closed',
      department: '区政府办公室',
      applicant_type: 'natural_person',
      outcome: 'granted',
      content: '',
    });
    // An open application runs on the 20 working days of 条例第三十三条.
    expect(await caseByReference(t.db, 'YSQ2025-000121')).toMatchObject({
      status: 'assigned',
      department: '区自然资源和规划局',
      applicant_type: 'business',
      received_on: '2025-09-25',
      due_on: '2025-10-29',
      outcome: null,
    });
    expect(await caseByReference(t.db, 'YSQ2025-000122')).toMatchObject({ status: 'closed', applicant_type: 'legal_service', outcome: 'partial' });
    expect(await caseByReference(t.db, 'XZ2026-000007')).toMatchObject({ status: 'assigned', department: '区民政局', category: 'help' });
    expect(await caseByReference(t.db, 'XZ2026-000008')).toMatchObject({ status: 'assigned', category: 'other', due_on: '2026-03-06' });
  });

  it('indexes every imported case for the search, the office-wide terms and the department\'s own', async () => {
    await importFile(t.db, fixture('mixed-channels.csv'));
    const found = async (word: string, department: string | null) => {
      const search = await planTextSearch(t.db, t.database.kind, word, department === null ? null : await departmentId(t, department));
      const rows = await t.db.selectFrom('cases').select('reference').where(caseMatchesText(search, sql.ref('cases.id'))!).orderBy('reference').execute();
      return rows.map((r) => r.reference);
    };
    expect(await found('拥堵', null)).toEqual(['XZ2025-000041']);
    expect(await found('拥堵', '教育局')).toEqual(['XZ2025-000041']);
    expect(await found('拥堵', '民政局')).toEqual([]);
    expect(await found('停车区', '教育局')).toEqual(['XZ2025-000041']);
  });

  it('gives each case one internal timeline entry saying it came from the historical import', async () => {
    await importFile(t.db, fixture('mixed-channels.csv'));
    const open = await caseByReference(t.db, 'YSQ2025-000121');
    const events = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', open.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'submitted', visibility: 'internal', actor_user_id: null, at: '2025-09-24T16:00:00.000Z' });
    // The clock start lets later moves (extension, consultation …) recompute the due date as for any case.
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      imported: true,
      message: '历史数据导入',
      clock: { kind: 'start', on: '2025-09-25', days: 20 },
    });
    expect(await countEvents(t.db)).toBe(8);
  });

  it('moves the reference counters past the imported numbers, so citizens filing later get the next free ones', async () => {
    await importFile(t.db, fixture('mixed-channels.csv'));
    expect((await fileMayorLetter(t)).reference).toBe('XZ2026-000009');
    expect((await fileDisclosure(t)).reference).toBe('YSQ2026-000001');
    const counters = await t.db.selectFrom('reference_counters').selectAll().orderBy('channel').orderBy('year').execute();
    expect(counters).toEqual([
      { channel: 'dept_mailbox', year: 2025, last_number: 1 },
      { channel: 'disclosure', year: 2025, last_number: 122 },
      { channel: 'disclosure', year: 2026, last_number: 1 },
      { channel: 'mayor_mailbox', year: 2025, last_number: 42 },
      { channel: 'mayor_mailbox', year: 2026, last_number: 9 },
    ]);
  });

  it('allocates blank references after the numbers citizens already have, in order of receipt', async () => {
    await fileMayorLetter(t);
    await fileMayorLetter(t);
    const csv = [
      HEADER,
      ',mayor_mailbox,,inquiry,,2026-02-27,,2026-03-02,,后收到的来信,',
      ',mayor_mailbox,,inquiry,,2026-01-05,,2026-01-09,,先收到的来信,',
    ].join('\n');
    expect(await importFile(t.db, csv)).toBe(2);
    expect((await caseByReference(t.db, 'XZ2026-000003')).subject).toBe('先收到的来信');
    expect((await caseByReference(t.db, 'XZ2026-000004')).subject).toBe('后收到的来信');
  });

  it('takes a quote inside an unquoted cell as text, as the spreadsheet meant it', async () => {
    expect(await importFile(t.db, [HEADER, ',mayor_mailbox,,inquiry,,2025-01-02,,2025-01-03,,关于"一网通办"的咨询,他说"好"'].join('\n'))).toBe(1);
    expect(await t.db.selectFrom('cases').select(['subject', 'content']).executeTakeFirst()).toEqual({
      subject: '关于"一网通办"的咨询',
      content: '他说"好"',
    });
  });

  it('accepts a UTF-8 file with a BOM and CRLF line ends as Excel saves it, with Chinese category and applicant labels', async () => {
    expect(await importFile(t.db, fixture('excel-utf8-bom.csv'))).toBe(3);
    const rows = await t.db.selectFrom('cases').select(['reference', 'category', 'applicant_type', 'content', 'outcome']).orderBy('id').execute();
    expect(rows).toEqual([
      { reference: 'XZ2025-000001', category: 'help', applicant_type: null, content: '夜间急诊排队太久。\r\n请增加值班医生。', outcome: null },
      { reference: 'BM2025-000001', category: 'report', applicant_type: null, content: '', outcome: null },
      { reference: 'YSQ2025-000001', category: null, applicant_type: 'other_org', content: '', outcome: 'not_processed.petition' },
    ]);
  });

  it('refuses a file whose references are already in the database, and stores nothing of it', async () => {
    await importFile(t.db, fixture('mixed-channels.csv'));
    const lines = await refusal(t.db, fixture('mixed-channels.csv'));
    expect(lines).toEqual([
      'line 2: reference XZ2025-000041 已存在',
      'line 6: reference YSQ2025-000120 已存在',
      'line 9: reference XZ2026-000007 已存在',
    ]);
    expect(await countCases(t.db)).toBe(8);
  });
});

describe('a file with bad rows', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('names every bad row by its physical line, multi-line fields counted, and stores nothing', async () => {
    const lines = await refusal(t.db, fixture('bad-rows.csv'));
    expect(lines.map((l) => Number(/^line (\d+): /.exec(l)?.[1]))).toEqual([3, 4, 5, 6, 7, 8, 13, 14]);
    expect(lines).toEqual([
      'line 3: channel 应为 mayor_mailbox、dept_mailbox、disclosure 之一，而不是“letter”',
      'line 4: 承办单位“区宣传部”不存在（应为系统中已有单位的全称或简称）',
      'line 5: 政府信息公开申请须填写 applicant_type',
      'line 6: 已办结（填了 closed_on）的政府信息公开申请须填写 outcome',
      'line 7: closed_on 2025-03-01 早于 received_on 2025-03-10',
      'line 8: received_on “2024-02-30”不是有效日期（格式 YYYY-MM-DD，例如 2024-03-01）',
      'line 13: reference XZ2025-000005 与第 9 行重复',
      'line 14: reference YSQ2025-000001 的前缀与 channel 不符：mayor_mailbox 的编号以 XZ 开头',
    ]);
    expect(await countCases(t.db)).toBe(0);
    expect(await countEvents(t.db)).toBe(0);
    // No number was used up: the first citizen letter of the year is still 000001.
    expect(await t.db.selectFrom('reference_counters').selectAll().execute()).toEqual([]);
    expect((await fileMayorLetter(t)).reference).toBe('XZ2026-000001');
  });

  it('reports every reason of a row on its line, and keeps letters and applications apart', async () => {
    const csv = [
      HEADER,
      'XZ2025-1,mayor_mailbox,,意见,natural_person,2025-01-02,2024-12-31,,granted,,',
      ',disclosure,,inquiry,person,,,2025-02-01,unknown,标题,',
      `,dept_mailbox,,other,,2026-03-03,,,,${'长'.repeat(201)},`,
      ',disclosure,,,natural_person,2025-01-02,,,granted,未办结却有答复结果,',
      ',mayor_mailbox,,inquiry,,2025-01-02,,,',
      'XZ2025-1,mayor_mailbox,,inquiry,,2025-01-02,,,,编号与第 2 行相同,',
    ].join('\n');
    expect(await refusal(t.db, csv)).toEqual([
      'line 2: reference “XZ2025-1”格式不对：应为前缀 + 年份 + “-” + 6 位序号，例如 XZ2024-000123；' +
        'category 应为 inquiry、suggestion、help、complaint、report、other 或 咨询、建议、求助、投诉、举报、其他 之一，而不是“意见”；' +
        '来信不填 applicant_type（申请人类型只用于政府信息公开申请）；来信不填 outcome（答复结果代码只用于政府信息公开申请）；' +
        'due_on 2024-12-31 早于 received_on 2025-01-02；subject 必填',
      'line 3: 政府信息公开申请不填 category（来信类别只用于来信）；' +
        'applicant_type 应为 natural_person、business、research、public_interest、legal_service、other_org 之一，而不是“person”；' +
        'received_on 必填；outcome “unknown”不是答复结果代码（见 GLOSSARY 的 21 个代码，例如 granted、partial、unavailable.not_held）',
      'line 4: received_on 2026-03-03 晚于今天（2026-03-02）；subject 不能超过 200 字（现有 201 字）',
      'line 5: 未办结（closed_on 为空）的申请不填 outcome',
      'line 6: 应有 11 列，实有 9 列',
      // A repeated reference is named even where its first line has other faults.
      'line 7: reference “XZ2025-1”格式不对：应为前缀 + 年份 + “-” + 6 位序号，例如 XZ2024-000123；reference XZ2025-1 与第 2 行重复',
    ]);
    expect(await countCases(t.db)).toBe(0);
  });

  it('refuses a wrong header with one clear error', async () => {
    expect(await refusal(t.db, fixture('wrong-header.csv'))).toEqual([
      `line 1: 表头应为“${HEADER}”，实为“编号,渠道,承办单位,类别,申请人类型,收到日期,期限,办结日期,结果,标题,内容”`,
    ]);
    expect(await refusal(t.db, '')).toEqual([`line 1: 文件是空的：第一行应为表头“${HEADER}”`]);
  });

  it('names the line where a quote is left open, and a file saved as GBK', async () => {
    const unclosed = [HEADER, ',mayor_mailbox,,inquiry,,2025-01-02,,,,标题,正文', ',mayor_mailbox,,inquiry,,2025-01-02,,,,标题,"没有闭合', '下一行'].join('\r\n');
    expect(await refusal(t.db, unclosed)).toEqual(['line 3: CSV 格式错误：从这一行开始的引号没有闭合']);

    // 咨询 in GBK is D7 C9 D1 AF: not UTF-8.
    const gbk = Buffer.concat([Buffer.from(`${HEADER}\n,mayor_mailbox,,`), Buffer.from([0xd7, 0xc9, 0xd1, 0xaf]), Buffer.from(',,2025-01-02,,,,t,\n')]);
    expect(await refusal(t.db, gbk)).toEqual([
      'line 2: 文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入',
    ]);
    expect(await countCases(t.db)).toBe(0);
  });

  it('asks for due_on where an open case lies before the working-day calendar', async () => {
    const open2003 = ',mayor_mailbox,,inquiry,,2003-06-02,,,,二〇〇三年的来信,';
    expect(await refusal(t.db, [HEADER, open2003].join('\n'))).toEqual([
      'line 2: due_on 为空，且工作日历中没有2003年的节假日安排，无法计算办理期限：请填写 due_on',
    ]);
    expect(await importFile(t.db, [HEADER, ',mayor_mailbox,,inquiry,,2003-06-02,2003-06-09,,,二〇〇三年的来信,'].join('\n'))).toBe(1);
    expect(await caseByReference(t.db, 'XZ2003-000001')).toMatchObject({ status: 'assigned', due_on: '2003-06-09' });
  });

  it('refuses an open case for a department that no longer works, but keeps closed history of it', async () => {
    await t.db.updateTable('departments').set({ active: 0 }).where('short_name', '=', '水利局').execute();
    const csv = [
      HEADER,
      ',mayor_mailbox,水利局,inquiry,,2025-01-02,,2025-01-06,,已办结的来信,',
      ',mayor_mailbox,水利局,inquiry,,2025-01-02,,,,仍在办理的来信,',
    ].join('\n');
    expect(await refusal(t.db, csv)).toEqual(['line 3: 承办单位“区水利局”已停用，未办结的案件不能交给它']);
    expect(await importFile(t.db, [HEADER, ',mayor_mailbox,水利局,inquiry,,2025-01-02,,2025-01-06,,已办结的来信,'].join('\n'))).toBe(1);
  });
});

describe('npm run portal -- import FILE (the CLI, as a child process)', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.destroy();
  });

  function runImport(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', 'import', file],
        { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' }, timeout: 30_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('imports a good file and prints how many rows', async () => {
    const run = await runImport(join(FIXTURES, 'mixed-channels.csv'));
    expect(run).toMatchObject({ code: 0, stdout: 'imported 8 rows\n' });
    expect(await countCases(database.db)).toBe(8);
    expect(await caseByReference(database.db, 'YSQ2025-000121')).toMatchObject({ status: 'assigned', due_on: '2025-10-29' });
  });

  it('prints line N: reason for every bad row, exits 1 and imports nothing', async () => {
    const run = await runImport(join(FIXTURES, 'bad-rows.csv'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('line ')).map((l) => Number(/^line (\d+): /.exec(l)?.[1]))).toEqual([3, 4, 5, 6, 7, 8, 13, 14]);
    expect(lines).toContain('line 13: reference XZ2025-000005 与第 9 行重复');
    expect(lines.at(-1)).toBe('导入失败：8 行有误，未导入任何数据。');
    expect(await countCases(database.db)).toBe(0);
  });

  it('refuses a wrong header', async () => {
    const header = await runImport(join(FIXTURES, 'wrong-header.csv'));
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(/^line 1: 表头应为“reference,channel,/);
    expect(await countCases(database.db)).toBe(0);
  });

  it('says so when the file cannot be read', async () => {
    const missing = await runImport(join(FIXTURES, 'no-such-file.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('错误：无法读取文件');
    expect(await countCases(database.db)).toBe(0);
  });
});
