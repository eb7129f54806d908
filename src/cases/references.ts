// Case references: prefix + year + a counter per channel and year, e.g. XZ2026-000123.
import { sql, type Kysely, type Transaction } from 'kysely';
import { REFERENCE_PREFIXES, type Channel } from '../domain/codes.ts';
import type { DB } from '../db/schema.ts';
import { prepareQuery } from '../db/prepared-query.ts';

export function formatReference(channel: Channel, year: number, n: number): string {
  return `${REFERENCE_PREFIXES[channel]}${year}-${String(n).padStart(6, '0')}`;
}

const nextNumberQuery = prepareQuery((db, p: { channel: string; year: number }) =>
  db
    .insertInto('reference_counters')
    .values({ channel: p.channel, year: p.year, last_number: 1 })
    .onConflict((oc) => oc.columns(['channel', 'year']).doUpdateSet({ last_number: sql`reference_counters.last_number + 1` }))
    .returning('last_number'),
);

/**
 * The next reference of a channel and year. Must run inside the transaction that inserts the case:
 * the counter row stays locked until commit, so concurrent submissions neither share a number nor
 * leave a gap (a rolled-back submission rolls its number back too).
 */
export async function allocateReference(trx: Transaction<DB> | Kysely<DB>, channel: Channel, year: number): Promise<string> {
  const [row] = (await nextNumberQuery(trx, { channel, year })).rows;
  return formatReference(channel, year, Number(row!.last_number));
}
