// The mail server is down while citizens submit: end to end through the forms, the outbox, the
// worker and a real SMTP server. (The worker's own rules are in mail-worker.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createMailTransport, type MailTransport } from '../../src/mail/transport.ts';
import { createMailWorker, type MailWorker } from '../../src/mail/worker.ts';
import { fileMayorLetter, type FiledCase } from '../helpers/cases.ts';
import { byId, textOf } from '../helpers/html.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { loginAs } from '../helpers/staff.ts';
import { cookiesFrom, createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let sink: SmtpSink;
let transport: MailTransport;
let worker: MailWorker;

beforeEach(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
  transport = createMailTransport({ smtpUrl: sink.url, mailFrom: '区政府办公室 <noreply@portal.example.gov.cn>', dataDir: t.database.dir });
  worker = createMailWorker({ db: t.db, kind: t.database.kind, transport, clock: t.clock, logger: createLogger('silent'), pollMs: 1000 });
});

afterEach(async () => {
  transport.close();
  await sink.close();
  await t.destroy();
});

function advance(ms: number) {
  t.clock.set(new Date(t.clock.now().getTime() + ms));
}

async function outbox() {
  return t.db.selectFrom('outbox').select(['id', 'case_id', 'to_address', 'status', 'attempts', 'next_attempt_at']).orderBy('id').execute();
}

const receiptSubject = (c: FiledCase) => `【示例区区长信箱】已收到您的提交，编号${c.reference}`;

describe('mail server down', () => {
  it('takes submissions, keeps their mails, retries with growing waits and delivers each exactly once', async () => {
    const { port } = sink;
    await sink.close();

    // Three citizens submit while no mail server answers: each gets the receipt page at once.
    const letters: FiledCase[] = [];
    for (const n of [1, 2, 3]) {
      const posted = await postForm(t, '/letters/mayor', {
        name: `市民${n}`,
        phone: '13812345678',
        email: `citizen${n}@example.cn`,
        category: 'inquiry',
        subject: `第${n}封来信：公园开放时间`,
        content: '请问人民公园春节期间的开放时间是否调整？',
      });
      expect(posted.status).toBe(303);
      const receipt = await t.app.request('/receipt', { headers: { cookie: cookiesFrom(posted) } });
      expect(receipt.status).toBe(200);
      const reference = /编号 ([A-Z]+\d{4}-\d{6})/.exec(textOf(byId(await receipt.text(), 'main')!.inner))![1]!;
      const row = await t.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
      letters.push({ id: row.id, reference, queryCode: '' });
    }

    // The worker tries, fails, and leaves them waiting: 30 s, then 60 s.
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 3 });
    advance(30_000);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 3 });
    for (const [i, mail] of (await outbox()).entries()) {
      expect(mail).toMatchObject({ case_id: letters[i]!.id, to_address: `citizen${i + 1}@example.cn`, status: 'pending', attempts: 2 });
      expect(Date.parse(mail.next_attempt_at) - t.clock.now().getTime()).toBe(60_000);
    }

    // The server is back; nothing goes before the wait is over, then everything goes once.
    sink = await startSmtpSink({ port });
    advance(59_000);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sink.messages).toHaveLength(0);
    advance(1_000);
    expect(await worker.runOnce()).toEqual({ sent: 3, failed: 0 });
    for (let i = 0; i < 5; i++) {
      advance(3_600_000);
      expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    }
    expect(sink.messages.map((m) => [m.to[0], m.subject])).toEqual(
      letters.map((c, i) => [`citizen${i + 1}@example.cn`, receiptSubject(c)]),
    );
    expect((await outbox()).map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('shows a mail that keeps failing to the office administrator, who sends it again or to a corrected address', async () => {
    const kept = await fileMayorLetter(t, { email: 'wangwu@example.cn' });
    const typo = await fileMayorLetter(t, { email: 'lisi@exmaple.cn' });
    // The server refuses both mails at every one of the worker's 8 attempts.
    sink.failNext(16, 550);
    let runs = 0;
    while (runs < 20 && (await outbox()).some((m) => m.status === 'pending')) {
      expect(await worker.runOnce()).toEqual({ sent: 0, failed: 2 });
      advance(3_600_000);
      runs++;
    }
    expect(runs).toBe(8);
    expect(sink.messages).toHaveLength(0);

    const admin = await loginAs(t, 'office_admin');
    const page = await t.app.request('/admin/mail', { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const [keptMail, typoMail] = await outbox();
    for (const [mail, filed] of [[keptMail!, kept], [typoMail!, typo]] as const) {
      const item = textOf(byId(html, `mail-${mail.id}`)!.inner);
      expect(item).toContain(`提交回执（${filed.reference}）`);
      expect(item).toMatch(/尝试次数 8/);
      expect(item).toContain('550');
    }

    const again = await postForm(t, `/admin/mail/${keptMail!.id}/retry`, {}, { cookie: admin.cookie });
    expect(again.status).toBe(303);
    const corrected = await postForm(t, `/admin/mail/${typoMail!.id}/retry`, { [`to_${typoMail!.id}`]: 'lisi@example.cn' }, { cookie: admin.cookie });
    expect(corrected.status).toBe(303);
    const after = await t.app.request('/admin/mail', { headers: { cookie: admin.cookie } });
    expect(byId(await after.text(), 'no-failed-mail')).toBeDefined();

    expect(await worker.runOnce()).toEqual({ sent: 2, failed: 0 });
    advance(3_600_000);
    expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(sink.messages.map((m) => [m.to[0], m.subject])).toEqual([
      ['wangwu@example.cn', receiptSubject(kept)],
      ['lisi@example.cn', receiptSubject(typo)],
    ]);
  });
});
