// All SQL of the office administrator's pages: staff accounts, departments, the working-day calendar,
// letter limits and failed mails.
import type { Kysely, Transaction } from 'kysely';
import { OPEN_STATUSES } from '../domain/case-state.ts';
import type { DayKind } from '../domain/calendar.ts';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

// ---- staff accounts ----

export async function listUsers(db: Executor) {
  return db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'users.id',
      'users.login',
      'users.display_name',
      'users.role',
      'users.email',
      'users.active',
      'departments.name as department_name',
    ])
    .orderBy('users.active', 'desc')
    .orderBy('users.login')
    .execute();
}

export async function findUser(db: Executor, id: number) {
  return db.selectFrom('users').select(['id', 'login', 'display_name', 'role', 'active', 'password_hash']).where('id', '=', id).executeTakeFirst();
}

export async function setUserActive(db: Executor, id: number, active: boolean) {
  await db.updateTable('users').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
}

export async function setUserPasswordHash(db: Executor, id: number, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Executor, userId: number) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// ---- departments ----

export async function listDepartmentsWithCounts(db: Executor) {
  const rows = await db
    .selectFrom('departments')
    .select((eb) => [
      'departments.id',
      'departments.name',
      'departments.short_name',
      'departments.email',
      'departments.is_office',
      'departments.active',
      eb
        .selectFrom('cases')
        .select((c) => c.fn.countAll().as('n'))
        .whereRef('cases.department_id', '=', 'departments.id')
        .as('total_cases'),
      eb
        .selectFrom('cases')
        .select((c) => c.fn.countAll().as('n'))
        .whereRef('cases.department_id', '=', 'departments.id')
        .where('cases.status', 'in', OPEN_STATUSES)
        .as('open_cases'),
    ])
    .orderBy('departments.sort_order')
    .orderBy('departments.id')
    .execute();
  // PostgreSQL answers counts as text.
  return rows.map((r) => ({ ...r, total_cases: Number(r.total_cases ?? 0), open_cases: Number(r.open_cases ?? 0) }));
}

export async function findDepartment(db: Executor, id: number) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findActiveDepartment(db: Executor, id: number) {
  return db.selectFrom('departments').select(['id', 'name', 'is_office']).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
}

export async function listActiveUnitDepartments(db: Executor) {
  return db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .where('is_office', '=', 0)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** Names and short names are looked up by the CLI and the forms, so both must be unique. */
export async function departmentNameTaken(db: Executor, value: string, exceptId: number | null): Promise<boolean> {
  let query = db
    .selectFrom('departments')
    .select('id')
    .where((eb) => eb.or([eb('name', '=', value), eb('short_name', '=', value)]));
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return Boolean(await query.executeTakeFirst());
}

export async function insertDepartment(db: Executor, row: { name: string; short_name: string; email: string | null; created_at: string }) {
  const last = await db
    .selectFrom('departments')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .executeTakeFirst();
  await db
    .insertInto('departments')
    .values({ ...row, is_office: 0, active: 1, sort_order: Number(last?.m ?? 0) + 1 })
    .execute();
}

export async function updateDepartment(db: Executor, id: number, row: { name: string; short_name: string; email: string | null }) {
  await db.updateTable('departments').set(row).where('id', '=', id).execute();
}

export async function setDepartmentActive(db: Executor, id: number, active: boolean) {
  await db.updateTable('departments').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
}

export async function countOpenCases(db: Executor, departmentId: number): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('department_id', '=', departmentId)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- letter limits ----

export async function saveLetterLimits(db: Kysely<DB>, limits: Array<{ category: string; days: number }>) {
  await db.transaction().execute(async (trx) => {
    for (const { category, days } of limits) {
      await trx
        .insertInto('category_deadlines')
        .values({ category, working_days: days })
        .onConflict((oc) => oc.column('category').doUpdateSet({ working_days: days }))
        .execute();
    }
  });
}

// ---- working-day calendar ----

export async function listCalendarYears(db: Executor) {
  const rows = await db.selectFrom('calendar_years').select(['year', 'source', 'updated_at']).orderBy('year').execute();
  return rows.map((r) => ({ ...r, year: Number(r.year) }));
}

export async function findCalendarYear(db: Executor, year: number) {
  return db.selectFrom('calendar_years').select(['year', 'source', 'updated_at']).where('year', '=', year).executeTakeFirst();
}

export async function listHolidaysOfYear(db: Executor, year: number) {
  return db
    .selectFrom('holidays')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

/** The year's schedule as a whole: its old rows go, the new ones and the year's entry come in one transaction. */
export async function replaceYearSchedule(
  trx: Transaction<DB>,
  year: number,
  rows: Array<{ date: string; kind: DayKind; name: string }>,
  source: string,
  at: string,
) {
  await trx.deleteFrom('holidays').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
  for (let i = 0; i < rows.length; i += 200) {
    await trx.insertInto('holidays').values(rows.slice(i, i + 200)).execute();
  }
  await trx
    .insertInto('calendar_years')
    .values({ year, source, updated_at: at })
    .onConflict((oc) => oc.column('year').doUpdateSet({ source, updated_at: at }))
    .execute();
}

// ---- failed mails ----

export async function caseReferences(db: Executor, caseIds: number[]): Promise<Map<number, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.selectFrom('cases').select(['id', 'reference']).where('id', 'in', caseIds).execute();
  return new Map(rows.map((r) => [Number(r.id), r.reference]));
}
