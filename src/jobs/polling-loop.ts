// Runs a job again and again in the background, never two runs at once: the mail worker and the
// reminders share it. stop() waits for a run in progress, so shutdown never cuts a transaction.
import type { Logger } from '../logger.ts';

export interface PollingLoop {
  start(): void;
  stop(): Promise<void>;
}

/**
 * `run` answers how long to wait before the next run (ms). A failed run is logged under `name`
 * and the loop goes on after `intervalMs`.
 */
export function createPollingLoop(name: string, run: () => Promise<number>, intervalMs: number, logger: Logger): PollingLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let started = false;

  async function tick() {
    timer = undefined;
    let delay = intervalMs;
    running = run().then(
      (next) => {
        delay = next;
      },
      (error: unknown) => logger.error({ err: error }, `${name} run failed`),
    );
    await running;
    running = undefined;
    if (started) timer = setTimeout(tick, delay);
  }

  return {
    start() {
      if (started) return;
      started = true;
      // A run still finishing after stop() schedules the next one itself.
      if (!running) timer = setTimeout(tick, 0);
    },
    async stop() {
      started = false;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
