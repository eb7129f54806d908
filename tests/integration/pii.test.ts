// 个人信息保护: identity and phone numbers are masked in lists, exports and mails, shown whole only on
// the case page to staff who may see the case, and never written to the log.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createApp } from '../../src/app.ts';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { departmentId, DISCLOSURE_PERSON, fileDisclosure, fileMayorLetter, LETTER, type FiledCase } from '../helpers/cases.ts';
import { byId, textOf } from '../helpers/html.ts';
import { ORG_APPLICATION } from '../helpers/intake.ts';
import { loginAs, type TestStaff } from '../helpers/staff.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const LETTER_PHONE = LETTER.phone; // 13812345678
const PERSON_PHONE = DISCLOSURE_PERSON.phone; // 13912345678
const RESIDENT_ID = DISCLOSURE_PERSON.id_number; // 11010519491231002X
const ORG_PHONE = '0513-87654321';

/** Every whole number a list, an export or a mail must not show, in the forms it could take. */
const WHOLE = [LETTER_PHONE, PERSON_PHONE, RESIDENT_ID, RESIDENT_ID.toLowerCase(), ORG_PHONE, ORG_PHONE.replace('-', '')];

function expectNoWholeNumbers(text: string, where: string) {
  for (const whole of WHOLE) expect(text.includes(whole), `${where} shows ${whole}`).toBe(false);
}

describe('lists, exports, mails and the case page', () => {
  let t: TestApp;
  let admin: TestStaff;
  let clerk: TestStaff;
  let otherClerk: TestStaff;
  let letter: FiledCase;
  let person: FiledCase;
  let org: FiledCase;
  let waiting: FiledCase;

  const get = async (path: string, who: TestStaff) => {
    const res = await t.app.request(path, { headers: { cookie: who.cookie } });
    return { status: res.status, body: await res.text() };
  };
  const act = async (path: string, who: TestStaff, values: Record<string, string> = {}) => {
    const res = await postForm(t, path, values, { cookie: who.cookie });
    expect(res.status, `${path}: ${res.status === 303 ? '' : await res.clone().text()}`).toBe(303);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAs(t, 'office_admin');
    clerk = await loginAs(t, 'dept_staff', '教育局');
    otherClerk = await loginAs(t, 'dept_staff', '卫健委');
    letter = await fileMayorLetter(t);
    person = await fileDisclosure(t);
    org = await fileDisclosure(t, { ...ORG_APPLICATION, phone: ORG_PHONE, email: 'org@example.com', delivery_method: 'email', delivery_form: 'electronic' });
    waiting = await fileMayorLetter(t, { subject: '仍在等待受理的来信' });
  });

  afterAll(async () => {
    await t.destroy();
  });

  it('the office intake list shows the applicant by name only', async () => {
    const page = await get('/office/intake', admin);
    expect(page.status).toBe(200);
    for (const c of [letter, person, org, waiting]) expect(page.body).toContain(c.reference);
    expect(textOf(page.body)).toContain(LETTER.name);
    expectNoWholeNumbers(page.body, '/office/intake');
  });

  it('the work queue and its CSV export show phones masked (138****5678), never whole, for the clerk and the office', async () => {
    const edu = String(await departmentId(t, '教育局'));
    for (const c of [letter, person, org]) await act(`/cases/${c.id}/dispatch`, admin, { department_id: edu });

    for (const who of [clerk, admin]) {
      const queue = await get('/queue', who);
      expect(queue.status).toBe(200);
      const text = textOf(queue.body);
      expect(text).toContain('138****5678');
      expect(text).toContain('139****5678');
      expectNoWholeNumbers(queue.body, '/queue');

      const csv = await get('/queue/export.csv', who);
      expect(csv.status).toBe(200);
      for (const c of [letter, person, org]) expect(csv.body).toContain(c.reference);
      expect(csv.body).toContain('138****5678');
      expectNoWholeNumbers(csv.body, '/queue/export.csv');
    }
  });

  it('the review and extension lists show no phone or id number', async () => {
    await act(`/cases/${letter.id}/save-draft`, clerk, { reply_text: '经核实，路面将于本月内修复。' });
    await act(`/cases/${letter.id}/submit-for-review`, clerk);
    await act(`/cases/${org.id}/request-extension`, clerk, { days: '10', reason: '需向多个科室调取资料' });

    const review = await get('/office/review', admin);
    expect(review.body).toContain(letter.reference);
    expectNoWholeNumbers(review.body, '/office/review');
    const extensions = await get('/office/extensions', admin);
    expect(extensions.body).toContain(org.reference);
    expectNoWholeNumbers(extensions.body, '/office/extensions');
  });

  it('the case page shows the whole numbers to staff who may see the case, and nothing to a clerk of another department', async () => {
    for (const who of [admin, clerk]) {
      const letterPage = textOf((await get(`/cases/${letter.id}`, who)).body);
      expect(letterPage).toContain(LETTER_PHONE);
      const personPage = textOf((await get(`/cases/${person.id}`, who)).body);
      expect(personPage).toContain(RESIDENT_ID);
      expect(personPage).toContain(PERSON_PHONE);
      expect(textOf((await get(`/cases/${org.id}`, who)).body)).toContain(ORG_PHONE);
    }
    for (const c of [letter, person, org]) {
      const refused = await get(`/cases/${c.id}`, otherClerk);
      expect(refused.status).toBe(404);
      expectNoWholeNumbers(refused.body, `/cases/${c.id} for another department`);
    }
  });

  it("the citizen's own status page does not repeat the numbers either", async () => {
    const res = await postForm(t, '/lookup', { reference: person.reference, code: person.queryCode });
    expect(res.status).toBe(200);
    expectNoWholeNumbers(await res.text(), 'lookup');
  });

  it('no mail carries a phone or id number: receipts greet by name, notices and staff mails carry neither', async () => {
    await act(`/office/review/${letter.id}/approve`, admin);
    await act(`/cases/${person.id}/request-supplement`, clerk, { missing: '请写明所需信息的年份范围。' });

    const mails = await t.db.selectFrom('outbox').select(['kind', 'to_address', 'subject', 'text_body', 'case_id']).orderBy('id').execute();
    const kinds = mails.map((m) => m.kind);
    // Receipts of the four submissions, registration notices, the reply and the 补正 request.
    expect(kinds.filter((k) => k === 'receipt')).toHaveLength(4);
    expect(kinds).toEqual(expect.arrayContaining(['applicant_confirm', 'applicant_approve', 'applicant_request_supplement']));
    for (const m of mails) expectNoWholeNumbers(`${m.subject}\n${m.text_body}`, `mail ${m.kind} to ${m.to_address}`);

    const receipt = mails.find((m) => m.kind === 'receipt' && m.case_id === person.id)!;
    expect(receipt.text_body.startsWith(`${DISCLOSURE_PERSON.name}：`)).toBe(true);
    expect(receipt.text_body).toContain(person.reference);
  });
});

describe('the log', () => {
  let database: TestDatabase;
  let lines: string[];
  let app: ReturnType<typeof createApp>;

  /** A stream that keeps what pino writes, one JSON line per entry. */
  function capture() {
    lines = [];
    return new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, DATA_DIR: database.dir });
    app = createApp({
      db: database.db,
      dbKind: database.kind,
      config,
      clock: { now: () => new Date('2026-03-02T02:00:00Z') },
      logger: createLogger('info', capture()),
      calendar: createCalendarSource(database.db),
    });
    // A database that refuses the row and quotes its values in the error, as constraint errors do
    // (PostgreSQL: "Key (phone)=(…) already exists"): the submission fails with a 500 that is logged.
    if (database.kind === 'sqlite') {
      await sql`CREATE TRIGGER refuse_case BEFORE INSERT ON cases BEGIN
        SELECT RAISE(ABORT, 'refused row: ' || NEW.phone || ' ' || coalesce(NEW.id_number, '') || ' ' || coalesce(NEW.email, ''));
      END`.execute(database.db);
    } else {
      await sql`CREATE FUNCTION refuse_case() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused row: % % %', NEW.phone, NEW.id_number, NEW.email; END $$`.execute(database.db);
      await sql`CREATE TRIGGER refuse_case BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_case()`.execute(database.db);
    }
  });

  afterAll(async () => {
    await database.destroy();
  });

  it('a failed submission is logged with its error, but the phone, id number and mail address in it are masked', async () => {
    const res = await postForm({ app }, '/disclosure', { ...DISCLOSURE_PERSON, phone: '139 1234 5678' });
    expect(res.status).toBe(500);
    expect(textOf(byId(await res.text(), 'main')!.inner)).toContain('系统出错了');

    const failed = lines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string; stack: string } }).find((e) => e.msg === 'request failed');
    expect(failed, lines.join('\n')).toBeDefined();
    expect(failed!.level).toBe(50);
    // The error is there to debug with, its personal data masked.
    expect(failed!.err!.message).toContain('refused row: 139****5678 110***********002X');
    expect(failed!.err!.stack).toContain('139****5678');
    const all = lines.join('\n');
    expectNoWholeNumbers(all, 'log');
    expect(all).not.toContain(DISCLOSURE_PERSON.email);
  });

  it('structured fields that hold personal data are censored wherever they sit, and numbers in free text are masked', () => {
    const logger = createLogger('info', capture());
    logger.warn(
      { phone: LETTER_PHONE, values: { id_number: RESIDENT_ID, email: 'a@example.com' }, mail: { to: 'b@example.com' }, req: { headers: { cookie: 'sid=secret' } } },
      `mail to zhangsan@example.com about 138-1234-5678 not sent (id ${RESIDENT_ID.toLowerCase()})`,
    );
    const entry = JSON.parse(lines[0]!) as Record<string, unknown> & { values: Record<string, string>; mail: Record<string, string>; req: { headers: Record<string, string> } };
    expect(entry.phone).toBe('[Redacted]');
    expect(entry.values.id_number).toBe('[Redacted]');
    expect(entry.values.email).toBe('[Redacted]');
    expect(entry.mail.to).toBe('[Redacted]');
    expect(entry.req.headers.cookie).toBe('[Redacted]');
    expect(entry.msg).toBe('mail to [邮箱已隐藏] about 138****5678 not sent (id 110***********002x)');
  });
});
