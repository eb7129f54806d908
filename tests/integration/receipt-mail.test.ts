// The receipt mail, end to end: a citizen submits with an e-mail address, the worker sends the
// outbox over real SMTP, and the mail that arrives carries the reference and the query code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createMailTransport, type MailTransport } from '../../src/mail/transport.ts';
import { createMailWorker } from '../../src/mail/worker.ts';
import { LETTER, ORG_APPLICATION, PERSON_APPLICATION, submitAndReadReceipt } from '../helpers/intake.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let sink: SmtpSink;
let transport: MailTransport;

beforeEach(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
  transport = createMailTransport({ smtpUrl: sink.url, mailFrom: t.config.mailFrom, dataDir: t.config.dataDir });
});
afterEach(async () => {
  transport.close();
  await sink.close();
  await t.destroy();
});

function runWorkerOnce() {
  const worker = createMailWorker({ db: t.db, kind: t.database.kind, transport, clock: t.clock, logger: createLogger('silent'), pollMs: 1000 });
  return worker.runOnce();
}

describe('the receipt mail', () => {
  it('a letter with an e-mail: exactly one mail to that address, reference in subject and body, query code in the body only', async () => {
    const { reference, code } = await submitAndReadReceipt(t, '/letters/mayor', LETTER);
    expect(sink.messages).toHaveLength(0); // queued, not sent inside the request

    expect(await runWorkerOnce()).toEqual({ sent: 1, failed: 0 });
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0];
    expect(mail.to).toEqual(['zhang.san@example.com']);
    expect(mail.subject).toContain(reference);
    expect(mail.subject).toContain('区长信箱');
    expect(mail.subject).not.toContain(code);
    expect(mail.subject).not.toContain(code.replaceAll('-', ''));
    expect(mail.text).toContain(`编号：${reference}`);
    expect(mail.text).toContain(`查询码：${code}`);
    expect(mail.text).toContain('张三');
    expect(mail.text).toContain(`${t.config.publicUrl}/lookup`);
    // The raw message may carry the code only in the (encoded) body, never in a header.
    const rawHeaders = mail.raw.split(/\r?\n\r?\n/)[0];
    expect(rawHeaders).not.toContain(code.replaceAll('-', ''));
    expect(mail.headers.get('from')).toBeDefined();

    const row = await t.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    // A second run sends nothing more.
    expect(await runWorkerOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
  });

  it('a disclosure application: the mail names the channel and the expected reply date', async () => {
    const { reference, code } = await submitAndReadReceipt(t, '/disclosure', PERSON_APPLICATION);
    await runWorkerOnce();
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0];
    expect(mail.to).toEqual(['wxm@example.cn']);
    expect(mail.subject).toContain(reference);
    expect(mail.subject).toContain('政府信息公开申请');
    expect(mail.subject).not.toContain(code.replaceAll('-', ''));
    expect(mail.text).toContain(`查询码：${code}`);
    expect(mail.text).toContain('2026年3月30日');
  });

  it('no e-mail address given: the worker has nothing to send', async () => {
    await submitAndReadReceipt(t, '/disclosure', ORG_APPLICATION);
    expect(await runWorkerOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sink.messages).toEqual([]);
  });
});
