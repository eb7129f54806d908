// Whole cases through HTTP, day by day on the 2026 calendar: a 区长信箱 letter from filing to the
// citizen's reply, and a disclosure application through 补正, consultation and extension to its notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createMailTransport } from '../../src/mail/transport.ts';
import { createMailWorker } from '../../src/mail/worker.ts';
import { departmentId, fileDisclosure, fileMayorLetter } from '../helpers/cases.ts';
import { byId, formValue, textOf } from '../helpers/html.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { loginAs } from '../helpers/staff.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let sink: SmtpSink;
let education: number;
let office: string;
let clerk: string;

beforeAll(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
  education = await departmentId(t, '教育局');
});

afterAll(async () => {
  await sink.close();
  await t.destroy();
});

/** 10:00 in China on that day; sessions last hours, so everyone logs in again. */
async function day(date: string) {
  t.clock.set(`${date}T02:00:00Z`);
  office = (await loginAs(t, 'office_staff')).cookie;
  clerk = (await loginAs(t, 'dept_staff', '教育局')).cookie;
}

async function act(id: number, slug: string, cookie: string, values: Record<string, string> = {}) {
  const res = await postForm(t, `/cases/${id}/${slug}`, values, { cookie });
  expect(res.status, `${slug}: ${textOf(await res.clone().text()).slice(0, 300)}`).toBe(303);
  expect(res.headers.get('location')).toBe(`/cases/${id}`);
}

async function page(id: number, cookie: string): Promise<{ html: string; text: string }> {
  const res = await t.app.request(`/cases/${id}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const html = await res.text();
  return { html, text: textOf(byId(html, 'main')!.inner) };
}

async function caseRow(id: number) {
  return t.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The "how the due date was reached" lines of the page. */
function explanation(html: string): string[] {
  const section = byId(html, 'deadline-heading') ? html.slice(html.indexOf('id="deadline-heading"')) : '';
  const list = section.slice(0, section.indexOf('</ol>'));
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!));
}

describe('a 区长信箱 letter, filed to answered', () => {
  it('goes office → 教育局 → review (returned once) → reply, and the citizen sees and receives it', async () => {
    await day('2026-03-02');
    const letter = await fileMayorLetter(t);
    await act(letter.id, 'confirm', office, { received_on: '2026-03-02' });

    // Dispatched on Tuesday 3 March: 投诉 has 15 working days, counted from the next day.
    await day('2026-03-03');
    await act(letter.id, 'dispatch', office, { department_id: String(education), note: '请核实后答复' });
    expect((await caseRow(letter.id)).due_on).toBe('2026-03-24');
    let view = await page(letter.id, clerk);
    expect(view.text).toContain('答复期限 2026-03-24 正常 剩余15个工作日');
    expect(explanation(view.html)).toEqual(['2026-03-03 受理来信，自次日起计15个工作日，应于2026-03-24前答复。']);

    await day('2026-03-10');
    await act(letter.id, 'save-draft', clerk, { reply_text: '您反映的路面破损问题已转交养护单位处理。' });
    await act(letter.id, 'submit-for-review', clerk);
    view = await page(letter.id, office);
    expect(view.text).toContain('答复草稿（待审核）');
    expect(view.text).toContain('您反映的路面破损问题已转交养护单位处理。');

    await act(letter.id, 'return-draft', office, { comment: '请写明维修完成的日期' });
    view = await page(letter.id, clerk);
    expect(view.text).toMatch(/退回修改 内部 测试\d+ 意见：请写明维修完成的日期/);
    // The returned draft is in the form, ready to revise.
    expect(formValue(byId(view.html, 'action-save-draft')!.inner, 'reply_text')).toBe('您反映的路面破损问题已转交养护单位处理。');

    const reply = '您反映的幸福路与民主路交叉口路面破损问题，养护单位已于3月10日修复完毕。感谢您的监督。';
    await act(letter.id, 'save-draft', clerk, { reply_text: reply });
    await act(letter.id, 'submit-for-review', clerk);

    await day('2026-03-11');
    await act(letter.id, 'approve', office);
    const closed = await caseRow(letter.id);
    expect(closed.status).toBe('closed');
    expect(closed.closed_on).toBe('2026-03-11');
    expect(closed.reply_text).toBe(reply);
    view = await page(letter.id, office);
    expect(view.text).toContain('答复期限 2026-03-24 按期办结');

    // The citizen's lookup.
    const lookup = await postForm(t, '/lookup', { reference: letter.reference, code: letter.queryCode });
    expect(lookup.status).toBe(200);
    const seen = textOf(await lookup.text());
    expect(seen).toContain('已办结');
    expect(seen).toContain(reply);
    expect(seen).not.toContain('请写明维修完成的日期'); // the office's comment is internal

    // The reply mail, through a real SMTP server.
    const worker = createMailWorker({
      db: t.db,
      kind: t.database.kind,
      transport: createMailTransport({ smtpUrl: sink.url, mailFrom: '区政府办公室 <noreply@portal.example.gov.cn>', dataDir: t.database.dir }),
      clock: t.clock,
      logger: createLogger('silent'),
      pollMs: 1000,
    });
    while ((await worker.runOnce()).sent > 0);
    const toCitizen = sink.messages.filter((m) => m.to.includes('zhangsan@example.com'));
    const replyMail = toCitizen.find((m) => m.subject.includes('您的来信已答复'));
    expect(replyMail?.subject).toBe(`【示例区政民互动】您的来信已答复（编号${letter.reference}）`);
    expect(replyMail?.text).toContain('张三：');
    expect(replyMail?.text).toContain('答复已发布，请凭编号和查询码登录查看答复全文');
  });
});

describe('a disclosure application with 补正, consultation and extension', () => {
  it('has the right due date at every step and closes with the notice of 部分公开', async () => {
    await day('2026-03-02');
    const app = await fileDisclosure(t);
    const id = app.id;
    await act(id, 'confirm', office, { received_on: '2026-03-02' });
    await act(id, 'dispatch', office, { department_id: String(education) });
    expect((await caseRow(id)).due_on).toBe('2026-03-30');

    // 补正 on Wednesday 4 March: the due date is gone while the applicant is asked.
    await day('2026-03-04');
    await act(id, 'request-supplement', clerk, { missing: '请写明需要哪一个小区、哪一年度的资金安排。' });
    let row = await caseRow(id);
    expect(row.status).toBe('awaiting_supplement');
    expect(row.due_on).toBeNull();
    expect(row.supplement_due_on).toBe('2026-03-25');
    let view = await page(id, clerk);
    expect(view.text).toContain('答复期限 暂停计时 等待申请人补正，补正期限至2026-03-25');

    // Supplement on Tuesday 10 March: 20 working days run anew from that day (across Qingming 4–6 April).
    await day('2026-03-10');
    await act(id, 'record-supplement', clerk, { content: '幸福小区，2025年度。', received_on: '2026-03-10' });
    expect((await caseRow(id)).due_on).toBe('2026-04-08');

    // Third party consulted from Friday 20 March: 12 working days were left.
    await day('2026-03-20');
    await act(id, 'start-consultation', clerk, { party: 'third_party', note: '涉及施工企业的报价，征求该企业意见。' });
    row = await caseRow(id);
    expect(row.status).toBe('consulting');
    expect(row.due_on).toBeNull();
    expect((await page(id, clerk)).text).toContain('征求意见中，剩余12个工作日');

    // Answer on Friday 3 April: the 12 days resume after the Qingming holiday (4–6 April).
    await day('2026-04-03');
    await act(id, 'end-consultation', clerk, { note: '企业同意公开除报价明细外的内容。' });
    expect((await caseRow(id)).due_on).toBe('2026-04-22');

    // Extension of 10 working days, over Labour Day (1–5 May) to the make-up working Saturday 9 May.
    await day('2026-04-07');
    await act(id, 'request-extension', clerk, { days: '10', reason: '需对报价明细作区分处理。' });
    expect((await caseRow(id)).due_on).toBe('2026-04-22');
    expect((await page(id, office)).text).toContain('申请延长10个工作日，待区政府办公室审批。理由：需对报价明细作区分处理。');

    await day('2026-04-08');
    await act(id, 'decide-extension', office, { decision: 'approve', comment: '同意' });
    row = await caseRow(id);
    expect(row.due_on).toBe('2026-05-09');
    expect(row.extension_requested_days).toBeNull();
    const extensionMail = await t.db.selectFrom('outbox').selectAll().where('case_id', '=', id).where('kind', '=', 'applicant_decide_extension').executeTakeFirst();
    expect(extensionMail?.to_address).toBe('lisi@example.com');
    expect(extensionMail?.text_body).toContain('答复期限延长10个工作日');

    view = await page(id, clerk);
    expect(explanation(view.html)).toEqual([
      '2026-03-02 收到申请（受理），依条例第三十三条自次日起计20个工作日，应于2026-03-30前答复。',
      '2026-03-04 发出补正通知（条例第三十条），办理期限中止，待收到补正材料后重新计算。',
      '2026-03-10 收到补正材料，依条例第三十条自次日起重新计算20个工作日，应于2026-04-08前答复。',
      '2026-03-20 征求第三方意见（条例第三十二条），期限暂停（剩余12个工作日）。',
      '2026-04-03 征求意见结束，恢复计时，剩余12个工作日，应于2026-04-22前答复。',
      '2026-04-08 延长答复期限10个工作日（条例第三十三条第二款），应于2026-05-09前答复。',
    ]);
    expect(view.text).toContain('答复期限 2026-05-09 正常');
    expect(view.text).toContain('（已延期）');
    // The timeline tells the applicant-visible steps from the internal ones.
    expect(view.text).toMatch(/申请延期 内部 测试\d+ 理由：需对报价明细作区分处理。 申请延长：10个工作日/);
    expect(view.text).toMatch(/延期审批 申请人可见 测试\d+ 经批准，答复期限延长10个工作日/);

    // Only one extension (条例第三十三条第二款).
    const second = await postForm(t, `/cases/${id}/request-extension`, { days: '5', reason: '仍需时间' }, { cookie: clerk });
    expect(second.status).toBe(422);
    expect(textOf(await second.text())).toContain('答复期限只能延长一次，本申请已延长过');
    expect((await caseRow(id)).extension_requested_days).toBeNull();

    const replyText = '现向您提供幸福小区2025年度改造资金安排表。施工企业的报价明细涉及其商业秘密，经征求意见该企业不同意公开，不予公开。';
    await day('2026-04-20');
    await act(id, 'save-draft', clerk, { outcome: 'partial', reply_text: replyText });
    const preview = await t.app.request(`/cases/${id}/notice`, { headers: { cookie: clerk } });
    expect(preview.status).toBe(200);
    expect(textOf(await preview.text())).toContain('草稿');
    await act(id, 'submit-for-review', clerk);

    await day('2026-04-21');
    await act(id, 'approve', office);
    row = await caseRow(id);
    expect(row.status).toBe('closed');
    expect(row.outcome).toBe('partial');
    expect(row.closed_on).toBe('2026-04-21');
    expect((await page(id, office)).text).toContain('答复结果：部分公开');

    const notice = await t.app.request(`/cases/${id}/notice`, { headers: { cookie: office } });
    expect(notice.status).toBe(200);
    const html = await notice.text();
    const text = textOf(byId(html, 'main')!.inner);
    expect(text).toContain('答复结果：部分公开');
    expect(text).toContain('政府信息公开申请答复告知书');
    expect(text).toContain(`本机关于2026年3月2日收到您提出的政府信息公开申请（申请编号：${app.reference}）`);
    expect(text).toContain('《中华人民共和国政府信息公开条例》第三十六条第（二）项、第三十七条的规定');
    expect(text).toContain(replyText);
    expect(text).toContain('示例区人民政府办公室 2026年4月21日');
    expect(text).not.toContain('草稿');
  });

  it('refuses a 补正 request after the 7 working days of 条例第三十条', async () => {
    await day('2026-03-02');
    const inTime = await fileDisclosure(t);
    const late = await fileDisclosure(t);
    for (const c of [inTime, late]) {
      await act(c.id, 'confirm', office, { received_on: '2026-03-02' });
      await act(c.id, 'dispatch', office, { department_id: String(education) });
    }

    // The 7th working day after 2 March is Wednesday 11 March: still in time.
    await day('2026-03-11');
    await act(inTime.id, 'request-supplement', clerk, { missing: '请写明年份。' });
    expect((await caseRow(inTime.id)).status).toBe('awaiting_supplement');

    await day('2026-03-12');
    const before = await caseRow(late.id);
    const res = await postForm(t, `/cases/${late.id}/request-supplement`, { missing: '请写明年份。' }, { cookie: clerk });
    expect(res.status).toBe(409);
    const text = textOf(byId(await res.text(), 'main')!.inner);
    expect(text).toContain('依条例第三十条，补正通知应自收到申请之日起7个工作日内发出（最迟2026-03-11），2026-03-12已超出该期限。');
    expect(await caseRow(late.id)).toEqual(before);
  });
});
