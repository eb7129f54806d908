// SQL of the cases a calendar change reaches.
import type { Transaction } from 'kysely';
import { OPEN_STATUSES } from '../domain/case-state.ts';
import type { DB } from '../db/schema.ts';

/** Open cases with a running due date that falls in or after the span, received before its end. */
export async function listOpenCasesSpanning(trx: Transaction<DB>, span: { from: string; to: string }) {
  const rows = await trx
    .selectFrom('cases')
    .select(['id', 'channel', 'due_on'])
    .where('status', 'in', OPEN_STATUSES)
    .where('due_on', '>=', span.from)
    .where('received_on', '<=', span.to)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), channel: r.channel, due_on: r.due_on! }));
}

export async function setDueOn(trx: Transaction<DB>, caseId: number, dueOn: string, at: string): Promise<void> {
  await trx.updateTable('cases').set({ due_on: dueOn, updated_at: at }).where('id', '=', caseId).execute();
}

/** Cases waiting for the applicant's 补正 whose answer deadline falls in or after the span. */
export async function listAwaitedSupplementsSpanning(trx: Transaction<DB>, span: { from: string; to: string }) {
  const rows = await trx
    .selectFrom('cases')
    .select(['id', 'supplement_due_on'])
    .where('status', '=', 'awaiting_supplement')
    .where('supplement_due_on', '>=', span.from)
    .where('received_on', '<=', span.to)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), supplement_due_on: r.supplement_due_on! }));
}

export async function setSupplementDueOn(trx: Transaction<DB>, caseId: number, dueOn: string, at: string): Promise<void> {
  await trx.updateTable('cases').set({ supplement_due_on: dueOn, updated_at: at }).where('id', '=', caseId).execute();
}
