// A conditional count in SQL both databases run the same way (the statistics and the annual report use it).
import { sql, type RawBuilder } from 'kysely';

/**
 * The rows matching the condition. An aggregate FILTER rather than sum(case … then 1 else 0 end): SQLite
 * skips the aggregate step for the other rows: 5–8% of a year's grouped figures at 1M cases (bench/RESULTS.md).
 */
export function countWhen(condition: RawBuilder<unknown>) {
  return sql<number>`count(*) filter (where ${condition})`;
}
