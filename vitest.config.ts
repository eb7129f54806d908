import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Migrations are .ts files loaded by dynamic import; vitest must transform kysely's import path for them.
    server: { deps: { inline: ['kysely'] } },
  },
});
