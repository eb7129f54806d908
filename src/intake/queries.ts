import type { Kysely } from 'kysely';
import { LETTER_CATEGORIES, type LetterCategory } from '../domain/codes.ts';
import type { DB } from '../db/schema.ts';

/** The office's reply limit per letter category, in the order of the categories. */
export async function letterLimits(db: Kysely<DB>): Promise<Array<{ category: LetterCategory; days: number }>> {
  const rows = await db.selectFrom('category_deadlines').select(['category', 'working_days']).execute();
  return LETTER_CATEGORIES.flatMap((category) => {
    const row = rows.find((r) => r.category === category);
    return row ? [{ category, days: Number(row.working_days) }] : [];
  });
}
