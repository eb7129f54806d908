// 区长信箱 and 部门信箱 through the real app on a freshly migrated database: what the citizen sees,
// what is stored, and what is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyQueryCode } from '../../src/cases/query-code.ts';
import { allElements, byId, controls, describedText, formValue, textOf } from '../helpers/html.ts';
import { FORMATTED_CODE, LETTER, submitAndReadReceipt } from '../helpers/intake.ts';
import { cookiesFrom, createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.destroy();
});

const CHANNELS = [
  { path: '/letters/mayor', channel: 'mayor_mailbox', title: '区长信箱', prefix: 'XZ' },
  { path: '/letters/department', channel: 'dept_mailbox', title: '部门信箱', prefix: 'BM' },
] as const;

async function departmentId(name: string): Promise<number> {
  const row = await t.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

/** A valid letter for the channel: the department mailbox also needs a department. */
async function validLetter(channel: string): Promise<Record<string, string>> {
  return channel === 'dept_mailbox' ? { ...LETTER, department_id: String(await departmentId('区住房和城乡建设局')) } : { ...LETTER };
}

const countCases = async () => Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** The Cookie header a browser would send after applying a response's Set-Cookie to `before`. */
function applySetCookie(before: string, res: Response): string {
  const jar = new Map(before.split('; ').filter(Boolean).map((p) => p.split('=') as [string, string]));
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    const [name, value] = pair.split('=');
    if (value === '' || attrs.some((a) => /^max-age=0$/i.test(a))) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('the letter form pages', () => {
  for (const { path, title } of CHANNELS) {
    it(`GET ${path} is a Chinese HTML5 page whose every field has its label`, async () => {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toMatch(/<html lang="zh-CN">/);
      expect(textOf(byId(html, 'main')!.inner)).toContain(title);

      const elements = allElements(html);
      const labelled = new Set(elements.filter((e) => e.tag === 'label' && e.attrs.has('for')).map((e) => e.attrs.get('for')));
      // Every label points at a control, and every typed control (not radios or checkboxes, which sit inside their label) has one.
      for (const id of labelled) {
        expect(['input', 'select', 'textarea'], `label for="${id}"`).toContain(byId(html, id!)?.tag);
      }
      const typed = elements.filter(
        (e) => ['input', 'select', 'textarea'].includes(e.tag) && !['radio', 'checkbox', 'hidden'].includes(e.attrs.get('type') ?? ''),
      );
      const names = typed.map((e) => e.attrs.get('name'));
      expect(names).toEqual(
        expect.arrayContaining(['name', 'phone', 'email', 'subject', 'content', ...(path.endsWith('department') ? ['department_id'] : [])]),
      );
      for (const control of typed) expect(labelled.has(control.attrs.get('id')), `label of ${control.attrs.get('name')}`).toBe(true);
      const labelText = (name: string) => textOf(elements.find((e) => e.tag === 'label' && e.attrs.get('for') === controls(html, name)[0].attrs.get('id'))!.inner);
      expect(labelText('name')).toContain('姓名');
      expect(labelText('phone')).toContain('手机号码');
      expect(labelText('email')).toContain('选填');
      expect(labelText('content')).toContain('来信内容');
      // Length limits are shown next to the fields they limit.
      expect(describedText(html, controls(html, 'subject')[0])).toContain('4至50个字');
      expect(describedText(html, controls(html, 'content')[0])).toContain('10至2000个字');
      // Consent to publish: offered, not given by default.
      expect(controls(html, 'consent_publish')).toHaveLength(1);
      expect(formValue(html, 'consent_publish')).toBe('');
    });
  }

  it('offers the six categories with the reply limits the office set', async () => {
    const categoryTexts = (html: string) =>
      allElements(byId(html, 'f-category-field')!.inner)
        .filter((e) => e.tag === 'label')
        .map((e) => textOf(e.inner));
    const html = await (await t.app.request('/letters/mayor')).text();
    expect(categoryTexts(html)).toEqual([
      '咨询（5个工作日内答复）',
      '建议（10个工作日内答复）',
      '求助（10个工作日内答复）',
      '投诉（15个工作日内答复）',
      '举报（15个工作日内答复）',
      '其他（10个工作日内答复）',
    ]);
    expect(controls(html, 'category').map((e) => e.attrs.get('value'))).toEqual(['inquiry', 'suggestion', 'help', 'complaint', 'report', 'other']);

    // The limits come from the office's settings, not from the page.
    await t.db.updateTable('category_deadlines').set({ working_days: 7 }).where('category', '=', 'inquiry').execute();
    const changed = await (await t.app.request('/letters/department')).text();
    expect(categoryTexts(changed)[0]).toBe('咨询（7个工作日内答复）');
  });

  it('lists the departments (not the office) on the department mailbox and preselects one from the link', async () => {
    const id = await departmentId('区生态环境局');
    const html = await (await t.app.request(`/letters/department?department_id=${id}`)).text();
    const options = allElements(controls(html, 'department_id')[0].inner).filter((e) => e.tag === 'option').map((e) => textOf(e.inner));
    expect(options).toContain('区教育局');
    expect(options).toContain('区生态环境局');
    expect(options).not.toContain('区政府办公室');
    expect(formValue(html, 'department_id')).toBe(String(id));
    // The mayor's mailbox has no department to choose.
    expect(controls(await (await t.app.request('/letters/mayor')).text(), 'department_id')).toHaveLength(0);
  });
});

describe('a valid letter', () => {
  for (const { path, channel, prefix } of CHANNELS) {
    it(`${path}: 303 to the receipt, which shows the reference and the query code once`, async () => {
      const values = await validLetter(channel);
      const posted = await postForm(t, path, values);
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe('/receipt');
      const setCookie = posted.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/HttpOnly/i);
      const cookie = cookiesFrom(posted);
      expect(cookie).not.toBe('');

      const first = await t.app.request('/receipt', { headers: { cookie } });
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      const html = await first.text();
      const main = textOf(byId(html, 'main')!.inner);
      expect(main).toContain(`${prefix}2026-000001`);
      const code = FORMATTED_CODE.exec(main)?.[0];
      expect(code, main).toBeDefined();
      expect(main).toContain('查询码只显示这一次');
      expect(main).toContain('编号和查询码也将发送到您填写的邮箱');
      expect(main).toMatch(prefix === "XZ" ? /投诉类来信自交办承办单位之日起15个工作日内答复/ : /投诉类来信自受理之日起15个工作日内答复/);

      // The browser drops the cookie as told; coming back shows no code any more.
      const after = applySetCookie(cookie, first);
      expect(after).not.toContain('receipt=');
      const second = await t.app.request('/receipt', { headers: { cookie: after } });
      const secondText = await second.text();
      expect(secondText).not.toContain(code!);
      expect(secondText).not.toContain(code!.replaceAll('-', ''));

      const row = await t.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        reference: `${prefix}2026-000001`,
        channel,
        status: 'submitted',
        applicant_name: '张三',
        phone: '13812345678',
        email: 'zhang.san@example.com',
        category: 'complaint',
        subject: LETTER.subject,
        content: LETTER.content,
        consent_publish: 1,
        department_id: channel === 'dept_mailbox' ? Number(values.department_id) : null,
      });
      // Stored hashed: neither form of the code is in the row, yet the hash recognises it.
      expect(row.query_code_hash).not.toContain(code!.replaceAll('-', ''));
      expect(JSON.stringify(row)).not.toContain(code!.replaceAll('-', ''));
      expect(verifyQueryCode(code!, row.query_code_hash)).toBe(true);
      expect(verifyQueryCode('ABCD-EFGH-JKLM', row.query_code_hash)).toBe(false);

      const events = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).execute();
      expect(events.map((e) => [e.type, e.visibility])).toEqual([['submitted', 'applicant']]);

      const mails = await t.db.selectFrom('outbox').selectAll().execute();
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ case_id: row.id, to_address: 'zhang.san@example.com', status: 'pending' });
      expect(mails[0].subject).toContain(`${prefix}2026-000001`);
    });
  }

  it('without an e-mail address: stored, but no mail is queued', async () => {
    const { reference, html } = await submitAndReadReceipt(t, '/letters/mayor', { ...LETTER, email: '', consent_publish: '' });
    expect(reference).toBe('XZ2026-000001');
    expect(textOf(html)).not.toContain('发送到您填写的邮箱');
    const row = await t.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
    expect(row.email).toBeNull();
    expect(row.consent_publish).toBe(0);
    expect(await t.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it('accepts a number written +86 138-1234-5678 and stores its 11 digits', async () => {
    await submitAndReadReceipt(t, '/letters/mayor', { ...LETTER, phone: '+86 138-1234-5678' });
    const row = await t.db.selectFrom('cases').select('phone').executeTakeFirstOrThrow();
    expect(row.phone).toBe('13812345678');
  });

  it('a letter of 2,000 characters as the browser counts them is accepted, though its CRLF line breaks make it longer on the wire', async () => {
    // A textarea's maxlength counts a line break once, but the browser sends it as CR LF.
    const lines = Array.from({ length: 10 }, () => '灯'.repeat(199));
    const res = await postForm(t, '/letters/mayor', { ...LETTER, content: `${lines.join('\r\n')}灯` });
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('cases').select('content').executeTakeFirstOrThrow();
    expect(row.content).toBe(`${lines.join('\n')}灯`);
    expect(row.content).toHaveLength(2000);
  });

  it('a repeated field does not crash: the first value counts', async () => {
    const body = new URLSearchParams(LETTER);
    body.append('name', '李四');
    const res = await postForm(t, '/letters/mayor', body);
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('cases').select('applicant_name').executeTakeFirstOrThrow();
    expect(row.applicant_name).toBe('张三');
  });

  it('a field named __proto__ is an unknown field like any other, ignored', async () => {
    const body = new URLSearchParams(LETTER);
    body.append('__proto__', 'x');
    const res = await postForm(t, '/letters/mayor', body);
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('cases').select(['applicant_name', 'subject']).executeTakeFirstOrThrow();
    expect(row).toEqual({ applicant_name: '张三', subject: LETTER.subject });
  });

  it('with htmx: answers with an HX-Redirect to the receipt and the receipt cookie', async () => {
    const res = await postForm(t, '/letters/mayor', LETTER, { htmx: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('hx-redirect')).toBe('/receipt');
    const page = await t.app.request('/receipt', { headers: { cookie: cookiesFrom(res) } });
    expect(textOf(await page.text())).toContain('XZ2026-000001');
  });
});

describe('an invalid letter comes back with the message beside the bad field', () => {
  interface Case {
    title: string;
    path: string;
    field: string;
    value: string;
    message: string;
  }
  const mayor = '/letters/mayor';
  const dept = '/letters/department';
  const cases: Case[] = [
    { title: 'missing name', path: mayor, field: 'name', value: '  ', message: '请填写姓名' },
    { title: 'name too long', path: mayor, field: 'name', value: '张'.repeat(31), message: '姓名不能超过30个字' },
    { title: 'missing phone', path: mayor, field: 'phone', value: '', message: '请填写手机号码' },
    { title: 'phone 12345678901 (no such mobile prefix)', path: mayor, field: 'phone', value: '12345678901', message: '手机号码号段不正确' },
    { title: 'phone with 10 digits', path: dept, field: 'phone', value: '1381234567', message: '请填写11位手机号码' },
    { title: 'phone with letters', path: mayor, field: 'phone', value: '138abc45678', message: '手机号码只能包含数字' },
    { title: 'bad e-mail', path: mayor, field: 'email', value: 'zhangsan@example', message: '电子邮箱格式不正确' },
    { title: 'no category', path: mayor, field: 'category', value: '', message: '请选择来信类别' },
    { title: 'unknown category', path: dept, field: 'category', value: 'praise', message: '请选择来信类别' },
    { title: 'subject too short', path: mayor, field: 'subject', value: '路灯', message: '标题至少4个字' },
    { title: 'subject too long', path: dept, field: 'subject', value: '路'.repeat(51), message: '标题不能超过50个字' },
    { title: 'missing subject', path: mayor, field: 'subject', value: '', message: '请填写标题' },
    { title: 'content too short', path: mayor, field: 'content', value: '路灯坏了请修一下', message: '来信内容至少10个字' },
    { title: 'content too long', path: mayor, field: 'content', value: '灯'.repeat(2001), message: '来信内容不能超过2000个字' },
    { title: 'control characters in content', path: mayor, field: 'content', value: `${LETTER.content}\u0007\u001b[0m`, message: '来信内容包含无法识别的字符' },
    { title: 'missing department', path: dept, field: 'department_id', value: '', message: '请选择收信部门' },
    { title: 'unknown department', path: dept, field: 'department_id', value: '9999', message: '请选择收信部门' },
  ];

  for (const c of cases) {
    it(`${c.title} → 422 on ${c.path}`, async () => {
      const channel = c.path === dept ? 'dept_mailbox' : 'mayor_mailbox';
      const values = { ...(await validLetter(channel)), [c.field]: c.value };
      const res = await postForm(t, c.path, values);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(/^<!DOCTYPE html>/);
      assertFieldError(html, c.field, c.message);
      assertValuesKept(html, values, c.field);
      // The summary at the top links to the field too.
      expect(textOf(byId(html, 'error-summary')!.inner)).toContain(c.message);
      expect(await countCases()).toBe(0);
      expect(await t.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
    });
  }

  it('the department of the office itself cannot be chosen on the department mailbox', async () => {
    const office = await t.db.selectFrom('departments').select('id').where('is_office', '=', 1).executeTakeFirstOrThrow();
    const res = await postForm(t, dept, { ...LETTER, department_id: String(office.id) });
    expect(res.status).toBe(422);
    assertFieldError(await res.text(), 'department_id', '请选择收信部门');
    expect(await countCases()).toBe(0);
  });

  it('several bad fields at once: each gets its own message, the good ones none', async () => {
    const values = { ...LETTER, name: '', phone: '1381234567', subject: '路灯' };
    const html = await (await postForm(t, mayor, values)).text();
    assertFieldError(html, 'name', '请填写姓名');
    assertFieldError(html, 'phone', '请填写11位手机号码');
    assertFieldError(html, 'subject', '标题至少4个字');
    assertValuesKept(html, values);
    expect(textOf(byId(html, 'error-summary')!.inner)).toContain('3 处');
  });

  it('with htmx the 422 answer is only the form, still with messages and values', async () => {
    const values = { ...(await validLetter('dept_mailbox')), phone: '12345678901' };
    const res = await postForm(t, dept, values, { htmx: true });
    expect(res.status).toBe(422);
    expect(res.headers.get('vary')).toMatch(/HX-Request/i);
    const html = await res.text();
    expect(html).not.toMatch(/<html|<!DOCTYPE|<body/i);
    expect(html).toMatch(/^<form[^>]*id="letter-form"/);
    assertFieldError(html, 'phone', '手机号码号段不正确');
    assertValuesKept(html, values);
    expect(await countCases()).toBe(0);
  });
});

/** The message sits in an element the field's aria-describedby names, and the field is marked invalid. */
function assertFieldError(html: string, field: string, message: string) {
  const found = controls(html, field);
  expect(found.length, `control ${field}`).toBeGreaterThan(0);
  for (const control of found) expect(control.attrs.get('aria-invalid'), `aria-invalid of ${field}`).toBe('true');
  // A radio group is described as a whole by its fieldset.
  const described = found[0].attrs.get('type') === 'radio' ? byId(html, `${found[0].attrs.get('id')}-field`)! : found[0];
  expect(describedText(html, described)).toContain(message);
  // No other field claims to be invalid.
  const invalid = new Set(allElements(html).filter((e) => e.attrs.get('aria-invalid') === 'true').map((e) => e.attrs.get('name')));
  expect(invalid.has(field)).toBe(true);
}

/** Every typed value is in the form again; a bad choice that matches no option cannot be, and is skipped. */
function assertValuesKept(html: string, values: Record<string, string>, except?: string) {
  for (const [name, value] of Object.entries(values)) {
    if (name === except && ['category', 'department_id'].includes(name)) continue;
    expect(formValue(html, name), `value of ${name}`).toBe(value);
  }
}

describe('the check when a field loses focus (htmx)', () => {
  const SAME = (e: ReturnType<typeof controls>[number]) =>
    Object.fromEntries([...e.attrs].filter(([k]) => !['value', 'aria-invalid', 'aria-describedby'].includes(k)));

  it('answers with the same field as the form, with its hint, and the message when the value is wrong', async () => {
    const page = await (await t.app.request('/letters/mayor')).text();
    for (const field of ['phone', 'email']) {
      const inForm = controls(page, field)[0];
      const hint = describedText(page, inForm);
      expect(hint).not.toBe('');

      const good = await postForm(t, `/validate/letter/${field}`, { [field]: LETTER[field] }, { htmx: true });
      expect(good.status).toBe(200);
      const goodHtml = await good.text();
      const goodInput = controls(goodHtml, field)[0];
      expect(SAME(goodInput)).toEqual(SAME(inForm));
      expect(goodInput.attrs.get('value')).toBe(LETTER[field]);
      expect(goodInput.attrs.has('aria-invalid')).toBe(false);
      expect(describedText(goodHtml, goodInput)).toBe(hint);
      // The fragment replaces the field's wrapper, so it must carry the same id and htmx attributes.
      expect(byId(goodHtml, `f-${field}-field`)!.attrs).toEqual(byId(page, `f-${field}-field`)!.attrs);
    }

    const bad = await postForm(t, '/validate/letter/phone', { phone: '1381234567' }, { htmx: true });
    const badHtml = await bad.text();
    const badInput = controls(badHtml, 'phone')[0];
    expect(SAME(badInput)).toEqual(SAME(controls(page, 'phone')[0]));
    expect(badInput.attrs.get('aria-invalid')).toBe('true');
    expect(badInput.attrs.get('value')).toBe('1381234567');
    expect(describedText(badHtml, badInput)).toContain('11位中国大陆手机号码');
    expect(describedText(badHtml, badInput)).toContain('请填写11位手机号码');
  });

  it('only the fields with a rule of their own can be checked', async () => {
    expect((await postForm(t, '/validate/letter/content', { content: 'x' })).status).toBe(404);
    expect((await postForm(t, '/validate/letter/postcode', { postcode: '1' })).status).toBe(404);
    expect((await postForm(t, '/validate/other/phone', { phone: '1' })).status).toBe(404);
    expect((await postForm(t, '/validate/letter/phone', { phone: '1' }, { origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('what the letter forms refuse outright', () => {
  it('a post from another site (Origin https://evil.example) → 403, nothing stored', async () => {
    const res = await postForm(t, '/letters/mayor', LETTER, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(textOf(await res.text())).toContain('请求被拒绝');
    expect(await countCases()).toBe(0);
  });

  it('a post with neither Origin nor Sec-Fetch-Site → 403, nothing stored', async () => {
    const res = await postForm(t, '/letters/department', await validLetter('dept_mailbox'), { origin: null });
    expect(res.status).toBe(403);
    expect(await countCases()).toBe(0);
  });

  it('a post marked Sec-Fetch-Site: cross-site without Origin → 403; same-origin passes', async () => {
    const cross = await postForm(t, '/letters/mayor', LETTER, { origin: null, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(cross.status).toBe(403);
    expect(await countCases()).toBe(0);
    const same = await postForm(t, '/letters/mayor', LETTER, { origin: null, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(same.status).toBe(303);
    expect(await countCases()).toBe(1);
  });

  it('a body over 64 KB → 413 with a Chinese page, nothing stored', async () => {
    const res = await postForm(t, '/letters/mayor', { ...LETTER, content: '灯'.repeat(23_000) });
    expect(res.status).toBe(413);
    expect(textOf(await res.text())).toContain('提交的内容过大');
    expect(await countCases()).toBe(0);
  });

  it('a body that declares over 64 KB in its Content-Length → 413 before it is read', async () => {
    const body = new URLSearchParams({ ...LETTER, content: '灯'.repeat(23_000) });
    const res = await postForm(t, '/letters/mayor', body, { headers: { 'content-length': String(Buffer.byteLength(body.toString())) } });
    expect(res.status).toBe(413);
    expect(await countCases()).toBe(0);
  });
});
