// Staff login: scrypt passwords, sessions stored in the database (any instance can serve any request),
// and failed logins slowed down per address and per account.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isRole, type StaffUser } from '../domain/roles.ts';
import { clearFailures, recordFailure, throttleWait } from '../throttle/service.ts';
import { deleteExpiredSessions, deleteSession, findSessionUser, findUserByLogin, insertSession } from './queries.ts';
import { verifyPassword } from './password.ts';

// Only the hash of the cookie's token is stored: a leaked sessions table opens no session.
const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

export type LoginResult =
  | { ok: true; token: string; user: StaffUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function logIn(
  db: Kysely<DB>,
  input: { login: string; password: string; ip: string },
  now: Date,
  sessionHours: number,
): Promise<LoginResult> {
  const keys = [`login-ip:${input.ip}`, `login-user:${input.login.toLowerCase()}`];
  const waits = await Promise.all(keys.map((k) => throttleWait(db, k, now)));
  const wait = Math.max(...waits);
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };

  const user = await findUserByLogin(db, input.login.trim());
  // A fixed hash keeps the time of an unknown login close to that of a wrong password.
  const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid || user.active !== 1 || !isRole(user.role)) {
    for (const k of keys) await recordFailure(db, k, now);
    return { ok: false, reason: 'invalid' };
  }
  for (const k of keys) await clearFailures(db, k);
  const token = randomBytes(32).toString('base64url');
  await deleteExpiredSessions(db, now.toISOString());
  await insertSession(db, {
    id: sessionId(token),
    user_id: user.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + sessionHours * 3_600_000).toISOString(),
  });
  return {
    ok: true,
    token,
    user: { id: user.id, login: user.login, role: user.role, departmentId: user.department_id, displayName: user.display_name, email: user.email },
  };
}

export async function currentStaff(db: Kysely<DB>, token: string, now: Date): Promise<StaffUser | null> {
  const row = await findSessionUser(db, sessionId(token), now.toISOString());
  if (!row || !isRole(row.role)) return null;
  return { id: row.id, login: row.login, role: row.role, departmentId: row.department_id, displayName: row.display_name, email: row.email };
}

export async function logOut(db: Kysely<DB>, token: string): Promise<void> {
  await deleteSession(db, sessionId(token));
}

// scrypt hash of a random password nobody knows.
const DUMMY_HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$m0vQ4wS1bq0rJ8b4b2yQ0y9v0q0b1c2d3e4f5g6h7i8=';
