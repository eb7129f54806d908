// 延期审批: the extensions departments asked for (条例第三十三条第二款), with the due date each would give.
import { formatChinaDateTime, formatChineseDate } from '../../src/domain/china-time.ts';
import type { DueState } from '../../src/domain/deadlines.ts';
import type { IfApproved } from '../../src/office/service.ts';
import { DueDate } from './shell.tsx';
import { RowTextArea } from './row-fields.tsx';

export interface ExtensionItem {
  id: number;
  reference: string;
  subject: string;
  departmentName: string | null;
  days: number;
  reason: string | null;
  requestedAt: string | null;
  dueOn: string | null;
  dueState: DueState;
  ifApproved: IfApproved;
}

export interface ExtensionsProps {
  items: ExtensionItem[];
  /** The decision form of one case as posted, when it was refused. */
  deciding?: { caseId: number; comment: string; error: string };
}

export function ExtensionsView({ items, deciding }: ExtensionsProps) {
  if (items.length === 0) return <p>目前没有待审批的延期申请。</p>;
  return (
    <>
      <p class="lead">答复期限只能延长一次，最长20个工作日；批准后申请人会收到告知。不批准的，请写明理由。</p>
      {items.map((item) => (
        <ExtensionCard item={item} deciding={deciding?.caseId === item.id ? deciding : undefined} />
      ))}
    </>
  );
}

function ExtensionCard({ item, deciding }: { item: ExtensionItem; deciding?: ExtensionsProps['deciding'] }) {
  const headingId = `extension-${item.id}`;
  return (
    <article class="form-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <a href={`/cases/${item.id}`}>{item.reference}</a> {item.subject}
      </h2>
      <dl class="summary">
        <dt>承办单位</dt>
        <dd>{item.departmentName ?? '—'}</dd>
        <dt>申请延长</dt>
        <dd>{item.days}个工作日</dd>
        <dt>延期理由</dt>
        <dd>{item.reason ?? '—'}</dd>
        <dt>申请时间</dt>
        <dd>{item.requestedAt ? formatChinaDateTime(item.requestedAt) : '—'}</dd>
        <dt>当前答复期限</dt>
        <dd>
          <DueDate dueOn={item.dueOn} state={item.dueState} />
        </dd>
        <dt>批准后答复期限</dt>
        <dd>
          <IfApprovedText ifApproved={item.ifApproved} days={item.days} />
        </dd>
      </dl>
      <form method="post" action={`/office/extensions/${item.id}`} novalidate>
        <RowTextArea
          id={`extension-${item.id}-comment`}
          name="comment"
          label="审批意见"
          hint="不批准的须写明理由"
          maxLength={1000}
          value={deciding?.comment}
          error={deciding?.error}
        />
        <button type="submit" name="decision" value="approve" aria-label={`批准延期 ${item.reference}`}>
          批准延期
        </button>{' '}
        <button type="submit" name="decision" value="refuse" class="button--secondary" aria-label={`不批准延期 ${item.reference}`}>
          不批准
        </button>
      </form>
    </article>
  );
}

function IfApprovedText({ ifApproved, days }: { ifApproved: IfApproved; days: number }) {
  if (ifApproved.kind === 'date') return <time datetime={ifApproved.dueOn}>{formatChineseDate(ifApproved.dueOn)}</time>;
  if (ifApproved.kind === 'paused') return <span>征求意见期间计时暂停；恢复计时后剩余期限增加{days}个工作日</span>;
  return <span class="error-message">{ifApproved.message}</span>;
}
