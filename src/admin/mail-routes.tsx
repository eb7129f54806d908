// 发送失败的邮件: mails the worker gave up on, sent again as they are or to a corrected address.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { MailPage } from '../../views/admin/mail.tsx';
import { idParam } from './routes.tsx';
import { listFailedMails, retryFailedMail, type FieldErrors } from './service.ts';

const DONE: Record<string, string> = {
  retried: '邮件已放回发送队列，将在几分钟内重新发送。',
};

const GONE = '这封邮件已不在发送失败的列表中，可能已由他人重新发送。';

export function mailRoutes(deps: AppDeps) {
  const app = new Hono();

  async function page(c: Context, extra: { values?: Record<string, string>; errors?: FieldErrors; done?: string; problem?: string }, status: 200 | 422 = 200) {
    const mails = await listFailedMails(deps.db);
    return renderPage(
      c,
      { districtName: deps.config.districtName, title: '发送失败的邮件', status },
      <MailPage mails={mails} values={extra.values ?? {}} errors={extra.errors ?? {}} done={extra.done} problem={extra.problem} />,
    );
  }

  app.get('/admin/mail', (c) => {
    const done = c.req.query('done');
    return page(c, done === 'gone' ? { problem: GONE } : { done: DONE[done ?? ''] });
  });

  app.post('/admin/mail/:id/retry', async (c) => {
    const id = idParam(c.req.param('id'));
    const form = await readForm(c);
    // The form with the address field corrects the address; the plain button sends it again as it was.
    const field = `to_${id}`;
    const address = Object.hasOwn(form, field) ? form[field] : undefined;
    const result = await retryFailedMail(deps.db, id, deps.clock.now(), address);
    if (!result.ok) return page(c, { values: { [field]: address ?? '' }, errors: result.errors }, 422);
    return c.redirect(`/admin/mail?done=${result.value ? 'retried' : 'gone'}`, 303);
  });

  return app;
}
