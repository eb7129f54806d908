// 答复审核: each draft the departments submitted, oldest first, with 审核通过 and 退回修改.
import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import { CHANNEL_LABELS, type Channel } from '../../src/domain/codes.ts';
import type { DueState } from '../../src/domain/deadlines.ts';
import { DueDate } from './shell.tsx';
import { RowTextArea } from './row-fields.tsx';

export interface ReviewItem {
  id: number;
  reference: string;
  channel: string;
  subject: string;
  department_name: string | null;
  due_on: string | null;
  dueState: DueState;
  review_requested_at: string | null;
  reply_text: string | null;
  /** Disclosure only: the label of the chosen outcome. */
  outcomeLabel: string | null;
}

export interface ReviewProps {
  items: ReviewItem[];
  /** Per case: the comment typed and its error, when a return was refused. */
  returning?: { caseId: number; comment: string; error: string };
}

export function ReviewView({ items, returning }: ReviewProps) {
  if (items.length === 0) return <p>目前没有待审核的答复。</p>;
  return (
    <>
      <p class="lead">承办单位提交的答复草稿，按提交审核的先后排列。审核通过后答复即发送申请人，案件办结。</p>
      {items.map((item) => (
        <ReviewCard item={item} returning={returning?.caseId === item.id ? returning : undefined} />
      ))}
    </>
  );
}

function ReviewCard({ item, returning }: { item: ReviewItem; returning?: ReviewProps['returning'] }) {
  const headingId = `review-${item.id}`;
  return (
    <article class="form-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <a href={`/cases/${item.id}`}>{item.reference}</a> {item.subject}
      </h2>
      <dl class="summary">
        <dt>渠道</dt>
        <dd>{CHANNEL_LABELS[item.channel as Channel] ?? item.channel}</dd>
        <dt>承办单位</dt>
        <dd>{item.department_name ?? '—'}</dd>
        <dt>提交审核</dt>
        <dd>{item.review_requested_at ? formatChinaDateTime(item.review_requested_at) : '—'}</dd>
        <dt>答复期限</dt>
        <dd>
          <DueDate dueOn={item.due_on} state={item.dueState} />
        </dd>
        {item.outcomeLabel ? (
          <>
            <dt>答复结果</dt>
            <dd>{item.outcomeLabel}</dd>
          </>
        ) : null}
      </dl>
      <h3>答复内容</h3>
      {item.reply_text ? <div class="reply-text">{item.reply_text}</div> : <p>（未填写答复内容，将按答复结果的标准文本出具答复告知书）</p>}
      <form method="post" action={`/office/review/${item.id}/approve`}>
        <button type="submit" aria-label={`审核通过并答复 ${item.reference}`}>
          审核通过并答复
        </button>
      </form>
      <form method="post" action={`/office/review/${item.id}/return`} novalidate>
        <RowTextArea
          id={`return-${item.id}-comment`}
          name="comment"
          label="退回修改意见"
          required
          maxLength={1000}
          value={returning?.comment}
          error={returning?.error}
        />
        <button type="submit" class="button--secondary" aria-label={`退回修改 ${item.reference}`}>
          退回修改
        </button>
      </form>
    </article>
  );
}
