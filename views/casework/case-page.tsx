// The staff case page. The whole of it is one partial (#case): the full page and every htmx answer render the same element.
import type { CasePageModel, DetailLine } from '../../src/casework/service.ts';
import { CASE_ACTION_LABELS } from '../../src/domain/case-state.ts';
import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import { ActionForms, errorTarget, NoteForm, type ActiveForm } from './action-forms.tsx';
import { ApplicantAttachments, ReplyAttachments, UploadErrorSummary, type CaseAttachmentsView } from './attachments.tsx';

export interface CaseViewProps {
  m: CasePageModel;
  attachments: CaseAttachmentsView;
  /** The refused form, shown again with its values and errors. */
  active?: ActiveForm | null;
  /** A move the case's state no longer allows (e.g. someone else acted first). */
  conflict?: string | null;
}

export function CaseView({ m, attachments, active = null, conflict = null }: CaseViewProps) {
  return (
    <div id="case">
      <p>
        <a href="/queue">返回办理工作台</a>
      </p>
      <h1>
        {m.channelLabel} {m.reference}
      </h1>
      {conflict ? (
        <div class="error-summary" role="alert" tabindex={-1} autofocus>
          <h2>无法执行此操作</h2>
          <p>{conflict}</p>
        </div>
      ) : null}
      {active ? <ActiveErrors m={m} active={active} /> : null}
      <UploadErrorSummary error={attachments.uploadError} />

      <dl class="summary">
        <dt>标题</dt>
        <dd>{m.subject}</dd>
        <dt>办理状态</dt>
        <dd>
          <span class="status">{m.statusLabel}</span>
        </dd>
        <dt>承办单位</dt>
        <dd>{m.departmentName ?? '尚未分办'}</dd>
        <dt>提交时间</dt>
        <dd>
          <time datetime={m.submittedAt}>{formatChinaDateTime(m.submittedAt)}</time>
        </dd>
        <dt>{m.channel === 'disclosure' ? '收到申请之日' : '受理日期'}</dt>
        <dd>{m.receivedOn ?? '尚未受理'}</dd>
        <dt>答复期限</dt>
        <dd>
          <DueSummary m={m} />
        </dd>
        {m.closedOn ? (
          <>
            <dt>办结日期</dt>
            <dd>{m.closedOn}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="deadline-heading">
        <h2 id="deadline-heading">期限是怎样计算的</h2>
        {m.deadline.error ? <p class="error-message">{m.deadline.error}</p> : null}
        {m.deadline.explanation.length > 0 ? (
          <ol>
            {m.deadline.explanation.map((line) => (
              <li>{line}</li>
            ))}
          </ol>
        ) : (
          <p>{m.channel === 'mayor_mailbox' ? '交办承办单位后开始计算办理期限。' : '受理后开始计算办理期限。'}</p>
        )}
        {m.extensionRequest ? (
          <p class="notice">
            {m.extensionRequest.actor}于{formatChinaDateTime(m.extensionRequest.at)}申请延长{m.extensionRequest.days}个工作日，待区政府办公室审批。理由：
            {m.extensionRequest.reason}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="applicant-heading">
        <h2 id="applicant-heading">{m.applicantHeading}</h2>
        <Details lines={m.applicant} />
        <ApplicantAttachments caseId={m.id} a={attachments} />
      </section>

      {m.reply.text || m.reply.outcomeLabel ? (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">{m.reply.final ? '答复' : m.status === 'in_review' ? '答复草稿（待审核）' : '答复草稿'}</h2>
          {m.reply.outcomeLabel ? <p>答复结果：{m.reply.outcomeLabel}</p> : null}
          {m.reply.text ? <div class="reply-text">{m.reply.text}</div> : null}
          {m.noticeUrl ? (
            <p>
              <a href={m.noticeUrl}>{m.reply.final ? '查看答复告知书' : '预览答复告知书（草稿）'}</a>
            </p>
          ) : null}
          {m.reply.ratingLabel ? <p>申请人评价：{m.reply.ratingLabel}</p> : null}
        </section>
      ) : null}

      <ReplyAttachments caseId={m.id} a={attachments} />

      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">办理</h2>
        <ActionForms m={m} active={active} />
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">办理记录</h2>
        <ol class="timeline">
          {m.timeline.map((e) => (
            <li>
              <time datetime={e.at}>{formatChinaDateTime(e.at)}</time>
              <strong>{e.title}</strong> <span class="status">{e.visibilityLabel}</span> <span>{e.actor}</span>
              {e.details.map((d) => (
                <DetailText line={d} />
              ))}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">内部备注</h2>
        <p class="hint">备注记入办理记录，标为“内部”，申请人看不到。</p>
        <NoteForm m={m} active={active} />
      </section>
    </div>
  );
}

function DueSummary({ m }: { m: CasePageModel }) {
  const d = m.deadline;
  if (d.pauseReason === 'supplement') {
    return (
      <>
        <span class="status">{d.stateLabel}</span> 等待申请人补正{d.supplementDueOn ? `，补正期限至${d.supplementDueOn}` : ''}；收到补正材料后重新计算20个工作日。
      </>
    );
  }
  if (d.pauseReason === 'consultation') {
    return (
      <>
        <span class="status">{d.stateLabel}</span> 征求意见中，剩余{d.daysLeftAtPause}个工作日，结束后恢复计时。
      </>
    );
  }
  if (m.status === 'invalid') return <>无效来信，不计算办理期限</>;
  if (!d.dueOn) return <>尚未开始计算</>;
  return (
    <>
      <time datetime={d.dueOn}>{d.dueOn}</time> <span class={`status status--${d.state}`}>{d.stateLabel}</span>
      {d.daysLeft !== null ? (d.daysLeft > 0 ? ` 剩余${d.daysLeft}个工作日` : d.daysLeft === 0 ? ' 今天到期' : ` 已超期${-d.daysLeft}个工作日`) : null}
      {d.extended ? '（已延期）' : null}
    </>
  );
}

function Details({ lines }: { lines: DetailLine[] }) {
  return (
    <dl class="summary">
      {lines.map((l) => (
        <>
          <dt>{l.label}</dt>
          <dd>{l.text}</dd>
        </>
      ))}
    </dl>
  );
}

/** Staff text keeps its line breaks as separate paragraphs (no inline styles under the CSP). */
function DetailText({ line }: { line: DetailLine }) {
  return (
    <>
      {line.text.split('\n').map((part, i) => (
        <p>
          {i === 0 && line.label ? `${line.label}：` : ''}
          {part}
        </p>
      ))}
    </>
  );
}

function ActiveErrors({ m, active }: { m: CasePageModel; active: ActiveForm }) {
  const entries = Object.entries(active.errors);
  if (entries.length === 0) return null;
  const offered = m.forms.find((f) => f.form === active.form);
  const label = offered?.label ?? (active.form === 'add_note' ? '添加内部备注' : CASE_ACTION_LABELS[active.form]);
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary" autofocus>
      <h2>“{label}”未能办理，请按提示修改</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            {offered ? <a href={errorTarget(offered, field)}>{message}</a> : message}
          </li>
        ))}
      </ul>
    </div>
  );
}
