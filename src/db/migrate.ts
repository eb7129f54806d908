// Runs the migrations in migrations/ (files named YYYYMMDDHHMMSS_verb_noun.ts), oldest first.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Our own provider: Kysely's FileMigrationProvider cannot import .ts files under vitest. A migration's
// module is imported only when it runs: a database already up to date (every start but the first after
// an upgrade) imports none.
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const load = (): Promise<Migration> => import(pathToFileURL(MIGRATIONS_DIR + file).href);
      migrations[file.replace(/\.ts$/, '')] = {
        up: async (db) => (await load()).up(db),
        down: async (db) => (await load()).down?.(db),
      };
    }
    return migrations;
  },
};

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
