// Who is asking: the session cookie becomes c.get('staff'); requireRole guards staff pages.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { ForbiddenError } from '../domain/errors.ts';
import type { Role, StaffUser } from '../domain/roles.ts';
import { currentStaff } from './service.ts';

declare module 'hono' {
  interface ContextVariableMap {
    staff: StaffUser | null;
  }
}

export const SESSION_COOKIE = 'sid';

export function loadStaff(db: Kysely<DB>, clock: Clock): MiddlewareHandler {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('staff', token ? await currentStaff(db, token, clock.now()) : null);
    await next();
  };
}

export function setSessionCookie(c: Context, token: string, secure: boolean, hours: number) {
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: hours * 3600 });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** Not logged in: to the login page and back. Logged in with another role: 403. */
export function requireRole(...roles: Role[]): MiddlewareHandler {
  return async (c, next) => {
    const staff = c.get('staff');
    if (!staff) {
      const url = new URL(c.req.url);
      const back = c.req.method === 'GET' ? url.pathname + url.search : '/staff';
      return c.redirect(`/staff/login?next=${encodeURIComponent(back)}`, 303);
    }
    if (roles.length > 0 && !roles.includes(staff.role)) throw new ForbiddenError();
    await next();
  };
}

/** The logged-in staff member; only for handlers behind requireRole. */
export function staffOf(c: Context): StaffUser {
  const staff = c.get('staff');
  if (!staff) throw new ForbiddenError();
  return staff;
}
