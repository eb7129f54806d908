import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../deps.ts';
import { isOfficeRole } from '../domain/roles.ts';
import { clientIp } from '../http/client-ip.ts';
import { readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { LoginPage } from '../../views/staff/login.tsx';
import { clearSessionCookie, requireRole, SESSION_COOKIE, setSessionCookie, staffOf } from './middleware.ts';
import { logIn, logOut } from './service.ts';

/** Only paths of this site: an open redirect after login would help phishing. */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/staff');

export function authRoutes(deps: AppDeps) {
  const app = new Hono();
  const district = deps.config.districtName;

  app.get('/staff/login', (c) =>
    renderPage(c, { districtName: district, title: '工作人员登录' }, <LoginPage login="" next={safeNext(c.req.query('next'))} errors={{}} />),
  );

  app.post('/staff/login', async (c) => {
    const form = await readForm(c);
    const login = (form.login ?? '').trim();
    const password = form.password ?? '';
    const next = safeNext(form.next);
    const errors: Record<string, string> = {};
    if (!login) errors.login = '请填写登录名';
    if (!password) errors.password = '请填写密码';
    if (Object.keys(errors).length) {
      return renderPage(c, { districtName: district, title: '工作人员登录', status: 422 }, <LoginPage login={login} next={next} errors={errors} />);
    }
    const result = await logIn(deps.db, { login, password, ip: clientIp(c, deps.config.trustProxy) }, deps.clock.now(), deps.config.sessionHours);
    if (!result.ok) {
      const throttled = result.reason === 'throttled';
      if (throttled) c.header('Retry-After', String(result.retryAfterSeconds));
      const message = throttled ? `登录失败次数过多，请在 ${result.retryAfterSeconds} 秒后再试。` : '登录名或密码不正确。';
      return renderPage(
        c,
        { districtName: district, title: '工作人员登录', status: throttled ? 429 : 401 },
        <LoginPage login={login} next={next} errors={{}} message={message} />,
      );
    }
    setSessionCookie(c, result.token, deps.config.publicUrl.startsWith('https:'), deps.config.sessionHours);
    return c.redirect(next, 303);
  });

  app.post('/staff/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logOut(deps.db, token);
    clearSessionCookie(c);
    return c.redirect('/staff/login', 303);
  });

  // Each role starts where its work is.
  app.get('/staff', requireRole(), (c) => {
    const staff = staffOf(c);
    return c.redirect(isOfficeRole(staff.role) ? '/office/intake' : '/queue', 303);
  });

  return app;
}
