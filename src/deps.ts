// What the app is built from; tests pass the same things with a test clock and database.
import type { Kysely } from 'kysely';
import type { CalendarSource } from './calendar/service.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/database.ts';
import type { DB } from './db/schema.ts';
import type { Logger } from './logger.ts';

export interface AppDeps {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  config: Config;
  clock: Clock;
  logger: Logger;
  calendar: CalendarSource;
}
