// A freshly migrated and seeded SQLite database in a temp folder, for one test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDatabase } from '../../src/db/prepare.ts';
import type { Database } from '../../src/db/database.ts';
import type { SeedResult } from '../../src/db/seed.ts';

export interface TestDatabase extends Database {
  url: string;
  dir: string;
  seed: SeedResult;
  destroy(): Promise<void>;
}

export async function createTestDatabase(now = new Date('2026-03-02T02:00:00Z')): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-test-'));
  const url = `sqlite:${join(dir, 'portal.sqlite')}`;
  const database = await prepareDatabase({ databaseUrl: url }, now);
  return {
    ...database,
    url,
    dir,
    async destroy() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
