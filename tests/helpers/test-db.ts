// A freshly migrated and seeded database for one test file, with its own temp folder for files.
// SQLite by default; a new PostgreSQL database on the server named by TEST_DATABASE_URL when set
// (the postgres project of vitest.config.ts sets it), dropped again afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { prepareDatabase } from '../../src/db/prepare.ts';
import type { Database } from '../../src/db/database.ts';
import type { SeedResult } from '../../src/db/seed.ts';

export interface TestDatabase extends Database {
  url: string;
  dir: string;
  seed: SeedResult;
  destroy(): Promise<void>;
}

async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(now = new Date('2026-03-02T02:00:00Z')): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-test-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  let url = `sqlite:${join(dir, 'portal.sqlite')}`;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `portal_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDatabase = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const database = await prepareDatabase({ databaseUrl: url }, now);
  return {
    ...database,
    url,
    dir,
    async destroy() {
      await database.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
