// Headers every page carries: a Content-Security-Policy that allows no inline script (htmx is set up
// through its meta tag, so none is needed), no framing, no MIME sniffing, a referrer policy; and the
// cookies a browser keeps are HttpOnly, SameSite and, over HTTPS, Secure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/service.ts';
import { fileDisclosure, fileMayorLetter, departmentId } from '../helpers/cases.ts';
import { allElements } from '../helpers/html.ts';
import { LETTER } from '../helpers/intake.ts';
import { loginAs } from '../helpers/staff.ts';
import { cookiesFrom, createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

/** The policy as a map of directive → sources. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

function expectSafeHeaders(res: Response, what: string) {
  const policy = csp(res);
  const scriptSrc = policy.get('script-src') ?? policy.get('default-src');
  expect(scriptSrc, `${what}: script-src`).toBeDefined();
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-eval'");
  expect(scriptSrc!.every((s) => s === "'self'"), `${what}: scripts only from the portal itself`).toBe(true);
  expect(policy.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(policy.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  expect(res.headers.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  expect(['DENY', 'SAMEORIGIN'], `${what}: X-Frame-Options`).toContain(res.headers.get('x-frame-options'));
  expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'], `${what}: Referrer-Policy`).toContain(
    res.headers.get('referrer-policy'),
  );
}

/** Nothing in the markup that a CSP without 'unsafe-inline' would block: inline scripts, event handler attributes, style attributes. */
function expectNoInlineCode(html: string, what: string) {
  const elements = allElements(html);
  for (const script of elements.filter((e) => e.tag === 'script')) {
    expect(script.attrs.get('src'), `${what}: every script is a file`).toMatch(/^\/static\//);
    expect(script.inner.trim(), `${what}: no inline script`).toBe('');
  }
  for (const e of elements) {
    for (const name of e.attrs.keys()) {
      // hx-on* would run its text through eval, which the htmx config forbids anyway.
      expect(/^(on|hx-on)/.test(name) || name === 'style', `${what}: <${e.tag} ${name}>`).toBe(false);
      if (name === 'href' || name === 'action' || name === 'src') expect(e.attrs.get(name), `${what}: ${name}`).not.toMatch(/^\s*javascript:/i);
    }
  }
}

describe('every page', () => {
  let t: TestApp;
  let pages: Array<{ path: string; cookie?: string; status: number }>;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await loginAs(t, 'office_admin');
    const clerk = await loginAs(t, 'dept_staff', '教育局');
    const letter = await fileMayorLetter(t);
    const application = await fileDisclosure(t);
    const edu = await departmentId(t, '教育局');
    const dispatched = await postForm(t, `/cases/${letter.id}/dispatch`, { department_id: String(edu) }, { cookie: admin.cookie });
    expect(dispatched.status).toBe(303);
    pages = [
      { path: '/', status: 200 },
      { path: '/letters/mayor', status: 200 },
      { path: '/letters/department', status: 200 },
      { path: '/disclosure', status: 200 },
      { path: '/lookup', status: 200 },
      { path: '/staff/login', status: 200 },
      { path: '/stats', status: 200 },
      { path: '/no-such-page', status: 404 },
      { path: '/queue', cookie: clerk.cookie, status: 200 },
      { path: `/cases/${letter.id}`, cookie: clerk.cookie, status: 200 },
      { path: `/cases/${application.id}`, cookie: admin.cookie, status: 200 },
      { path: '/office/intake', cookie: admin.cookie, status: 200 },
      { path: '/office/review', cookie: admin.cookie, status: 200 },
      { path: '/office/extensions', cookie: admin.cookie, status: 200 },
      { path: '/office/supplements', cookie: admin.cookie, status: 200 },
      { path: '/office/stats', cookie: admin.cookie, status: 200 },
      { path: '/office/report/2025', cookie: admin.cookie, status: 200 },
      { path: '/office/report/2025/print', cookie: admin.cookie, status: 200 },
      { path: '/admin/users', cookie: admin.cookie, status: 200 },
      { path: '/admin/departments', cookie: admin.cookie, status: 200 },
      { path: '/admin/calendar', cookie: admin.cookie, status: 200 },
      { path: '/admin/settings', cookie: admin.cookie, status: 200 },
      { path: '/admin/mail', cookie: admin.cookie, status: 200 },
      // Refused: the error page carries the same headers.
      { path: '/admin/users', cookie: clerk.cookie, status: 403 },
    ];
  });

  afterAll(async () => {
    await t.destroy();
  });

  it('has a CSP without inline script and with frame-ancestors none, nosniff, X-Frame-Options and a Referrer-Policy, and no inline code', async () => {
    for (const page of pages) {
      const res = await t.app.request(page.path, { headers: page.cookie ? { cookie: page.cookie } : {} });
      const what = `${page.path} (${page.cookie ? 'staff' : 'public'})`;
      expect(res.status, what).toBe(page.status);
      expect(res.headers.get('content-type'), what).toMatch(/^text\/html/);
      expectSafeHeaders(res, what);
      expectNoInlineCode(await res.text(), what);
    }
  });

  it('answers to form posts (422 with the form, 303 redirects) carry the same headers', async () => {
    const invalid = await postForm(t, '/letters/mayor', { ...LETTER, phone: '123' });
    expect(invalid.status).toBe(422);
    expectSafeHeaders(invalid, 'invalid letter');
    expectNoInlineCode(await invalid.text(), 'invalid letter');

    const filed = await postForm(t, '/letters/mayor', LETTER);
    expect(filed.status).toBe(303);
    expectSafeHeaders(filed, 'filed letter');
    const receipt = await t.app.request('/receipt', { headers: { cookie: cookiesFrom(filed) } });
    expect(receipt.status).toBe(200);
    expectSafeHeaders(receipt, 'receipt');
    expectNoInlineCode(await receipt.text(), 'receipt');
  });

  it('configures htmx by its meta tag only: no eval, no inline indicator styles; htmx itself is served from /static', async () => {
    const html = await (await t.app.request('/')).text();
    const meta = allElements(html).find((e) => e.tag === 'meta' && e.attrs.get('name') === 'htmx-config');
    const config = JSON.parse(meta!.attrs.get('content')!) as Record<string, unknown>;
    expect(config.allowEval).toBe(false);
    expect(config.includeIndicatorStyles).toBe(false);
    const scripts = allElements(html).filter((e) => e.tag === 'script');
    expect(scripts.map((s) => s.attrs.get('src'))).toEqual(['/static/htmx.min.js']);

    const htmx = await t.app.request('/static/htmx.min.js');
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('content-type')).toMatch(/javascript/);
    expect(htmx.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('cookies', () => {
  it('over HTTPS: the session, receipt and lookup cookies are HttpOnly, SameSite=Lax and Secure; HSTS is sent', async () => {
    const origin = 'https://portal.example.gov.cn';
    const t = await createTestApp({ env: { PUBLIC_URL: origin } });
    try {
      const user = await createUser(t.db, { login: 'secure1', role: 'office_staff', department: null, displayName: '测试' }, t.clock.now());
      const login = await postForm(t, `${origin}/staff/login`, { login: 'secure1', password: user.password, next: '/staff' }, { origin });
      expect(login.status).toBe(303);
      expect(login.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expectCookie(login, 'sid', { secure: true });

      const filed = await postForm(t, `${origin}/letters/mayor`, LETTER, { origin });
      expect(filed.status).toBe(303);
      expectCookie(filed, 'receipt', { secure: true });
      const receiptPage = await t.app.request(`${origin}/receipt`, { headers: { cookie: cookiesFrom(filed) } });
      const [reference, code] = decodeURIComponent(cookiesFrom(filed).replace(/^receipt=/, '')).split(':');
      expect(receiptPage.status).toBe(200);
      const lookup = await postForm(t, `${origin}/lookup`, { reference: reference!, code: code! }, { origin });
      expect(lookup.status).toBe(200);
      expectCookie(lookup, 'case_access', { secure: true });

      // A post from another site is refused (CSRF), whatever it carries.
      const forged = await postForm(t, `${origin}/letters/mayor`, LETTER, { origin: 'https://evil.example.com' });
      expect(forged.status).toBe(403);
    } finally {
      await t.destroy();
    }
  });

  it('over plain HTTP the cookies are not marked Secure (the browser would drop them), but stay HttpOnly and SameSite=Lax', async () => {
    const t = await createTestApp();
    try {
      const user = await createUser(t.db, { login: 'plain1', role: 'office_staff', department: null, displayName: '测试' }, t.clock.now());
      const login = await postForm(t, '/staff/login', { login: 'plain1', password: user.password, next: '/staff' });
      expect(login.status).toBe(303);
      expect(login.headers.get('strict-transport-security')).toBeNull();
      expectCookie(login, 'sid', { secure: false });
      const filed = await postForm(t, '/letters/mayor', LETTER);
      expectCookie(filed, 'receipt', { secure: false });
    } finally {
      await t.destroy();
    }
  });
});

function expectCookie(res: Response, name: string, opts: { secure: boolean }) {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  expect(header, `Set-Cookie ${name}`).toBeDefined();
  const attrs = header!.split(';').slice(1).map((a) => a.trim().toLowerCase());
  expect(attrs, `${name} HttpOnly`).toContain('httponly');
  expect(attrs, `${name} SameSite`).toContain('samesite=lax');
  if (opts.secure) expect(attrs, `${name} Secure`).toContain('secure');
  else expect(attrs, `${name} not Secure`).not.toContain('secure');
}
