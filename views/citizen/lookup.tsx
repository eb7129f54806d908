import { EVENT_LABELS, type EventType } from '../../src/domain/case-events.ts';
import type { AttachmentItem } from '../../src/attachments/service.ts';
import { formatSize } from '../../src/domain/attachment-rules.ts';
import { formatChinaDateTime, formatChineseDate } from '../../src/domain/china-time.ts';
import { ErrorSummary, RadioGroup, TextArea, TextField } from '../components/fields.tsx';

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
  /** The 答复告知书 of a closed disclosure application. */
  notice: { title: string; paragraphs: string[] } | null;
  /** The applicant's rating label once given. */
  rating: string | null;
  canRate: boolean;
  /** The applicant's own files, and the reply's once it has been approved. */
  attachments: { applicant: AttachmentItem[]; reply: AttachmentItem[] };
  events: Array<{ type: string; at: string; note: string | null }>;
}

export interface RatingFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function CaseStatus(p: CaseStatusProps & { ratingForm?: RatingFormState }) {
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
      {p.attachments.reply.length > 0 ? (
        <section aria-labelledby="reply-attachments-heading">
          <h3 id="reply-attachments-heading">答复附件</h3>
          <FileLinks items={p.attachments.reply} />
        </section>
      ) : null}
      {p.notice ? (
        <section class="notice-document" aria-labelledby="notice-heading">
          <h3 id="notice-heading">{p.notice.title}</h3>
          {p.notice.paragraphs.map((para) => (
            <p>{para}</p>
          ))}
        </section>
      ) : null}
      {p.attachments.applicant.length > 0 ? (
        <section aria-labelledby="own-attachments-heading">
          <h3 id="own-attachments-heading">您提交的附件</h3>
          <FileLinks items={p.attachments.applicant} />
        </section>
      ) : null}
      {p.rating ? (
        <p>
          您的评价：<strong>{p.rating}</strong>
        </p>
      ) : null}
      {p.canRate ? <RatingForm {...(p.ratingForm ?? { values: {}, errors: {} })} /> : null}
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

/** Downloads through /lookup/attachments/, where the lookup's access cookie is sent. */
function FileLinks({ items }: { items: AttachmentItem[] }) {
  return (
    <ul class="attachments">
      {items.map((a) => (
        <li>
          <a href={`/lookup/attachments/${a.id}`}>{a.name}</a>（{formatSize(a.size)}）
        </li>
      ))}
    </ul>
  );
}

const RATING_OPTIONS = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
];

/** The citizen rates a letter's reply; access comes from the lookup's short-lived cookie, not the form. */
function RatingForm({ values, errors }: RatingFormState) {
  return (
    <form method="post" action="/lookup/rate" novalidate class="form-section">
      <h3>对答复进行评价</h3>
      <ErrorSummary errors={errors} labels={{ rating: '满意程度', comment: '评价意见' }} />
      <RadioGroup name="rating" label="满意程度" required inline value={values.rating} error={errors.rating} options={RATING_OPTIONS} />
      <TextArea name="comment" label="评价意见" value={values.comment} error={errors.comment} maxLength={500} rows={3} hint="不满意时请写明原因，区政府办公室可要求重新办理。" />
      <button type="submit">提交评价</button>
    </form>
  );
}
