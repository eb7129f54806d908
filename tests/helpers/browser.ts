// The real portal on a loopback port, driven by Debian's Chromium through playwright-core.
// One server and one browser per test file; each person (citizen, office, clerk) gets a browser
// context of their own, so cookies never mix. The app's clock is the test clock: tests move it
// to check the due dates the pages show.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadCalendarRows } from '../../src/calendar/queries.ts';
import { createCalendar, type WorkCalendar } from '../../src/domain/calendar.ts';
import type { Role } from '../../src/domain/roles.ts';
import { createUser } from '../../src/users/service.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the networking switches Chromium keeps trying Google's services, which this machine's closed network refuses.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Generous for a loaded 2-core machine: a page with the whole layout still loads in well under this. */
export const UI_TIMEOUT_MS = 30_000;

export interface E2E {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) with the portal as base URL. */
  newContext(options?: { bypassCSP?: boolean }): Promise<BrowserContext>;
  /** A new page in a fresh context. */
  newPage(options?: { bypassCSP?: boolean }): Promise<Page>;
  /** A staff account created now and logged in through the login form, in its own context. */
  staffPage(role: Role, department?: string, options?: { bypassCSP?: boolean }): Promise<Page>;
  /** The working-day calendar exactly as the app has it in its database. */
  calendar(): Promise<WorkCalendar>;
  close(): Promise<void>;
}

let accounts = 0;

export async function startE2E(options: { now?: string } = {}): Promise<E2E> {
  // Sessions last a month so that moving the test clock by days does not log the staff out.
  const t = await createTestApp({ now: options.now, env: { SESSION_HOURS: '720' } });
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (error) {
    server.close();
    await t.destroy();
    throw error;
  }

  const contexts: BrowserContext[] = [];
  async function newContext(opts: { bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', bypassCSP: opts.bypassCSP ?? false });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(UI_TIMEOUT_MS);
    contexts.push(context);
    return context;
  }
  async function newPage(opts: { bypassCSP?: boolean } = {}) {
    return (await newContext(opts)).newPage();
  }

  return {
    t,
    baseUrl,
    browser,
    newContext,
    newPage,
    async staffPage(role, department, opts = {}) {
      accounts += 1;
      const login = `e2e${role.replace('_', '')}${accounts}`;
      const user = await createUser(t.db, { login, role, department: department ?? null, displayName: `测试用户${accounts}` }, t.clock.now());
      const page = await newPage(opts);
      await page.goto('/staff/login');
      await page.getByLabel('登录名').fill(login);
      await page.getByLabel('密码').fill(user.password);
      await Promise.all([page.waitForURL((url) => url.pathname !== '/staff/login'), page.getByRole('button', { name: '登录' }).click()]);
      return page;
    },
    async calendar() {
      const { years, rows } = await loadCalendarRows(t.db);
      return createCalendar(years, rows);
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.destroy();
    },
  };
}
