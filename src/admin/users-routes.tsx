// 用户管理: the list, a new account, deactivate/reactivate, and a new password shown exactly once.
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { staffOf } from '../auth/middleware.ts';
import type { AppDeps } from '../deps.ts';
import { ValidationError } from '../domain/errors.ts';
import { readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { NewPasswordPage, UsersPage } from '../../views/admin/users.tsx';
import { idParam, pickFields } from './routes.tsx';
import {
  createStaffAccount,
  listStaff,
  passwordToReveal,
  resetStaffPassword,
  setStaffActive,
  staffDepartments,
  type FieldErrors,
} from './service.ts';

const USER_FIELDS = ['login', 'display_name', 'role', 'department_id', 'email'] as const;
const EMPTY_USER = pickFields({}, USER_FIELDS);

// The new password travels once in a cookie only this page receives, never in a URL or a log line.
const PASSWORD_COOKIE = 'new_password';
const PASSWORD_PATH = '/admin/users/password';

const DONE: Record<string, string> = {
  deactivated: '账号已停用，其登录已全部失效。',
  reactivated: '账号已启用。',
};

export function userRoutes(deps: AppDeps) {
  const app = new Hono();

  async function listPage(
    c: Context,
    extra: { values?: Record<string, string>; errors?: FieldErrors; done?: string; problem?: string },
    status: 200 | 422 = 200,
  ) {
    const [users, departments] = await Promise.all([listStaff(deps.db), staffDepartments(deps.db)]);
    return renderPage(
      c,
      { districtName: deps.config.districtName, title: status === 422 ? '用户管理（请修改后提交）' : '用户管理', status },
      <UsersPage
        users={users}
        departments={departments}
        selfId={staffOf(c).id}
        values={extra.values ?? EMPTY_USER}
        errors={extra.errors ?? {}}
        done={extra.done}
        problem={extra.problem}
      />,
    );
  }

  function showPasswordOnce(c: Context, reason: 'created' | 'reset', user: { id: number; password: string }) {
    setCookie(c, PASSWORD_COOKIE, `${reason}:${user.id}:${user.password}`, {
      path: PASSWORD_PATH,
      httpOnly: true,
      sameSite: 'Strict',
      secure: deps.config.publicUrl.startsWith('https:'),
      maxAge: 300,
    });
    return c.redirect(PASSWORD_PATH, 303);
  }

  app.get('/admin/users', (c) => listPage(c, { done: DONE[c.req.query('done') ?? ''] }));

  app.post('/admin/users', async (c) => {
    const values = pickFields(await readForm(c), USER_FIELDS);
    const result = await createStaffAccount(deps.db, values, deps.clock.now());
    if (!result.ok) return listPage(c, { values, errors: result.errors }, 422);
    return showPasswordOnce(c, 'created', result.value);
  });

  app.get(PASSWORD_PATH, async (c) => {
    c.header('Cache-Control', 'no-store');
    const [reason, id, password] = (getCookie(c, PASSWORD_COOKIE) ?? '').split(':');
    deleteCookie(c, PASSWORD_COOKIE, { path: PASSWORD_PATH });
    const user = id && password ? await passwordToReveal(deps.db, Number(id), password) : null;
    if (!user) return c.redirect('/admin/users', 303);
    return renderPage(
      c,
      { districtName: deps.config.districtName, title: reason === 'reset' ? '密码已重置' : '账号已创建' },
      <NewPasswordPage login={user.login} displayName={user.displayName} reason={reason === 'reset' ? 'reset' : 'created'} password={password!} />,
    );
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(`/admin/users/:id/${action}`, async (c) => {
      try {
        await setStaffActive(deps.db, staffOf(c).id, idParam(c.req.param('id')), active);
      } catch (error) {
        if (error instanceof ValidationError) return listPage(c, { problem: error.message }, 422);
        throw error;
      }
      return c.redirect(`/admin/users?done=${action}d`, 303);
    });
  }

  app.post('/admin/users/:id/password', async (c) => {
    const user = await resetStaffPassword(deps.db, staffOf(c).id, idParam(c.req.param('id')));
    return showPasswordOnce(c, 'reset', user);
  });

  return app;
}
