import pg from 'pg';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PostgreSQL server for the second pass: TEST_DATABASE_URL, or one answering at the default address. */
async function findPostgres(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

const INTEGRATION = ['tests/integration/**/*.test.{ts,tsx}'];

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const postgres = await findPostgres();
  if (!postgres) {
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error('REQUIRE_POSTGRES=1 but no PostgreSQL server answered (TEST_DATABASE_URL or 127.0.0.1:5432).');
    }
    process.stderr.write('PostgreSQL pass SKIPPED: no server at TEST_DATABASE_URL or 127.0.0.1:5432; only SQLite was tested.\n');
  }
  return {
    test: {
      testTimeout: 20_000,
      hookTimeout: 60_000,
      // Migrations are .ts files loaded by dynamic import; vitest must transform kysely's import path for them.
      server: { deps: { inline: ['kysely'] } },
      projects: [
        { extends: true as const, test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'] } },
        // Empty TEST_DATABASE_URL: this pass stays on SQLite even when CI sets the variable for the run.
        { extends: true as const, test: { name: 'sqlite', include: INTEGRATION, env: { TEST_DATABASE_URL: '' } } },
        ...(postgres
          ? [{ extends: true as const, test: { name: 'postgres', include: INTEGRATION, env: { TEST_DATABASE_URL: postgres } } }]
          : []),
        // Real Chromium against the real server: one file at a time (each starts a browser), on SQLite, with room for a loaded machine.
        {
          extends: true as const,
          test: {
            name: 'e2e',
            include: ['tests/e2e/**/*.test.ts'],
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: false,
            env: { TEST_DATABASE_URL: '' },
          },
        },
      ],
    },
  };
});
