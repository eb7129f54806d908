import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function findDepartmentByName(db: Kysely<DB>, name: string) {
  return db
    .selectFrom('departments')
    .select(['id', 'name', 'is_office'])
    .where((eb) => eb.or([eb('name', '=', name), eb('short_name', '=', name)]))
    .executeTakeFirst();
}

export async function findOfficeDepartment(db: Kysely<DB>) {
  return db.selectFrom('departments').select(['id', 'name']).where('is_office', '=', 1).executeTakeFirstOrThrow();
}

export async function loginExists(db: Kysely<DB>, login: string): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst());
}

export async function insertUser(
  db: Kysely<DB>,
  row: { login: string; password_hash: string; role: string; department_id: number; display_name: string; email: string | null; created_at: string },
): Promise<number> {
  const r = await db.insertInto('users').values({ ...row, active: 1 }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}
