// Runs the reminders in the server process: every interval (a minute by default) it records newly
// overdue cases, sends the day's digests when they are due, and deletes rate-limit counters that
// have expired (they hold client addresses). Safe with several server instances
// on one database: job_runs claims make each digest go out once, whichever instance gets there first.
import type { Clock } from '../clock.ts';
import { chinaDate } from '../domain/china-time.ts';
import type { Logger } from '../logger.ts';
import { recordOverdueCases, sendDailyDigests, type ReminderDeps } from './service.ts';
import { createPollingLoop } from '../jobs/polling-loop.ts';
import { purgeStaleThrottles } from '../throttle/service.ts';

export interface ReminderSchedulerDeps extends ReminderDeps {
  clock: Clock;
  logger: Logger;
  /** Time between the end of one run and the start of the next; default one minute. */
  intervalMs?: number;
}

export interface ReminderRun {
  /** became_overdue events recorded by this run. */
  overdueEvents: number;
  /** Digest mails this run put in the outbox. */
  digestMails: number;
}

export interface ReminderScheduler {
  runOnce(): Promise<ReminderRun>;
  start(): void;
  stop(): Promise<void>;
}

export function createReminderScheduler({ clock, logger, intervalMs = 60_000, ...deps }: ReminderSchedulerDeps): ReminderScheduler {
  // A missing calendar year is reported once a day, not at every run.
  let warnedOn: string | undefined;

  async function runOnce(): Promise<ReminderRun> {
    const now = clock.now();
    await purgeStaleThrottles(deps.db, now);
    const overdueEvents = await recordOverdueCases(deps, now);
    const digest = await sendDailyDigests(deps, now);
    if (digest.kind === 'calendar_missing') {
      const today = chinaDate(now);
      if (warnedOn !== today) {
        warnedOn = today;
        logger.warn({ year: digest.year }, 'daily digests skipped: the working-day calendar has no schedule for this year');
      }
    }
    if (overdueEvents > 0 || (digest.kind === 'done' && digest.mails > 0)) {
      logger.info({ overdueEvents, digestMails: digest.kind === 'done' ? digest.mails : 0 }, 'reminders recorded');
    }
    return { overdueEvents, digestMails: digest.kind === 'done' ? digest.mails : 0 };
  }

  const loop = createPollingLoop(
    'reminder',
    async () => {
      await runOnce();
      return intervalMs;
    },
    intervalMs,
    logger,
  );
  return { runOnce, ...loop };
}
