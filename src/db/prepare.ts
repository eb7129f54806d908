// Open, migrate and seed: what the first start and every CLI command do before anything else.
import type { Config } from '../config.ts';
import { openDatabase, type Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { seedDatabase, type SeedResult } from './seed.ts';

export async function prepareDatabase(config: Pick<Config, 'databaseUrl'>, now = new Date()): Promise<Database & { seed: SeedResult }> {
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
    const seed = await seedDatabase(database.db, now);
    return { ...database, seed };
  } catch (error) {
    await database.close();
    throw error;
  }
}
