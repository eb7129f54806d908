import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function findUserByLogin(db: Kysely<DB>, login: string) {
  return db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
}

export async function insertSession(db: Kysely<DB>, row: { id: string; user_id: number; created_at: string; expires_at: string }) {
  await db.insertInto('sessions').values(row).execute();
}

/** The session's active user, if the session has not expired. */
export async function findSessionUser(db: Kysely<DB>, sessionId: string, nowIso: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.login', 'users.role', 'users.department_id', 'users.display_name', 'users.email'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', nowIso)
    .where('users.active', '=', 1)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<DB>, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Kysely<DB>, nowIso: string) {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
}
