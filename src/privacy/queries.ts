// SQL of personal-data erasure.
import type { Kysely, Transaction } from 'kysely';
import type { CaseUpdate, DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * What identifies or reaches the applicant, and what it becomes. Every other column (channel,
 * category, applicant type, dates, department, outcome) stays: the statistics and the annual
 * report count them. Name and phone are NOT NULL: the empty text means "none", as elsewhere.
 */
const BLANK = {
  applicant_name: '',
  id_number: null,
  credit_code: null,
  legal_representative: null,
  contact_name: null,
  phone: '',
  email: null,
  address: null,
  postcode: null,
} satisfies CaseUpdate;

export const ERASED_FIELDS = Object.keys(BLANK);

export async function caseExists(db: Executor, caseId: number): Promise<boolean> {
  return (await db.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst()) !== undefined;
}

export async function findErasure(db: Executor, caseId: number) {
  return db
    .selectFrom('case_events')
    .select(['at', 'actor_label'])
    .where('case_id', '=', caseId)
    .where('type', '=', 'personal_data_erased')
    .executeTakeFirst();
}

export async function blankApplicantFields(db: Executor, caseId: number, at: string): Promise<void> {
  await db
    .updateTable('cases')
    .set({ ...BLANK, updated_at: at })
    .where('id', '=', caseId)
    .execute();
}

/** Mails to the applicant (the receipt, the notices) carry the name and the address: all of them go. */
export async function deleteApplicantMails(db: Executor, caseId: number): Promise<number[]> {
  const rows = await db
    .deleteFrom('outbox')
    .where('case_id', '=', caseId)
    .where((eb) => eb.or([eb('kind', '=', 'receipt'), eb('kind', 'like', 'applicant%')]))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
