// Sends what the outbox holds: claims due mails, hands each to the transport, records the outcome.
// Any number of workers (server instances) may run against one database; the claim keeps them apart.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DatabaseKind } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { claimDueMails, loadMessageIdTag, markMailFailed, markMailsSent } from './outbox.ts';
import type { MailTransport } from './transport.ts';
import { createPollingLoop } from '../jobs/polling-loop.ts';

export interface MailWorkerDeps {
  db: Kysely<DB>;
  kind: DatabaseKind;
  transport: MailTransport;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  batchSize?: number;
}

export interface MailWorker {
  runOnce(): Promise<{ sent: number; failed: number }>;
  start(): void;
  stop(): Promise<void>;
}

// 50 mails a claim: two commits (the claim, the marks) per 50 mails, each an fsync that intake waits
// behind; a slow mail server (1 s a mail) still gets through a claim within its 60 s.
export function createMailWorker({ db, kind, transport, clock, logger, pollMs, batchSize = 50 }: MailWorkerDeps): MailWorker {
  let messageIdTag: string | undefined;

  async function runOnce() {
    messageIdTag ??= await loadMessageIdTag(db);
    const mails = await claimDueMails(db, kind, clock.now(), batchSize);
    const sent: number[] = [];
    let failed = 0;
    try {
      for (const mail of mails) {
        // Past its claim another worker may already be sending this mail: leave the rest to the next claim.
        if (clock.now().toISOString() >= mail.locked_until!) break;
        try {
          await transport.send({
            to: mail.to_address,
            subject: mail.subject,
            text: mail.text_body,
            messageId: `<outbox-${mail.id}.${messageIdTag}@portal>`,
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await markMailFailed(db, mail.id, message, clock.now());
          // Never the body nor the address: both are the citizen's personal data.
          logger.warn({ mailId: mail.id, mailKind: mail.kind, caseId: mail.case_id, attempt: mail.attempts + 1, error: message }, 'mail not sent');
          failed++;
          continue;
        }
        sent.push(mail.id);
      }
    } finally {
      // One commit for the claim's sent mails, not one per mail (each is an fsync that intake waits
      // behind). A crash before it sends them again once the claim lapses: at least once, never lost.
      await markMailsSent(db, sent, clock.now());
    }
    return { sent: sent.length, failed };
  }

  // A full batch means more may be due: go on at once instead of waiting a poll interval.
  const loop = createPollingLoop(
    'mail worker',
    async () => {
      const { sent, failed } = await runOnce();
      return sent + failed === batchSize ? 0 : pollMs;
    },
    pollMs,
    logger,
  );
  return { runOnce, ...loop };
}
