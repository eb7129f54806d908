// A conditional count in SQL both databases run the same way (the statistics and the annual report use it).
import { sql, type RawBuilder } from 'kysely';

/** 1 for each row matching the condition, summed. */
export function countWhen(condition: RawBuilder<unknown>) {
  return sql<number>`sum(case when ${condition} then 1 else 0 end)`;
}
