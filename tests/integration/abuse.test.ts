// Abuse: one address may submit and look up only so often (counted in the database, so every
// instance shares the count), a hidden honeypot field turns simple bots away, query codes are too
// long to guess, and failed lookups slow down.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { generateQueryCode } from '../../src/cases/query-code.ts';
import { createLogger } from '../../src/logger.ts';
import { departmentId } from '../helpers/cases.ts';
import { allElements, byId, controls, formValue, textOf } from '../helpers/html.ts';
import { FORMATTED_CODE, LETTER, PERSON_APPLICATION, readReceipt } from '../helpers/intake.ts';
import { cookiesFrom, createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;

afterEach(async () => {
  await t?.destroy();
});

type App = Pick<TestApp, 'app'>;

/** A POST from a client address, as the reverse proxy reports it (TRUST_PROXY=1). */
function postFrom(target: App, ip: string, path: string, values: Record<string, string>, opts: { htmx?: boolean } = {}) {
  return postForm(target, path, values, { htmx: opts.htmx, headers: { 'x-forwarded-for': ip } });
}

async function count(table: 'cases' | 'case_events' | 'outbox') {
  const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const mainText = (html: string) => textOf(byId(html, 'main')?.inner ?? html);
const problemText = (html: string) => textOf(byId(html, 'form-problem')?.inner ?? '');

describe('submissions per address', () => {
  it('the 11th valid submission within 10 minutes from one address gets 429 with Retry-After and the form back as typed; others are not affected', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    const edu = String(await departmentId(t, '教育局'));
    const busy = '203.0.113.10';
    // The three forms share one count: 4 + 3 + 3 = 10 accepted.
    for (let i = 0; i < 10; i++) {
      const [path, values] =
        i < 4
          ? ['/letters/mayor', { ...LETTER, subject: `路灯不亮第${i + 1}次反映` }]
          : i < 7
            ? ['/letters/department', { ...LETTER, department_id: edu }]
            : ['/disclosure', PERSON_APPLICATION];
      const res = await postFrom(t, busy, path, values);
      expect(res.status, `submission ${i + 1}`).toBe(303);
    }
    expect(await count('cases')).toBe(10);
    const events = await count('case_events');

    const typed: Record<string, string> = { ...LETTER, subject: '第十一封信的标题' };
    const refused = await postFrom(t, busy, '/letters/mayor', typed);
    expect(refused.status).toBe(429);
    // The window opened with the first submission; the test clock has not moved since.
    expect(refused.headers.get('retry-after')).toBe('600');
    const html = await refused.text();
    expect(problemText(html)).toContain('提交过于频繁');
    expect(problemText(html)).toContain('10分钟内最多提交10件');
    expect(problemText(html)).toContain('请在10分钟后重新提交');
    for (const name of ['name', 'phone', 'email', 'subject', 'content', 'category', 'consent_publish']) {
      expect(formValue(html, name), name).toBe(typed[name]);
    }
    expect(await count('cases')).toBe(10);
    expect(await count('case_events')).toBe(events);

    // htmx gets the form alone, with the same status (swapped in, see the layout's htmx config).
    const partial = await postFrom(t, busy, '/disclosure', PERSON_APPLICATION, { htmx: true });
    expect(partial.status).toBe(429);
    const partialHtml = await partial.text();
    expect(partialHtml.startsWith('<form')).toBe(true);
    expect(problemText(partialHtml)).toContain('提交过于频繁');
    expect(formValue(partialHtml, 'description')).toBe(PERSON_APPLICATION.description);

    // A neighbour behind another address is not held up.
    expect((await postFrom(t, '198.51.100.20', '/letters/mayor', LETTER)).status).toBe(303);

    // A minute before the window ends: still refused; when it has ended: accepted again.
    const start = t.clock.now().getTime();
    t.clock.set(new Date(start + 9 * 60_000));
    const later = await postFrom(t, busy, '/letters/mayor', typed);
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('60');
    expect(problemText(await later.text())).toContain('请在1分钟后重新提交');
    t.clock.set(new Date(start + 10 * 60_000 + 1000));
    expect((await postFrom(t, busy, '/letters/mayor', typed)).status).toBe(303);
    expect(await count('cases')).toBe(12);
  });

  it('a citizen correcting mistakes is not counted: only submissions that would be stored are', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', SUBMISSION_RATE_LIMIT: '2' } });
    const ip = '203.0.113.11';
    for (let i = 0; i < 5; i++) {
      expect((await postFrom(t, ip, '/letters/mayor', { ...LETTER, phone: '12345' })).status, `invalid ${i + 1}`).toBe(422);
    }
    expect((await postFrom(t, ip, '/letters/mayor', LETTER)).status).toBe(303);
    expect((await postFrom(t, ip, '/letters/mayor', LETTER)).status).toBe(303);
    // SUBMISSION_RATE_LIMIT=2: the third stored one is refused.
    const third = await postFrom(t, ip, '/letters/mayor', LETTER);
    expect(third.status).toBe(429);
    expect(problemText(await third.text())).toContain('10分钟内最多提交2件');
    expect(await count('cases')).toBe(2);
  });

  it('the count lives in the database: two app instances on one database share it', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', SUBMISSION_RATE_LIMIT: '3' } });
    const second = {
      app: createApp({
        db: t.db,
        dbKind: t.database.kind,
        config: t.config,
        clock: t.clock,
        logger: createLogger('silent'),
        calendar: createCalendarSource(t.db),
      }),
    };
    const ip = '203.0.113.12';
    expect((await postFrom(t, ip, '/letters/mayor', LETTER)).status).toBe(303);
    expect((await postFrom(second, ip, '/letters/mayor', LETTER)).status).toBe(303);
    expect((await postFrom(t, ip, '/disclosure', PERSON_APPLICATION)).status).toBe(303);
    expect((await postFrom(second, ip, '/letters/mayor', LETTER)).status).toBe(429);
    expect((await postFrom(t, ip, '/letters/mayor', LETTER)).status).toBe(429);
    expect(await count('cases')).toBe(3);
  });

  it('a client cannot escape by sending its own X-Forwarded-For: only the address the proxy appended counts', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', SUBMISSION_RATE_LIMIT: '2' } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // What the client sent comes first, the proxy appends the address it saw.
      const res = await postForm(t, '/letters/mayor', LETTER, { headers: { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.13` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([303, 303, 429, 429]);
  });
});

describe('lookups per address', () => {
  it('the 31st lookup within 10 minutes from one address gets 429 with Retry-After, even with the right code, and keeps the reference', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    const filed = await postFrom(t, '203.0.113.20', '/letters/mayor', LETTER);
    const receipt = await t.app.request('/receipt', { headers: { cookie: cookiesFrom(filed) } });
    const { reference, code } = readReceipt(await receipt.text());

    const reader = '203.0.113.21';
    for (let i = 0; i < 30; i++) {
      const res = await postFrom(t, reader, '/lookup', { reference, code });
      expect(res.status, `lookup ${i + 1}`).toBe(200);
    }
    const refused = await postFrom(t, reader, '/lookup', { reference, code });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('600');
    const html = await refused.text();
    expect(mainText(html)).toContain('查询过于频繁');
    expect(mainText(html)).toContain('请在 600 秒后再试');
    expect(mainText(html)).not.toContain('待受理');
    expect(formValue(html, 'reference')).toBe(reference);
    // The code is a secret: it is never written back into the page.
    expect(formValue(html, 'code')).toBe('');

    expect((await postFrom(t, '198.51.100.21', '/lookup', { reference, code })).status).toBe(200);
  });

  it('repeated failures slow down: after 5 wrong codes an address waits 15 s, and the next failure doubles the wait', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    const filed = await postFrom(t, '203.0.113.30', '/letters/mayor', LETTER);
    const { reference, code } = readReceipt(await (await t.app.request('/receipt', { headers: { cookie: cookiesFrom(filed) } })).text());
    const guesser = '203.0.113.31';
    const guess = (c: string) => postFrom(t, guesser, '/lookup', { reference, code: c });

    for (let i = 0; i < 5; i++) expect((await guess(generateQueryCode())).status, `guess ${i + 1}`).toBe(404);
    const first = await guess(code);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('15');

    const start = t.clock.now().getTime();
    t.clock.set(new Date(start + 16_000));
    expect((await guess(generateQueryCode())).status).toBe(404);
    const second = await guess(code);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('30');
  });
});

describe('query codes', () => {
  it('are 12 symbols of a 32-symbol alphabet: 60 bits, shown on the receipt as three groups of four', async () => {
    t = await createTestApp();
    const filed = await postForm(t, '/letters/mayor', LETTER);
    const receipt = await t.app.request('/receipt', { headers: { cookie: cookiesFrom(filed) } });
    const shown = readReceipt(await receipt.text()).code;
    expect(shown).toMatch(FORMATTED_CODE);

    const codes = Array.from({ length: 2000 }, generateQueryCode);
    const symbols = new Set(codes.join(''));
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
    // Every one of the 32 symbols is really used (2000 codes × 12 symbols leave none out by chance).
    expect(symbols.size).toBe(32);
    expect(12 * Math.log2(symbols.size)).toBeGreaterThanOrEqual(60);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('the honeypot field', () => {
  const FORMS = [
    { path: '/letters/mayor', values: () => LETTER, kept: ['name', 'phone', 'subject', 'content'] },
    { path: '/letters/department', values: async () => ({ ...LETTER, department_id: String(await departmentId(t, '教育局')) }), kept: ['name', 'department_id', 'content'] },
    { path: '/disclosure', values: () => PERSON_APPLICATION, kept: ['name', 'id_number', 'description'] },
  ];

  for (const form of FORMS) {
    it(`${form.path}: hidden from people (off screen, aria-hidden, out of the tab order, labelled); a bot that fills it gets 422 and stores nothing`, async () => {
      t = await createTestApp();
      const page = await (await t.app.request(form.path)).text();
      const [field] = controls(page, 'website');
      expect(field, 'honeypot field').toBeDefined();
      expect(field.attrs.get('tabindex')).toBe('-1');
      expect(field.attrs.get('autocomplete')).toBe('off');
      expect(field.attrs.get('value')).toBe('');
      const wrapper = allElements(page).find((e) => e.attrs.get('class') === 'hp' && e.inner.includes('name="website"'));
      expect(wrapper?.attrs.get('aria-hidden')).toBe('true');
      const label = allElements(page).find((e) => e.tag === 'label' && e.attrs.get('for') === field.attrs.get('id'));
      expect(textOf(label!.inner)).toContain('请勿填写');

      const values = { ...(await form.values()), website: 'http://spam.example.com' };
      const before = { cases: await count('cases'), events: await count('case_events'), outbox: await count('outbox') };
      const res = await postForm(t, form.path, values);
      expect(res.status).toBe(422);
      const html = await res.text();
      // Neutral: it does not tell a bot what gave it away.
      expect(problemText(html)).toBe('本次提交未能受理，请核对填写的内容后重新提交。');
      expect(html).not.toContain('spam.example.com');
      for (const name of form.kept) expect(formValue(html, name), name).toBe(values[name as keyof typeof values]);
      expect({ cases: await count('cases'), events: await count('case_events'), outbox: await count('outbox') }).toEqual(before);

      // A person whose browser filled it by mistake submits the form as it came back, and it goes through.
      const again = await postForm(t, form.path, { ...values, website: formValue(html, 'website') });
      expect(again.status).toBe(303);
      expect(await count('cases')).toBe(before.cases + 1);
    });
  }
});
