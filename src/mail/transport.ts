// Delivers one composed mail: over SMTP when SMTP_URL is set, else as an .eml file under
// DATA_DIR/mail, so a portal without a mail server still keeps every notice it would have sent.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per outbox row, so a mail sent again after a crash is recognisable as the same one. */
  messageId: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : fileTransport(join(config.dataDir, 'mail'), config.mailFrom);
}

function smtpTransport(url: string, from: string): MailTransport {
  // Short timeouts: a dead server should fail the attempt quickly (the outbox retries later)
  // rather than hold the worker and outlive the claim on its batch.
  // A pooled connection sends a batch without a new SMTP handshake per mail (about 100 ms each).
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
    },
    close: () => transporter.close(),
  };
}

function fileTransport(dir: string, from: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail) {
      const info = await composer.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
      await mkdir(dir, { recursive: true });
      // Named after the Message-ID: a resend overwrites the same file instead of duplicating it.
      const file = join(dir, `${safeFileName(mail.messageId)}.eml`);
      // Written aside and renamed, so a reader never sees a half-written message.
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, info.message as Buffer);
      await rename(temp, file);
    },
    close: () => composer.close(),
  };
}

function safeFileName(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
}
