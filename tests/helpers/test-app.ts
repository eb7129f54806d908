// The real app on a fresh database with a clock the test controls.
import { createApp } from '../../src/app.ts';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export interface TestClock {
  now(): Date;
  set(instant: string | Date): void;
}

export function createTestClock(start: string | Date): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant);
    },
  };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: TestDatabase['db'];
  database: TestDatabase;
  clock: TestClock;
  config: Config;
  destroy(): Promise<void>;
}

/** Default time: Monday 2 March 2026, 10:00 in China. */
export async function createTestApp(
  options: { now?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const clock = createTestClock(options.now ?? '2026-03-02T02:00:00Z');
  const database = await createTestDatabase(clock.now());
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATA_DIR: database.dir,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const app = createApp({
    db: database.db,
    dbKind: database.kind,
    config,
    clock,
    logger: createLogger('silent'),
    calendar: createCalendarSource(database.db),
  });
  return { app, db: database.db, database, clock, config, destroy: () => database.destroy() };
}

export interface PostOptions {
  htmx?: boolean;
  origin?: string | null;
  cookie?: string;
  headers?: Record<string, string>;
}

/** A form POST as a browser sends it: urlencoded, with the page's Origin. */
export function postForm(t: Pick<TestApp, 'app'>, path: string, values: Record<string, string> | URLSearchParams, opts: PostOptions = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers };
  if (opts.origin !== null) headers.origin = opts.origin ?? 'http://localhost';
  if (opts.htmx) headers['hx-request'] = 'true';
  if (opts.cookie) headers.cookie = opts.cookie;
  const body = values instanceof URLSearchParams ? values : new URLSearchParams(values);
  return t.app.request(path, { method: 'POST', headers, body });
}

/** The cookie pairs a response sets, ready for a Cookie header. */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
