// 查询办理进度: reference + query code show the status and the citizen's timeline; anything else
// gets one generic 未找到, and guessing from one address is slowed down.
import { afterEach, describe, expect, it } from 'vitest';
import { byId, controls, formValue, textOf } from '../helpers/html.ts';
import { LETTER, submitAndReadReceipt } from '../helpers/intake.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
afterEach(async () => {
  await t.destroy();
});

function lookup(reference: string, code: string, opts: { ip?: string; htmx?: boolean } = {}) {
  return postForm(t, '/lookup', { reference, code }, { htmx: opts.htmx, headers: opts.ip ? { 'x-forwarded-for': opts.ip } : {} });
}

const mainText = (html: string) => textOf(byId(html, 'main')!.inner);

describe('lookup with the right reference and code', () => {
  it('shows the status 待受理 and the timeline entry 提交', async () => {
    t = await createTestApp();
    const { reference, code } = await submitAndReadReceipt(t, '/letters/mayor', LETTER);
    const res = await lookup(reference, code);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const text = mainText(html);
    expect(text).toContain(reference);
    expect(text).toMatch(/办理状态 待受理/);
    expect(text).toContain(LETTER.subject);
    expect(text).toContain('2026-03-02 10:00');
    const timeline = html.match(/<ol class="timeline">.*?<\/ol>/s)?.[0] ?? '';
    expect(textOf(timeline)).toMatch(/^2026-03-02 10:00 提交 下一步：区政府办公室将登记受理/);
    // The code is never echoed back into the page.
    expect(html).not.toContain(code);
    expect(html).not.toContain(code.replaceAll('-', ''));
  });

  it('accepts the reference and code typed in lower case with spaces', async () => {
    t = await createTestApp();
    const { reference, code } = await submitAndReadReceipt(t, '/letters/mayor', LETTER);
    const typed = ` ${reference.toLowerCase()} `;
    const sloppyCode = code.toLowerCase().replaceAll('-', ' ');
    const res = await lookup(typed, sloppyCode);
    expect(res.status).toBe(200);
    expect(mainText(await res.text())).toContain('待受理');
  });

  it('a department mailbox letter shows the department that handles it', async () => {
    t = await createTestApp();
    const dept = await t.db.selectFrom('departments').select('id').where('name', '=', '区教育局').executeTakeFirstOrThrow();
    const { reference, code } = await submitAndReadReceipt(t, '/letters/department', { ...LETTER, department_id: String(dept.id) });
    expect(reference).toBe('BM2026-000001');
    const text = mainText(await (await lookup(reference, code)).text());
    expect(text).toContain('部门信箱 BM2026-000001');
    expect(text).toContain('承办单位 区教育局');
    expect(text).toContain('收信部门将登记受理并办理');
  });

  it('with htmx answers the case fragment only', async () => {
    t = await createTestApp();
    const { reference, code } = await submitAndReadReceipt(t, '/disclosure', {
      applicant_kind: 'person',
      name: '王小明',
      id_type: 'passport',
      id_number: 'E12345678',
      phone: '13912345678',
      description: '请公开本区2025年财政预算执行情况报告全文。',
      delivery_form: 'electronic',
      delivery_method: 'online',
    });
    const res = await lookup(reference, code, { htmx: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<html/);
    expect(textOf(html)).toContain('政府信息公开申请 YSQ2026-000001');
    expect(textOf(html)).toContain('待受理');
  });
});

describe('lookup that finds nothing', () => {
  it('a wrong code and an unknown reference both give 404 with the same generic 未找到', async () => {
    t = await createTestApp();
    const { reference, code } = await submitAndReadReceipt(t, '/letters/mayor', LETTER);
    const wrongCode = await lookup(reference, 'ABCD-EFGH-JKLM');
    const unknownReference = await lookup('XZ2026-000999', code);
    expect(wrongCode.status).toBe(404);
    expect(unknownReference.status).toBe(404);
    const a = await wrongCode.text();
    const b = await unknownReference.text();
    expect(mainText(a)).toContain('未找到与该编号和查询码相符的记录');
    // The reference typed is kept in the form, the code is not; otherwise the pages are identical.
    expect(formValue(a, 'reference')).toBe(reference);
    expect(formValue(b, 'reference')).toBe('XZ2026-000999');
    expect(formValue(a, 'code')).toBe('');
    expect(a.replaceAll(reference, 'REF')).toBe(b.replaceAll('XZ2026-000999', 'REF'));
    // Nothing of the case leaks.
    expect(a).not.toContain(LETTER.subject.slice(0, 6));
    expect(a).not.toContain('待受理');
  });

  it('a missing code is a form error beside the field, not a lookup', async () => {
    t = await createTestApp();
    const res = await lookup('XZ2026-000001', '');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(controls(html, 'code')[0].attrs.get('aria-invalid')).toBe('true');
    expect(textOf(byId(html, 'f-code-error')!.inner)).toContain('请填写查询码');
    const throttle = await t.db.selectFrom('throttle').selectAll().execute();
    expect(throttle).toEqual([]);
  });
});

describe('repeated failures from one address', () => {
  it('after 5 failures the 6th attempt gets 429 with Retry-After, even with the right code; other addresses are not affected; after the wait it works', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    const { reference, code } = await submitAndReadReceipt(t, '/letters/mayor', LETTER);
    const guesser = '203.0.113.7';
    for (let i = 0; i < 5; i++) {
      const res = await lookup(reference, `ABCD-EFGH-JKM${'23456'[i]}`, { ip: guesser });
      expect(res.status, `failure ${i + 1}`).toBe(404);
    }

    const blocked = await lookup(reference, code, { ip: guesser });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    const blockedText = mainText(await blocked.text());
    expect(blockedText).toContain('查询过于频繁');
    expect(blockedText).toContain(`${retryAfter} 秒后再试`);
    expect(blockedText).not.toContain('待受理');

    // A different citizen behind another address is not slowed down.
    const other = await lookup(reference, code, { ip: '198.51.100.2' });
    expect(other.status).toBe(200);

    // Just before the wait is over: still refused. Once it is over: the right code works again.
    const start = t.clock.now().getTime();
    t.clock.set(new Date(start + retryAfter * 1000 - 1000));
    expect((await lookup(reference, code, { ip: guesser })).status).toBe(429);
    t.clock.set(new Date(start + retryAfter * 1000 + 1));
    const after = await lookup(reference, code, { ip: guesser });
    expect(after.status).toBe(200);
    expect(mainText(await after.text())).toContain('待受理');
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not escape the limit', async () => {
    t = await createTestApp();
    const { reference, code } = await submitAndReadReceipt(t, '/letters/mayor', LETTER);
    for (let i = 0; i < 5; i++) await lookup(reference, 'ABCD-EFGH-JKLM', { ip: `192.0.2.${i}` });
    const res = await lookup(reference, code, { ip: '192.0.2.99' });
    expect(res.status).toBe(429);
  });
});
