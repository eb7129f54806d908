// Rate-limit and slow-down counters hold client addresses: the scheduler deletes them once they are over.
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { createCalendarSource } from '../../src/calendar/service.ts';
import { createReminderScheduler } from '../../src/reminders/scheduler.ts';
import { fileMayorLetter } from '../helpers/cases.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
afterEach(async () => {
  await t.destroy();
});

const lookupFrom = (ip: string, reference: string, code: string) =>
  postForm(t, '/lookup', { reference, code }, { headers: { 'x-forwarded-for': ip } });

const throttleKeys = async () => (await t.db.selectFrom('throttle').select('key').orderBy('key').execute()).map((r) => r.key);

it('deletes counters a day after their window started, but keeps one that still blocks an address', async () => {
  t = await createTestApp({ now: '2026-03-02T02:00:00Z', env: { TRUST_PROXY: '1' } });
  const letter = await fileMayorLetter(t);
  await lookupFrom('198.51.100.7', letter.reference, 'WRONGWRONGWR');
  expect(await throttleKeys()).toEqual(['lookup:198.51.100.7', 'rate:lookup:198.51.100.7']);

  const scheduler = createReminderScheduler({
    db: t.db,
    calendar: createCalendarSource(t.db),
    config: t.config,
    clock: t.clock,
    logger: pino({ level: 'silent' }),
  });
  t.clock.set('2026-03-02T20:00:00Z');
  // A guesser from another address who is blocked right now keeps the block.
  for (let i = 0; i < 6; i++) await lookupFrom('203.0.113.9', letter.reference, 'WRONGWRONGWR');
  await scheduler.runOnce();
  expect(await throttleKeys()).toContain('lookup:198.51.100.7');

  t.clock.set('2026-03-03T02:00:01Z');
  await t.db.updateTable('throttle').set({ blocked_until: '2026-03-03T03:00:00.000Z' }).where('key', '=', 'lookup:203.0.113.9').execute();
  await t.db.updateTable('throttle').set({ window_started_at: '2026-03-01T00:00:00.000Z' }).where('key', 'like', '%203.0.113.9').execute();
  await scheduler.runOnce();
  expect(await throttleKeys()).toEqual(['lookup:203.0.113.9']);

  t.clock.set('2026-03-03T03:00:01Z');
  await scheduler.runOnce();
  expect(await throttleKeys()).toEqual([]);
});
