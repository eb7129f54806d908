// Attachments: a citizen's files with a letter or an application, a department's with its reply.
// Judged by their content, stored outside static/ under random names with the case (or not at all),
// and handed out only to the case's staff, the office and the citizen holding the query code.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepUnfinishedFiles } from '../../src/attachments/service.ts';
import { findCaseByReference } from '../../src/cases/queries.ts';
import { departmentId, DISCLOSURE_PERSON, LETTER } from '../helpers/cases.ts';
import { allElements, byId, describedText, formValue, textOf } from '../helpers/html.ts';
import { loginAs, type TestStaff } from '../helpers/staff.ts';
import { cookiesFrom, postForm, type TestApp, createTestApp } from '../helpers/test-app.ts';
import { compoundFileBytes, docxBytes, HTML, JPEG, pdfBytes, PNG, postMultipart, xlsxBytes, type Sample } from '../fixtures/attachments/samples.ts';

let t: TestApp;
let education: number;
let clerk: TestStaff;
let otherClerk: TestStaff;
let office: TestStaff;

beforeEach(async () => {
  t = await createTestApp();
  education = await departmentId(t, '教育局');
  clerk = await loginAs(t, 'dept_staff', '教育局');
  otherClerk = await loginAs(t, 'dept_staff', '卫健委');
  office = await loginAs(t, 'office_admin');
});

afterEach(async () => {
  await t.destroy();
});

const PDF: Sample = { name: '现场照片说明.pdf', bytes: pdfBytes('Road damage'), type: 'application/pdf' };
const PNG_FILE: Sample = { name: 'photo.png', bytes: PNG, type: 'image/png' };

const attachmentsDir = () => join(t.config.dataDir, 'attachments');
const filesOnDisk = () => (existsSync(attachmentsDir()) ? readdirSync(attachmentsDir()).sort() : []);
const rows = () => t.db.withTables<{ attachments: Record<string, unknown> & { id: number } }>().selectFrom('attachments').selectAll().orderBy('id').execute();
const countCases = async () => Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const mainText = (html: string) => textOf(byId(html, 'main')!.inner);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Files a 部门信箱 letter to 教育局 with the files; answers the case as the receipt cookie names it. */
async function fileLetterWith(files: Sample[], values: Record<string, string> = {}) {
  const res = await postMultipart(t, '/letters/department', { ...LETTER, department_id: String(education), ...values }, files);
  expect(res.status, await res.clone().text()).toBe(303);
  const [reference, queryCode] = decodeURIComponent(cookiesFrom(res).replace(/^receipt=/, '')).split(':');
  const row = await findCaseByReference(t.db, reference!);
  return { id: row!.id, reference: reference!, queryCode: queryCode! };
}

/** The download links of a page section, as [text, href]. */
function links(html: string, sectionId: string): Array<[string, string]> {
  const section = byId(html, sectionId);
  if (!section) return [];
  return allElements(section.inner)
    .filter((e) => e.tag === 'a' && /\/attachments\/\d+$/.test(e.attrs.get('href') ?? ''))
    .map((e) => [textOf(e.inner), e.attrs.get('href')!]);
}

async function lookupCookie(reference: string, code: string): Promise<string> {
  const res = await postForm(t, '/lookup', { reference, code });
  expect(res.status).toBe(200);
  return cookiesFrom(res);
}

const get = (path: string, cookie?: string) => t.app.request(path, { headers: cookie ? { cookie } : {} });

describe('a letter with a PDF and a PNG', () => {
  it('stores both outside static/ under random names, with the case, in one go', async () => {
    const letter = await fileLetterWith([PDF, PNG_FILE]);
    const stored = await rows();
    expect(stored).toHaveLength(2);
    expect(stored.map((r) => ({ case_id: r.case_id, kind: r.kind, original_name: r.original_name, content_type: r.content_type, size_bytes: Number(r.size_bytes), uploaded_by_user_id: r.uploaded_by_user_id }))).toEqual([
      { case_id: letter.id, kind: 'applicant', original_name: '现场照片说明.pdf', content_type: 'application/pdf', size_bytes: PDF.bytes.length, uploaded_by_user_id: null },
      { case_id: letter.id, kind: 'applicant', original_name: 'photo.png', content_type: 'image/png', size_bytes: PNG.length, uploaded_by_user_id: null },
    ]);
    expect(stored.map((r) => r.sha256)).toEqual([sha256(PDF.bytes), sha256(PNG)]);
    // On disk: exactly the two stored names (32 hex digits, no temporary .part left), holding the bytes.
    expect(filesOnDisk()).toEqual(stored.map((r) => String(r.stored_name)).sort());
    for (const name of filesOnDisk()) expect(name).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(join(attachmentsDir(), String(stored[0]!.stored_name)))).toEqual(Buffer.from(PDF.bytes));
    expect(attachmentsDir().startsWith(t.config.dataDir)).toBe(true);
  });

  it('the case page of the right clerk lists them, and each downloads with its exact bytes and safe headers', async () => {
    const letter = await fileLetterWith([PDF, PNG_FILE]);
    const page = await get(`/cases/${letter.id}`, clerk.cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(mainText(html)).toContain('申请人提交的附件');
    const listed = links(html, 'main');
    expect(listed.map(([text]) => text)).toEqual(['现场照片说明.pdf', 'photo.png']);
    const [[, pdfUrl], [, pngUrl]] = listed as [[string, string], [string, string]];
    expect(pdfUrl).toMatch(new RegExp(`^/cases/${letter.id}/attachments/\\d+$`));

    const pdf = await get(pdfUrl, clerk.cookie);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer())).toEqual(Buffer.from(PDF.bytes));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(
      `attachment; filename="______.pdf"; filename*=UTF-8''${encodeURIComponent('现场照片说明.pdf')}`,
    );
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    expect(pdf.headers.get('cache-control')).toBe('private, no-store');

    const png = await get(pngUrl, office.cookie);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(PNG);
  });

  it("another department's clerk gets 404 for the page and the file; nobody logged in goes to the login page", async () => {
    const letter = await fileLetterWith([PDF]);
    const [row] = await rows();
    const url = `/cases/${letter.id}/attachments/${row!.id}`;
    const foreign = await get(url, otherClerk.cookie);
    expect(foreign.status).toBe(404);
    const body = await foreign.text();
    expect(mainText(body)).toContain('未找到');
    expect(body).not.toContain('%PDF');
    expect((await get(`/cases/${letter.id}`, otherClerk.cookie)).status).toBe(404);
    const anonymous = await get(url);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/staff\/login\?next=/);

    // A file is reached only through its own case: another case's URL does not lead to it.
    const other = await fileLetterWith([]);
    expect((await get(`/cases/${other.id}/attachments/${row!.id}`, clerk.cookie)).status).toBe(404);
  });

  it('the citizen with the query code sees and downloads their files; without it, back to the lookup', async () => {
    const letter = await fileLetterWith([PDF, PNG_FILE]);
    const other = await fileLetterWith([PNG_FILE]);
    const lookup = await postForm(t, '/lookup', { reference: letter.reference, code: letter.queryCode });
    const html = await lookup.text();
    expect(mainText(html)).toContain('您提交的附件');
    const listed = links(html, 'main');
    expect(listed.map(([text]) => text)).toEqual(['现场照片说明.pdf', 'photo.png']);
    const cookie = cookiesFrom(lookup);

    const pdf = await get(listed[0]![1], cookie);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer())).toEqual(Buffer.from(PDF.bytes));
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');

    const without = await get(listed[0]![1]);
    expect(without.status).toBe(303);
    expect(without.headers.get('location')).toBe('/lookup');
    // Another case's file, with this case's cookie: it does not exist for them.
    const [otherRow] = (await rows()).filter((r) => r.case_id === other.id);
    const foreign = await get(`/lookup/attachments/${otherRow!.id}`, cookie);
    expect(foreign.status).toBe(404);
    expect(mainText(await foreign.text())).toContain('未找到该附件');
  });

  it('a write that fails after the files reached the disk leaves neither the case nor a file', async () => {
    // The rows cannot be written: the whole transaction, the case with it, is rolled back.
    await t.db.schema.dropTable('attachments').execute();
    const res = await postMultipart(t, '/letters/department', { ...LETTER, department_id: String(education) }, [PDF, PNG_FILE]);
    expect(res.status).toBe(500);
    expect(mainText(await res.text())).toContain('系统出错了');
    expect(await countCases()).toBe(0);
    expect(filesOnDisk()).toEqual([]);
  });

  it('a file a crash left under its temporary name after the commit is finished on its first download', async () => {
    const letter = await fileLetterWith([PDF]);
    const [row] = await rows();
    const path = join(attachmentsDir(), String(row!.stored_name));
    renameSync(path, `${path}.part`);
    const res = await get(`/cases/${letter.id}/attachments/${row!.id}`, clerk.cookie);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(PDF.bytes));
    expect(filesOnDisk()).toEqual([row!.stored_name]);
  });

  it('the hourly sweep finishes a committed file left under its temporary name, deletes an orphan, and spares a fresh upload', async () => {
    await fileLetterWith([PDF, PNG_FILE]);
    const [committed, later] = await rows();
    const committedPath = join(attachmentsDir(), String(committed!.stored_name));
    renameSync(committedPath, `${committedPath}.part`);
    // Staged by an upload whose transaction never committed (a crash), and one still in progress.
    const orphan = join(attachmentsDir(), 'a'.repeat(32));
    const inProgress = join(attachmentsDir(), 'b'.repeat(32));
    writeFileSync(`${orphan}.part`, 'half a file');
    writeFileSync(`${inProgress}.part`, 'being written');
    const now = new Date();
    const twoHoursAgo = new Date(now.getTime() - 2 * 60 * 60_000);
    for (const path of [`${committedPath}.part`, `${orphan}.part`]) utimesSync(path, twoHoursAgo, twoHoursAgo);

    expect(await sweepUnfinishedFiles(t.db, t.config.dataDir, now)).toEqual({ finished: 1, removed: 1 });
    expect(filesOnDisk()).toEqual([String(committed!.stored_name), String(later!.stored_name), `${'b'.repeat(32)}.part`].sort());
    expect(readFileSync(committedPath)).toEqual(Buffer.from(PDF.bytes));
    expect(await sweepUnfinishedFiles(t.db, t.config.dataDir, now)).toEqual({ finished: 0, removed: 0 });
  });

  it('a form whose file field was left empty files the letter without attachments', async () => {
    await fileLetterWith([]);
    expect(await rows()).toEqual([]);
    expect(filesOnDisk()).toEqual([]);
  });
});

describe('refused files: a message beside the file field, the rest of the form kept, nothing stored', () => {
  async function refused(files: Sample[], opts: { htmx?: boolean } = {}) {
    const res = await postMultipart(t, '/letters/department', { ...LETTER, department_id: String(education) }, files, opts);
    expect(res.status).toBe(422);
    const html = await res.text();
    const input = allElements(html).find((e) => e.tag === 'input' && e.attrs.get('type') === 'file')!;
    expect(input.attrs.get('aria-invalid')).toBe('true');
    // Every typed value is back; a file input cannot be filled in again, and the message says so.
    for (const name of ['name', 'phone', 'email', 'subject', 'content', 'category']) expect(formValue(html, name), name).toBe((LETTER as Record<string, string>)[name]);
    expect(formValue(html, 'department_id')).toBe(String(education));
    expect(await countCases()).toBe(0);
    expect(await rows()).toEqual([]);
    expect(filesOnDisk()).toEqual([]);
    return { html, message: describedText(html, input) };
  }

  it('six files → 422', async () => {
    const { html, message } = await refused(Array.from({ length: 6 }, (_, i) => ({ name: `第${i + 1}页.png`, bytes: PNG })));
    expect(message).toContain('最多可上传5个附件，您选择了6个。请重新选择附件。');
    expect(textOf(byId(html, 'error-summary')!.inner)).toContain('最多可上传5个附件');
  });

  it('a file of 11 MB → 422, naming the file and the limit', async () => {
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(pdfBytes());
    const { message } = await refused([PDF, { name: '扫描件.pdf', bytes: big }]);
    expect(message).toContain('附件“扫描件.pdf”有11 MB，超过了每个附件10 MB的上限。请重新选择附件。');
  });

  it('a web page named x.pdf, or a program, → 422 as the wrong kind of file', async () => {
    const { message } = await refused([{ name: 'x.pdf', bytes: HTML, type: 'application/pdf' }]);
    expect(message).toContain('附件“x.pdf”不是可接受的文件格式（只接受PDF、JPG、PNG、Word（DOC、DOCX）和Excel（XLS、XLSX）文件）');
    const exe = new Uint8Array(512);
    exe.set([0x4d, 0x5a]);
    expect((await refused([{ name: 'setup.jpg', bytes: exe }])).message).toContain('附件“setup.jpg”不是可接受的文件格式');
    // An old-Office compound file counts as Word or Excel only under such a name.
    expect((await refused([{ name: '申请书.pdf', bytes: compoundFileBytes() }])).message).toContain('附件“申请书.pdf”不是可接受的文件格式');
  });

  it('with htmx the 422 answer is the form alone, still with the message and the values', async () => {
    const { html, message } = await refused([{ name: 'x.pdf', bytes: HTML }], { htmx: true });
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<form/);
    expect(message).toContain('请重新选择附件');
  });

  it('files that were fine but came back with another error must be chosen again, and the field says so', async () => {
    const res = await postMultipart(t, '/letters/department', { ...LETTER, department_id: String(education), phone: '123' }, [PDF, PNG_FILE]);
    expect(res.status).toBe(422);
    const html = await res.text();
    const input = allElements(html).find((e) => e.tag === 'input' && e.attrs.get('type') === 'file')!;
    expect(describedText(html, input)).toContain('您选择的2个附件尚未提交：浏览器不会保留已选择的文件，请重新选择附件。');
    expect(formValue(html, 'subject')).toBe(LETTER.subject);
    expect(await countCases()).toBe(0);
    expect(filesOnDisk()).toEqual([]);
  });

  it('past the upload limit of the route (5 × 10 MB and the form) → 413 with a Chinese page, nothing stored', async () => {
    const huge = new Uint8Array(52 * 1024 * 1024);
    const res = await postMultipart(t, '/letters/department', { ...LETTER, department_id: String(education) }, [{ name: 'huge.pdf', bytes: huge }]);
    expect(res.status).toBe(413);
    const text = mainText(await res.text());
    expect(text).toContain('附件过大');
    expect(text).toContain('最多5个附件，每个不超过10 MB');
    expect(await countCases()).toBe(0);
    expect(filesOnDisk()).toEqual([]);
  });

  it('the larger limit is for the forms that take files only: elsewhere a multipart post keeps the 64 KB limit', async () => {
    const res = await postMultipart(t, '/lookup', { reference: 'X', code: 'Y' }, [{ name: 'a.pdf', bytes: new Uint8Array(100 * 1024) }]);
    expect(res.status).toBe(413);
    expect(mainText(await res.text())).toContain('提交的内容过大');
  });
});

describe('every accepted kind', () => {
  it('a disclosure application with a DOCX, an XLSX, a JPEG and an old Word file: stored with the type of their content', async () => {
    const files: Sample[] = [
      { name: '授权委托书.docx', bytes: await docxBytes() },
      { name: '清单.xlsx', bytes: await xlsxBytes() },
      { name: '身份证.jpeg', bytes: JPEG },
      { name: '旧申请书.doc', bytes: compoundFileBytes() },
      // The name says PNG, the content is a PDF: kept as a PDF, and named so.
      { name: '扫描件.png', bytes: pdfBytes() },
    ];
    const res = await postMultipart(t, '/disclosure', DISCLOSURE_PERSON, files);
    expect(res.status).toBe(303);
    expect((await rows()).map((r) => [r.original_name, r.content_type])).toEqual([
      ['授权委托书.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['清单.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['身份证.jpeg', 'image/jpeg'],
      ['旧申请书.doc', 'application/msword'],
      ['扫描件.png.pdf', 'application/pdf'],
    ]);
    expect(filesOnDisk()).toHaveLength(5);
  });

  it('the forms still take urlencoded posts, and say what may be attached', async () => {
    const res = await postForm(t, '/disclosure', DISCLOSURE_PERSON);
    expect(res.status).toBe(303);
    expect(await rows()).toEqual([]);
    const html = await (await get('/letters/mayor')).text();
    const form = byId(html, 'letter-form')!;
    expect(form.attrs.get('enctype')).toBe('multipart/form-data');
    expect(form.attrs.get('hx-encoding')).toBe('multipart/form-data');
    const input = allElements(html).find((e) => e.tag === 'input' && e.attrs.get('type') === 'file')!;
    expect(input.attrs.get('name')).toBe('attachments');
    expect(input.attrs.has('multiple')).toBe(true);
    expect(textOf(allElements(html).find((e) => e.tag === 'label' && e.attrs.get('for') === input.attrs.get('id'))!.inner)).toBe('附件 （选填）');
    expect(describedText(html, input)).toBe('最多5个，每个不超过10 MB，可上传PDF、JPG、PNG、Word（DOC、DOCX）和Excel（XLS、XLSX）文件。');
  });
});

describe("the reply's attachments", () => {
  async function assignedLetter() {
    const letter = await fileLetterWith([PDF]);
    const res = await postForm(t, `/cases/${letter.id}/confirm`, { received_on: '2026-03-02' }, { cookie: clerk.cookie });
    expect(res.status).toBe(303);
    return letter;
  }

  const replyRows = async () => (await rows()).filter((r) => r.kind === 'reply');

  it('the citizen sees them only once the office has approved the reply', async () => {
    const letter = await assignedLetter();
    const reply: Sample = { name: '处理结果通知.pdf', bytes: pdfBytes('Repaired') };
    const upload = await postMultipart(t, `/cases/${letter.id}/attachments`, {}, [reply], { cookie: clerk.cookie });
    expect(upload.status).toBe(303);
    expect(upload.headers.get('location')).toBe(`/cases/${letter.id}#reply-attachments`);
    const [row] = await replyRows();
    expect(row).toMatchObject({ original_name: '处理结果通知.pdf', uploaded_by_user_id: clerk.id, content_type: 'application/pdf' });

    const staffPage = await (await get(`/cases/${letter.id}`, clerk.cookie)).text();
    expect(links(staffPage, 'reply-attachments').map(([text]) => text)).toEqual(['处理结果通知.pdf']);
    expect(textOf(byId(staffPage, 'reply-attachments')!.inner)).toContain('审核通过后，申请人才能查看和下载');
    // The upload is on the case's timeline for staff, not for the citizen.
    expect(mainText(staffPage)).toContain('添加答复附件：处理结果通知.pdf');

    // Before approval: not listed for the citizen, and not downloadable even by its URL.
    const cookie = await lookupCookie(letter.reference, letter.queryCode);
    const replyUrl = `/lookup/attachments/${row!.id}`;
    const before = await (await get('/lookup/case', cookie)).text();
    expect(mainText(before)).not.toContain('处理结果通知.pdf');
    expect(mainText(before)).not.toContain('添加答复附件');
    expect(mainText(before)).toContain('现场照片说明.pdf');
    expect((await get(replyUrl, cookie)).status).toBe(404);

    expect((await postForm(t, `/cases/${letter.id}/save-draft`, { reply_text: '路面已于3月5日修复。' }, { cookie: clerk.cookie })).status).toBe(303);
    expect((await postForm(t, `/cases/${letter.id}/submit-for-review`, {}, { cookie: clerk.cookie })).status).toBe(303);
    // In review the draft is frozen, and its files with it.
    const late = await postMultipart(t, `/cases/${letter.id}/attachments`, {}, [PNG_FILE], { cookie: clerk.cookie });
    expect(late.status).toBe(409);
    expect(mainText(await late.text())).toContain('答复附件只能在答复提交审核之前添加或删除');
    expect((await get(replyUrl, cookie)).status).toBe(404);

    expect((await postForm(t, `/cases/${letter.id}/approve`, {}, { cookie: office.cookie })).status).toBe(303);
    const after = await (await get('/lookup/case', cookie)).text();
    expect(links(after, 'main').map(([text]) => text)).toEqual(['处理结果通知.pdf', '现场照片说明.pdf']);
    expect(mainText(after)).toContain('答复附件');
    const download = await get(replyUrl, cookie);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(reply.bytes));
    expect(await replyRows()).toHaveLength(1);
  });

  it('a refused upload comes back on the case page with the message beside the file field; another department cannot upload', async () => {
    const letter = await assignedLetter();
    const bad = await postMultipart(t, `/cases/${letter.id}/attachments`, {}, [{ name: '通知.pdf', bytes: HTML }], { cookie: clerk.cookie });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    const input = allElements(byId(html, 'reply-attachments')!.inner).find((e) => e.tag === 'input' && e.attrs.get('type') === 'file')!;
    expect(describedText(html, input)).toContain('附件“通知.pdf”不是可接受的文件格式');
    expect(textOf(byId(html, 'error-summary')!.inner)).toContain('答复附件未能上传');

    const none = await postMultipart(t, `/cases/${letter.id}/attachments`, {}, [], { cookie: clerk.cookie });
    expect(none.status).toBe(422);
    expect(mainText(await none.text())).toContain('请选择要上传的文件');

    const foreign = await postMultipart(t, `/cases/${letter.id}/attachments`, {}, [PDF], { cookie: otherClerk.cookie });
    expect(foreign.status).toBe(404);
    expect(await replyRows()).toEqual([]);
    expect(filesOnDisk()).toHaveLength(1); // the citizen's PDF only
  });

  it('at most five per reply, counting those already there; a clerk may remove one while drafting', async () => {
    const letter = await assignedLetter();
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `材料${i + 1}.png`, bytes: PNG }));
    expect((await postMultipart(t, `/cases/${letter.id}/attachments`, {}, four, { cookie: clerk.cookie })).status).toBe(303);
    const tooMany = await postMultipart(t, `/cases/${letter.id}/attachments`, {}, [PNG_FILE, PNG_FILE], { cookie: clerk.cookie });
    expect(tooMany.status).toBe(422);
    expect(mainText(await tooMany.text())).toContain('最多可上传5个附件，已有4个，还能上传1个，您选择了2个');
    expect(await replyRows()).toHaveLength(4);

    const [first] = await replyRows();
    const page = await (await get(`/cases/${letter.id}`, clerk.cookie)).text();
    const remove = allElements(byId(page, 'reply-attachments')!.inner).find((e) => e.tag === 'form' && e.attrs.get('action') === `/cases/${letter.id}/attachments/${first!.id}/delete`);
    expect(textOf(remove!.inner)).toBe('删除 附件“材料1.png”');
    // Another department cannot remove it.
    expect((await postForm(t, `/cases/${letter.id}/attachments/${first!.id}/delete`, {}, { cookie: otherClerk.cookie })).status).toBe(404);
    const removed = await postForm(t, `/cases/${letter.id}/attachments/${first!.id}/delete`, {}, { cookie: clerk.cookie });
    expect(removed.status).toBe(303);
    expect((await replyRows()).map((r) => r.original_name)).toEqual(['材料2.png', '材料3.png', '材料4.png']);
    expect(filesOnDisk()).not.toContain(first!.stored_name);
    expect(mainText(await (await get(`/cases/${letter.id}`, clerk.cookie)).text())).toContain('删除答复附件：材料1.png');
    expect(filesOnDisk()).toHaveLength(4);
    // The applicant's own files are never removed this way.
    const [own] = (await rows()).filter((r) => r.kind === 'applicant');
    expect((await postForm(t, `/cases/${letter.id}/attachments/${own!.id}/delete`, {}, { cookie: clerk.cookie })).status).toBe(404);
    expect((await rows()).filter((r) => r.kind === 'applicant')).toHaveLength(1);
  });
});
