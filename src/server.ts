// Starts the portal: configuration, database (migrated and seeded on first start), web server, mail worker, reminders, attachment sweep.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { sweepUnfinishedFiles } from './attachments/service.ts';
import { createCalendarSource } from './calendar/service.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { prepareDatabase } from './db/prepare.ts';
import { createPollingLoop } from './jobs/polling-loop.ts';
import { createLogger } from './logger.ts';
import { createMailTransport } from './mail/transport.ts';
import { createMailWorker } from './mail/worker.ts';
import { createReminderScheduler } from './reminders/scheduler.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const logger = createLogger(config.logLevel);
const database = await prepareDatabase(config);
const { db, kind } = database;
const calendar = createCalendarSource(db);
const app = createApp({ db, dbKind: kind, config, clock: systemClock, logger, calendar });

const transport = createMailTransport(config);
const mailWorker = createMailWorker({ db, kind, transport, clock: systemClock, logger, pollMs: config.mailPollMs });
const reminders = createReminderScheduler({ db, calendar, config, clock: systemClock, logger });
const HOUR_MS = 60 * 60_000;
const attachmentSweep = createPollingLoop(
  'attachment sweep',
  async () => {
    const swept = await sweepUnfinishedFiles(db, config.dataDir, systemClock.now());
    if (swept.finished + swept.removed > 0) logger.info(swept, 'unfinished attachment files tidied');
    return HOUR_MS;
  },
  HOUR_MS,
  logger,
);

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
  const lines = [`门户已启动：${config.publicUrl}  (database: ${kind})`];
  if (database.seed.admin) {
    lines.push(
      '已创建区政府办公室管理员账号（密码只显示这一次，请立即登录并妥善保存）：',
      `  登录名：${database.seed.admin.login}`,
      `  密码：  ${database.seed.admin.password}`,
    );
  }
  if (!config.smtpUrl) lines.push(`未设置 SMTP_URL：邮件将写入 ${config.dataDir}/mail/*.eml`);
  process.stdout.write(`${lines.join('\n')}\n`);
});
mailWorker.start();
reminders.start();
attachmentSweep.start();

const SHUTDOWN_GRACE_MS = 10_000;
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Requests in flight finish first, so a letter already stored still gets its receipt page (behind a
  // load balancer, a rolling restart then loses no answer); a connection still open after the grace
  // period is cut.
  await new Promise<void>((resolve) => {
    const grace = setTimeout(() => (server as Server).closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(grace);
      resolve();
    });
  });
  // Each finishes its current run before the database closes.
  await attachmentSweep.stop();
  await reminders.stop();
  await mailWorker.stop();
  transport.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
