import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import { TextField } from '../components/fields.tsx';
import { AdminNav, Messages } from './common.tsx';

export interface FailedMailRow {
  id: number;
  kindLabel: string;
  reference: string | null;
  maskedTo: string;
  attempts: number;
  lastError: string;
  createdAt: string;
}

export interface MailPageProps {
  mails: FailedMailRow[];
  /** Per mail: the corrected address typed, and its error. */
  values: Record<string, string>;
  errors: Record<string, string>;
  done?: string | null;
  problem?: string | null;
}

export function MailPage(p: MailPageProps) {
  return (
    <>
      <AdminNav current="mail" />
      <h1>发送失败的邮件</h1>
      <Messages done={p.done} problem={p.problem} />
      <p>系统多次重试仍未发出的邮件列在这里。邮件服务器恢复后可直接重新发送；地址有误的，改正后重新发送。</p>
      {p.mails.length === 0 ? (
        <p class="notice" id="no-failed-mail">
          目前没有发送失败的邮件。
        </p>
      ) : (
        <ul class="failed-mails">
          {p.mails.map((m) => {
            const field = `to_${m.id}`;
            return (
              <li id={`mail-${m.id}`}>
                <h2>
                  {m.kindLabel}
                  {m.reference ? `（${m.reference}）` : ''}
                </h2>
                <dl class="summary">
                  <dt>收件人</dt>
                  <dd>{m.maskedTo}</dd>
                  <dt>生成时间</dt>
                  <dd>{formatChinaDateTime(m.createdAt)}</dd>
                  <dt>尝试次数</dt>
                  <dd>{m.attempts}</dd>
                  <dt>最后一次错误</dt>
                  <dd>{m.lastError}</dd>
                </dl>
                <form method="post" action={`/admin/mail/${m.id}/retry`}>
                  <button type="submit">重新发送</button>
                </form>
                <form method="post" action={`/admin/mail/${m.id}/retry`} novalidate>
                  <TextField name={field} label="改正后的收件地址" type="email" required value={p.values[field]} error={p.errors[field]} maxLength={100} autocomplete="off" />
                  <button type="submit">改正地址后重新发送</button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
