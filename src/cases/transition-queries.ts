// SQL of the case service: locking the case row, its clock steps, department lookups.
import type { Transaction } from 'kysely';
import type { DatabaseKind } from '../db/database.ts';
import type { CaseUpdate, DB } from '../db/schema.ts';
import type { ClockStep } from '../domain/deadlines.ts';

/**
 * The case row, locked for the rest of the transaction. PostgreSQL needs FOR UPDATE so two clerks
 * cannot both move the same case; SQLite has one writer at a time and no FOR UPDATE syntax.
 */
export async function lockCase(trx: Transaction<DB>, kind: DatabaseKind, id: number) {
  const query = trx.selectFrom('cases').selectAll().where('id', '=', id);
  return (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function updateCase(trx: Transaction<DB>, id: number, update: CaseUpdate) {
  await trx.updateTable('cases').set(update).where('id', '=', id).execute();
}

/** The deadline-relevant steps recorded so far, oldest first. */
export async function listClockEvents(trx: Transaction<DB>, caseId: number): Promise<ClockStep[]> {
  const rows = await trx
    .selectFrom('case_events')
    .select('payload')
    .where('case_id', '=', caseId)
    .where('payload', 'like', '%"clock":%')
    .orderBy('id')
    .execute();
  return rows.map((r) => (JSON.parse(r.payload) as { clock: ClockStep }).clock).filter(Boolean);
}

export async function findDepartment(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('departments').select(['id', 'name', 'active', 'is_office']).where('id', '=', id).executeTakeFirst();
}

export async function listDepartmentStaffEmails(trx: Transaction<DB>, departmentId: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('users')
    .select('email')
    .where('department_id', '=', departmentId)
    .where('active', '=', 1)
    .where('email', 'is not', null)
    .execute();
  return rows.map((r) => r.email!);
}
