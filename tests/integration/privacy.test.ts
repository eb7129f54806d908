// 个人信息保护法: on the applicant's request the office deletes a case's personal data. What
// identifies or reaches the applicant goes; the case, its timeline and every statistic stay.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError, NotFoundError } from '../../src/domain/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { createMailTransport } from '../../src/mail/transport.ts';
import { createMailWorker } from '../../src/mail/worker.ts';
import { erasePersonalData } from '../../src/privacy/service.ts';
import { buildAnnualReport } from '../../src/report/service.ts';
import { departmentId, DISCLOSURE_PERSON, fileDisclosure, type FiledCase } from '../helpers/cases.ts';
import { byId, textOf } from '../helpers/html.ts';
import { CREDIT_CODE, ORG_APPLICATION } from '../helpers/intake.ts';
import { ROOT } from '../helpers/server-process.ts';
import { loginAs, type TestStaff } from '../helpers/staff.ts';
import { cookiesFrom, createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';
import { pdfBytes, PNG, postMultipart } from '../fixtures/attachments/samples.ts';

const PERSONAL = ['applicant_name', 'id_number', 'credit_code', 'legal_representative', 'contact_name', 'phone', 'email', 'address', 'postcode'];

let t: TestApp;
let office: TestStaff;
let person: FiledCase;

beforeEach(async () => {
  t = await createTestApp();
  office = await loginAs(t, 'office_admin');
  person = await fileDisclosure(t);
  // Registered and routed, so the case has dates, a department and a deadline worth keeping.
  const dispatched = await postForm(t, `/cases/${person.id}/dispatch`, { department_id: String(await departmentId(t, '教育局')) }, { cookie: office.cookie });
  expect(dispatched.status).toBe(303);
});

afterEach(async () => {
  await t.destroy();
});

const caseRow = (id: number) => t.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const mailsOf = (id: number) => t.db.selectFrom('outbox').select(['kind', 'to_address']).where('case_id', '=', id).orderBy('id').execute();

function withoutPersonal(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !PERSONAL.includes(k) && k !== 'updated_at'));
}

describe('erasing personal data', () => {
  it('blanks what identifies the applicant and keeps the case, its statistics and its timeline', async () => {
    const before = await caseRow(person.id);
    expect(before).toMatchObject({ applicant_name: DISCLOSURE_PERSON.name, id_number: DISCLOSURE_PERSON.id_number, status: 'assigned' });
    expect(before.received_on).not.toBeNull();
    expect(before.due_on).not.toBeNull();
    expect((await mailsOf(person.id)).map((m) => m.kind)).toContain('receipt');
    const report = await buildAnnualReport(t.db, 2026);
    const otherCase = await fileDisclosure(t, { name: '赵六', email: 'zhaoliu@example.com' });

    t.clock.set('2026-03-02T03:00:00Z');
    const done = await erasePersonalData(t.db, person.id, { userId: office.id, label: '区政府办公室 测试' }, t.clock.now(), t.config.dataDir);
    expect(done.fields).toEqual(PERSONAL);

    const after = await caseRow(person.id);
    expect(after).toMatchObject({
      applicant_name: '',
      id_number: null,
      credit_code: null,
      legal_representative: null,
      contact_name: null,
      phone: '',
      email: null,
      address: null,
      postcode: null,
      updated_at: '2026-03-02T03:00:00.000Z',
    });
    // Channel, type, category, dates, department, deadline, status, text: all as they were.
    expect(withoutPersonal(after)).toEqual(withoutPersonal(before));
    expect(await buildAnnualReport(t.db, 2026)).toEqual(report);

    // The mails to the applicant (they hold the name and the address) are gone; the department's stays.
    expect((await mailsOf(person.id)).map((m) => m.kind)).not.toContain('receipt');
    expect(JSON.stringify(await mailsOf(person.id))).not.toContain(DISCLOSURE_PERSON.email);
    expect(await mailsOf(otherCase.id)).toEqual([{ kind: 'receipt', to_address: 'zhaoliu@example.com' }]);
    expect(await caseRow(otherCase.id)).toMatchObject({ applicant_name: '赵六' });

    const event = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', person.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: 'personal_data_erased', visibility: 'internal', actor_user_id: office.id, actor_label: '区政府办公室 测试' });
    expect(JSON.parse(event.payload)).toMatchObject({ erased: true, fields: PERSONAL });

    // The staff case page shows none of it any more, and says when and by whom it was deleted.
    const page = await t.app.request(`/cases/${person.id}`, { headers: { cookie: office.cookie } });
    expect(page.status).toBe(200);
    const text = textOf(byId(await page.text(), 'main')!.inner);
    for (const value of [DISCLOSURE_PERSON.name, DISCLOSURE_PERSON.id_number, DISCLOSURE_PERSON.phone, DISCLOSURE_PERSON.email, DISCLOSURE_PERSON.address]) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('删除申请人个人信息');
    expect(text).toContain(before.subject);

    // The applicant can still follow the case with the reference and query code.
    const lookup = await postForm(t, '/lookup', { reference: person.reference, code: person.queryCode });
    expect(lookup.status).toBe(200);
    expect(textOf(byId(await lookup.text(), 'main')!.inner)).toContain(person.reference);
  });

  it("deletes the files the applicant attached, rows and bytes; the reply's files stay", async () => {
    const filed = await postMultipart(t, '/disclosure', { ...DISCLOSURE_PERSON, name: '周七' }, [
      { name: '身份证正面.png', bytes: PNG },
      { name: '授权书.pdf', bytes: pdfBytes('Consent') },
    ]);
    expect(filed.status).toBe(303);
    const [reference, code] = decodeURIComponent(cookiesFrom(filed).replace(/^receipt=/, '')).split(':');
    const { id } = await t.db.selectFrom('cases').select('id').where('reference', '=', reference!).executeTakeFirstOrThrow();
    const clerk = await loginAs(t, 'dept_staff', '教育局');
    expect((await postForm(t, `/cases/${id}/dispatch`, { department_id: String(await departmentId(t, '教育局')) }, { cookie: office.cookie })).status).toBe(303);
    expect((await postMultipart(t, `/cases/${id}/attachments`, {}, [{ name: '答复材料.pdf', bytes: pdfBytes('Reply') }], { cookie: clerk.cookie })).status).toBe(303);
    const attachments = () =>
      t.db
        .withTables<{ attachments: { id: number; case_id: number; kind: string; original_name: string; stored_name: string } }>()
        .selectFrom('attachments')
        .select(['kind', 'original_name', 'stored_name'])
        .where('case_id', '=', id)
        .orderBy('id')
        .execute();
    const before = await attachments();
    expect(before.map((a) => a.original_name)).toEqual(['身份证正面.png', '授权书.pdf', '答复材料.pdf']);
    const onDisk = (name: string) => existsSync(join(t.config.dataDir, 'attachments', name));
    expect(before.every((a) => onDisk(a.stored_name))).toBe(true);

    const done = await erasePersonalData(t.db, id, { userId: office.id, label: '区政府办公室 测试' }, t.clock.now(), t.config.dataDir);
    expect(done.deletedAttachments).toBe(2);
    expect((await attachments()).map((a) => [a.kind, a.original_name])).toEqual([['reply', '答复材料.pdf']]);
    expect(before.map((a) => onDisk(a.stored_name))).toEqual([false, false, true]);
    const event = await t.db.selectFrom('case_events').select('payload').where('case_id', '=', id).where('type', '=', 'personal_data_erased').executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({ deletedAttachments: 2 });

    // Neither the staff page nor the applicant's lookup lists them any more.
    const page = textOf(byId(await (await t.app.request(`/cases/${id}`, { headers: { cookie: clerk.cookie } })).text(), 'main')!.inner);
    expect(page).not.toContain('身份证正面.png');
    expect(page).toContain('答复材料.pdf');
    const lookup = await postForm(t, '/lookup', { reference: reference!, code: code! });
    expect(textOf(byId(await lookup.text(), 'main')!.inner)).not.toContain('身份证正面.png');
  });

  it('refuses a second erasure, saying when the first one was made, and an unknown case', async () => {
    await erasePersonalData(t.db, person.id, { userId: office.id, label: '区政府办公室 测试' }, t.clock.now(), t.config.dataDir);
    const second = erasePersonalData(t.db, person.id, { userId: office.id, label: '区政府办公室 测试' }, t.clock.now(), t.config.dataDir);
    await expect(second).rejects.toThrow(DomainError);
    await expect(second).rejects.toThrow('已于2026-03-02 10:00由区政府办公室 测试删除');
    const events = await t.db.selectFrom('case_events').select('id').where('case_id', '=', person.id).where('type', '=', 'personal_data_erased').execute();
    expect(events).toHaveLength(1);
    await expect(erasePersonalData(t.db, 999_999, { userId: null, label: 'x' }, t.clock.now(), t.config.dataDir)).rejects.toThrow(NotFoundError);
  });
});

describe('erase-personal-data REFERENCE', () => {
  function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, DATABASE_URL: t.database.url, DATA_DIR: t.database.dir, LOG_LEVEL: 'silent' };
    return new Promise((done) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  it('erases an organisation’s case from the command line and names what it deleted', { timeout: 60_000 }, async () => {
    const filed = await postMultipart(t, '/disclosure', { ...ORG_APPLICATION, email: 'office@jiancai.example.cn' }, [{ name: '营业执照.pdf', bytes: pdfBytes('Licence') }]);
    expect(filed.status).toBe(303);
    const orgReference = decodeURIComponent(cookiesFrom(filed).replace(/^receipt=/, '')).split(':')[0]!;
    const org = { reference: orgReference, ...(await t.db.selectFrom('cases').select('id').where('reference', '=', orgReference).executeTakeFirstOrThrow()) };
    const attachmentFiles = () => readdirSync(join(t.database.dir, 'attachments'));
    expect(attachmentFiles()).toHaveLength(1);
    expect(await caseRow(org.id)).toMatchObject({ credit_code: CREDIT_CODE, legal_representative: '李四', contact_name: '王五' });
    // Without SMTP_URL the receipts were written as files under DATA_DIR/mail.
    const transport = createMailTransport({ smtpUrl: null, mailFrom: 'noreply@example.gov.cn', dataDir: t.database.dir });
    const worker = createMailWorker({ db: t.db, kind: t.database.kind, transport, clock: t.clock, logger: createLogger('silent'), pollMs: 1000 });
    await worker.runOnce();
    transport.close();
    const receiptIds = async (id: number) =>
      (await t.db.selectFrom('outbox').select('id').where('case_id', '=', id).where('kind', '=', 'receipt').execute()).map((r) => r.id);
    const [orgMail] = await receiptIds(org.id);
    const [personMail] = await receiptIds(person.id);
    const mailFiles = () => readdirSync(join(t.database.dir, 'mail')).map((f) => Number(/^outbox-(\d+)\./.exec(f)![1])).sort((a, b) => a - b);
    expect(mailFiles()).toEqual(expect.arrayContaining([orgMail, personMail]));

    const run = await cli('erase-personal-data', org.reference.toLowerCase());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `已删除 ${org.reference} 的申请人个人信息（${PERSONAL.join('、')}），发给申请人的邮件 1 封（其中邮件文件 1 个），以及申请人提交的附件 1 个。\n`,
    );
    expect(attachmentFiles()).toEqual([]);
    expect(mailFiles()).not.toContain(orgMail);
    expect(mailFiles()).toContain(personMail);
    expect(await caseRow(org.id)).toMatchObject({ applicant_name: '', credit_code: null, legal_representative: null, contact_name: null, address: null, applicant_type: 'business' });
    const event = await t.db.selectFrom('case_events').select(['type', 'actor_label']).where('case_id', '=', org.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toEqual({ type: 'personal_data_erased', actor_label: '系统管理员（命令行）' });
    // Other cases are untouched.
    expect(await caseRow(person.id)).toMatchObject({ applicant_name: DISCLOSURE_PERSON.name });

    const unknown = await cli('erase-personal-data', 'XZ2026-999999');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('未找到编号为 XZ2026-999999 的案件');
  });
});
