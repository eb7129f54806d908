import { EVENT_LABELS, type EventType } from '../../src/domain/case-events.ts';
import { formatChinaDateTime, formatChineseDate } from '../../src/domain/china-time.ts';
import { ErrorSummary, TextField } from '../components/fields.tsx';

export interface LookupFormProps {
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The generic failure: never says whether the reference or the code was wrong. */
  notFound?: boolean;
  retryAfterSeconds?: number;
}

const LABELS = { reference: '编号', code: '查询码' };

export function LookupForm(p: LookupFormProps) {
  return (
    <form method="post" action="/lookup" novalidate hx-post="/lookup" hx-target="#lookup" hx-swap="innerHTML" hx-push-url="false">
      <ErrorSummary errors={p.errors} labels={LABELS} />
      {p.notFound ? (
        <div class="error-summary" role="alert" id="lookup-result">
          <h2>未找到</h2>
          <p>未找到与该编号和查询码相符的记录，请核对后重试。</p>
        </div>
      ) : null}
      {p.retryAfterSeconds ? (
        <div class="error-summary" role="alert">
          <h2>查询过于频繁</h2>
          <p>为保护查询安全，请在 {p.retryAfterSeconds} 秒后再试。</p>
        </div>
      ) : null}
      <TextField name="reference" label={LABELS.reference} required value={p.values.reference} error={p.errors.reference} maxLength={20} hint="例如 XZ2026-000123" />
      <TextField name="code" label={LABELS.code} required value="" error={p.errors.code} maxLength={20} hint="提交时显示的12位查询码，如 ABCD-EFGH-JKLM" autocomplete="off" />
      <button type="submit">查询</button>
    </form>
  );
}

export function LookupPage(p: LookupFormProps) {
  return (
    <>
      <h1>查询办理进度</h1>
      <div id="lookup">
        <LookupForm {...p} />
      </div>
    </>
  );
}

export interface CaseStatusProps {
  reference: string;
  channelLabel: string;
  statusLabel: string;
  subject: string;
  submittedAt: string;
  receivedOn: string | null;
  dueOn: string | null;
  departmentName: string | null;
  closedOn: string | null;
  replyText: string | null;
  events: Array<{ type: string; at: string; note: string | null }>;
}

export function CaseStatus(p: CaseStatusProps) {
  return (
    <article aria-labelledby="case-heading">
      <h2 id="case-heading">
        {p.channelLabel} {p.reference}
      </h2>
      <dl class="summary">
        <dt>办理状态</dt>
        <dd>
          <span class="status">{p.statusLabel}</span>
        </dd>
        <dt>标题</dt>
        <dd>{p.subject}</dd>
        <dt>提交时间</dt>
        <dd>{formatChinaDateTime(p.submittedAt)}</dd>
        {p.receivedOn ? (
          <>
            <dt>受理日期</dt>
            <dd>{formatChineseDate(p.receivedOn)}</dd>
          </>
        ) : null}
        {p.departmentName ? (
          <>
            <dt>承办单位</dt>
            <dd>{p.departmentName}</dd>
          </>
        ) : null}
        {p.dueOn && !p.closedOn ? (
          <>
            <dt>答复期限</dt>
            <dd>{formatChineseDate(p.dueOn)}前</dd>
          </>
        ) : null}
        {p.closedOn ? (
          <>
            <dt>办结日期</dt>
            <dd>{formatChineseDate(p.closedOn)}</dd>
          </>
        ) : null}
      </dl>
      {p.replyText ? (
        <section>
          <h3>答复内容</h3>
          <div class="reply-text">{p.replyText}</div>
        </section>
      ) : null}
      <h3>办理过程</h3>
      <ol class="timeline">
        {p.events.map((e) => (
          <li>
            <time datetime={e.at}>{formatChinaDateTime(e.at)}</time>
            <strong>{EVENT_LABELS[e.type as EventType] ?? e.type}</strong>
            {e.note ? <p>{e.note}</p> : null}
          </li>
        ))}
      </ol>
      <p>
        <a href="/lookup">查询其他编号</a>
      </p>
    </article>
  );
}
