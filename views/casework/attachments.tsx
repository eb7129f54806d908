// The case page's attachments: the applicant's files, and the reply's with their upload form while
// the draft may change. Every file is a download link of the staff route, which checks access again.
import type { AttachmentItem, CaseAttachments } from '../../src/attachments/service.ts';
import { ATTACHMENTS_FIELD, formatSize, MAX_ATTACHMENT_MB, MAX_ATTACHMENTS, ALLOWED_TYPES_TEXT } from '../../src/domain/attachment-rules.ts';
import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import { FileField } from '../components/file-field.tsx';

export interface CaseAttachmentsView extends CaseAttachments {
  /** The reply's files may still change (the draft is being written). */
  replyEditable: boolean;
  /** Why the last upload was refused. */
  uploadError: string | null;
}

/** The id of the reply's file field, for the error summary's link. */
export const REPLY_FILE_FIELD_ID = 'reply-attachments-file';

function FileList({ caseId, items, removable }: { caseId: number; items: AttachmentItem[]; removable: boolean }) {
  return (
    <ul class="attachments">
      {items.map((a) => (
        <li>
          <a href={`/cases/${caseId}/attachments/${a.id}`}>{a.name}</a>（{formatSize(a.size)}，{a.uploadedBy ? `${a.uploadedBy}于` : ''}
          <time datetime={a.createdAt}>{formatChinaDateTime(a.createdAt)}</time>上传）
          {removable ? (
            <form method="post" action={`/cases/${caseId}/attachments/${a.id}/delete`} hx-post={`/cases/${caseId}/attachments/${a.id}/delete`} hx-target="#case" hx-swap="outerHTML" class="inline-form">
              {' '}
              <button type="submit" class="link-button">
                删除<span class="visually-hidden">附件“{a.name}”</span>
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ApplicantAttachments({ caseId, a }: { caseId: number; a: CaseAttachmentsView }) {
  return (
    <>
      <h3 id="applicant-attachments-heading">申请人提交的附件</h3>
      {a.applicant.length > 0 ? <FileList caseId={caseId} items={a.applicant} removable={false} /> : <p>没有附件。</p>}
    </>
  );
}

export function ReplyAttachments({ caseId, a }: { caseId: number; a: CaseAttachmentsView }) {
  if (a.reply.length === 0 && !a.replyEditable) return null;
  const action = `/cases/${caseId}/attachments`;
  return (
    <section aria-labelledby="reply-attachments-heading" id="reply-attachments">
      <h2 id="reply-attachments-heading">答复附件</h2>
      <p class="hint">答复附件随答复一并发出：区政府办公室审核通过后，申请人才能查看和下载。</p>
      {a.reply.length > 0 ? <FileList caseId={caseId} items={a.reply} removable={a.replyEditable} /> : <p>尚未上传答复附件。</p>}
      {a.replyEditable ? (
        <form method="post" action={action} enctype="multipart/form-data" novalidate hx-post={action} hx-encoding="multipart/form-data" hx-target="#case" hx-swap="outerHTML">
          <FileField
            id={REPLY_FILE_FIELD_ID}
            name={ATTACHMENTS_FIELD}
            label="上传答复附件"
            required
            error={a.uploadError ?? undefined}
            hint={`一次可选择多个文件。答复附件合计最多${MAX_ATTACHMENTS}个，每个不超过${MAX_ATTACHMENT_MB} MB，可上传${ALLOWED_TYPES_TEXT}。`}
          />
          <button type="submit">上传附件</button>
        </form>
      ) : null}
    </section>
  );
}

/** At the top of the page, like a refused move's summary, so the message is announced and reached at once. */
export function UploadErrorSummary({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary" autofocus>
      <h2>答复附件未能上传，请按提示修改</h2>
      <ul>
        <li>
          <a href={`#${REPLY_FILE_FIELD_ID}`}>{error}</a>
        </li>
      </ul>
    </div>
  );
}
