// The office administrator's pages, all behind one role check: anyone else gets 403.
import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../domain/errors.ts';
import { calendarRoutes } from './calendar-routes.tsx';
import { departmentRoutes } from './departments-routes.tsx';
import { mailRoutes } from './mail-routes.tsx';
import { settingsRoutes } from './settings-routes.tsx';
import { userRoutes } from './users-routes.tsx';

export function adminRoutes(deps: AppDeps) {
  const app = new Hono();
  // '/admin/*' covers '/admin' itself too.
  app.use('/admin/*', requireRole('office_admin'));
  app.get('/admin', (c) => c.redirect('/admin/users', 303));
  app.route('/', userRoutes(deps));
  app.route('/', departmentRoutes(deps));
  app.route('/', calendarRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', mailRoutes(deps));
  return app;
}

/** A row id from the URL; anything but a positive integer (that fits an SQL integer) is a page that does not exist. */
export function idParam(value: string): number {
  const id = Number(value);
  if (!/^\d{1,9}$/.test(value) || id < 1) throw new NotFoundError();
  return id;
}

/** The fields a form should have, each as text ('' when missing), so a re-rendered form keeps every value. */
export function pickFields<K extends string>(form: Record<string, string>, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, form[n] ?? ''])) as Record<K, string>;
}
