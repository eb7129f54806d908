// Case references: unique per channel and year, gapless, never shared by concurrent submissions.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byId, textOf } from '../helpers/html.ts';
import { LETTER, PERSON_APPLICATION, submitAndReadReceipt } from '../helpers/intake.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.destroy();
});

const references = async (channel: string) =>
  (await t.db.selectFrom('cases').select('reference').where('channel', '=', channel).execute()).map((r) => r.reference).sort();

const expected = (prefix: string, n: number, year = 2026) =>
  Array.from({ length: n }, (_, i) => `${prefix}${year}-${String(i + 1).padStart(6, '0')}`);

describe('concurrent submissions', () => {
  it('60 at once across two channels get distinct references, numbered 1..n per channel without a gap', async () => {
    const posts = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? postForm(t, '/disclosure', { ...PERSON_APPLICATION, name: `申请人${i}` })
        : postForm(t, '/letters/mayor', { ...LETTER, name: `来信人${i}` }),
    );
    const responses = await Promise.all(posts);
    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(303));

    // Every citizen was given their own reference in the receipt cookie.
    const given = responses.map((r) => decodeURIComponent(/receipt=([^;]+)/.exec(r.headers.getSetCookie().join(';'))![1]).split(':')[0]);
    expect(new Set(given).size).toBe(60);

    expect(await references('disclosure')).toEqual(expected('YSQ', 20));
    expect(await references('mayor_mailbox')).toEqual(expected('XZ', 40));
    // Each reference belongs to the submission that was told it.
    const rows = await t.db.selectFrom('cases').select(['reference', 'applicant_name']).execute();
    const byName = new Map(rows.map((r) => [r.applicant_name, r.reference]));
    responses.forEach((_, i) => expect(byName.get(i % 3 === 0 ? `申请人${i}` : `来信人${i}`)).toBe(given[i]));
  });
});

/** A trigger that makes every insert into the outbox fail, as a full disk or a lost connection would. */
async function refuseMail(on: boolean) {
  if (t.database.kind === 'postgres') {
    if (on) {
      await sql`CREATE FUNCTION refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`.execute(t.db);
      await sql`CREATE TRIGGER refuse_mail BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_mail()`.execute(t.db);
    } else {
      await sql`DROP TRIGGER refuse_mail ON outbox`.execute(t.db);
      await sql`DROP FUNCTION refuse_mail()`.execute(t.db);
    }
  } else if (on) {
    await sql`CREATE TRIGGER refuse_mail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'refused by test'); END`.execute(t.db);
  } else {
    await sql`DROP TRIGGER refuse_mail`.execute(t.db);
  }
}

describe('numbers that are not used up', () => {
  it('a submission that fails validation consumes no number', async () => {
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2026-000001');
    expect((await postForm(t, '/letters/mayor', { ...LETTER, phone: '12345' })).status).toBe(422);
    expect((await postForm(t, '/disclosure', { ...PERSON_APPLICATION, description: '' })).status).toBe(422);
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2026-000002');
    expect((await submitAndReadReceipt(t, '/disclosure', PERSON_APPLICATION)).reference).toBe('YSQ2026-000001');
  });

  it('a submission that fails while saving is not half-saved and gives its number back', async () => {
    // The receipt mail is the last row a submission writes: make the database refuse it.
    await refuseMail(true);
    const failed = await postForm(t, '/letters/mayor', LETTER);
    expect(failed.status).toBe(500);
    expect(textOf(await failed.text())).toContain('系统出错了');
    expect(await t.db.selectFrom('cases').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('case_events').selectAll().execute()).toEqual([]);

    await refuseMail(false);
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2026-000001');
  });
});

describe('a new year', () => {
  it('restarts the counter at 000001, per channel', async () => {
    // As long as the State Council has not published 2027, the calendar does not know it.
    await t.db.deleteFrom('calendar_years').where('year', '>=', 2027).execute();
    await t.db.deleteFrom('holidays').where('date', '>=', '2027-01-01').execute();
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2026-000001');
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2026-000002');
    expect((await submitAndReadReceipt(t, '/disclosure', PERSON_APPLICATION)).reference).toBe('YSQ2026-000001');

    t.clock.set('2027-01-04T02:00:00Z'); // Monday 4 January 2027, 10:00 in China
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2027-000001');
    const application = await submitAndReadReceipt(t, '/disclosure', PERSON_APPLICATION);
    expect(application.reference).toBe('YSQ2027-000001');
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2027-000002');

    // The calendar may not know 2027 yet: the next step still states the rule, without a guessed date.
    const main = textOf(byId(application.html, 'main')!.inner);
    expect(main).toContain('第三十三条');
    expect(main).toContain('20个工作日内答复');
    expect(main).not.toMatch(/预计最迟于|2027年\d+月\d+日/);
  });

  it('the year is the year in China: 00:30 on 1 January in Beijing is already the new year', async () => {
    t.clock.set('2026-12-31T15:59:00Z'); // 23:59 on 31 December in China
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2026-000001');
    t.clock.set('2026-12-31T16:30:00Z'); // 00:30 on 1 January 2027 in China
    expect((await submitAndReadReceipt(t, '/letters/mayor', LETTER)).reference).toBe('XZ2027-000001');
  });
});
