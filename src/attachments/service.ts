// Attachments: checking uploaded files by their content, storing them with the case they belong to
// (nothing half-saved: no row without its file, no file a row does not name), and handing them out
// only to who may see them.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely, Transaction } from 'kysely';
import { insertEvent } from '../cases/queries.ts';
import { lockCase } from '../cases/transition-queries.ts';
import type { Config } from '../config.ts';
import type { DatabaseKind } from '../db/database.ts';
import type { CaseRow, DB } from '../db/schema.ts';
import {
  ATTACHMENTS_FIELD,
  allowedTypeOf,
  attachmentsProblem,
  MAX_ATTACHMENT_BYTES,
  sanitizeFileName,
  tooManyAttachments,
  type AttachmentCandidate,
  type AttachmentKind,
} from '../domain/attachment-rules.ts';
import { allowedActions, CASE_STATUS_LABELS, type CaseStatus } from '../domain/case-state.ts';
import type { Channel } from '../domain/codes.ts';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { canSeeCase, type StaffUser } from '../domain/roles.ts';
import { findCase } from '../casework/queries.ts';
import {
  countAttachments,
  deleteAttachment,
  deleteCaseAttachments,
  findStoredNames,
  findAttachment,
  insertAttachment,
  listAttachments,
  type AttachmentRow,
  type ListedAttachment,
} from './queries.ts';
import {
  attachmentsDir,
  discardStaged,
  finishStoredFile,
  listUnfinishedFiles,
  publishStaged,
  readStoredFile,
  removeStoredFiles,
  stageFile,
  type StagedFile,
} from './storage.ts';

export interface AttachmentDeps {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  config: Pick<Config, 'dataDir'>;
}

/** A file that passed the checks, ready to store. */
export interface AcceptedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export type CheckedAttachments = { ok: true; files: AcceptedFile[] } | { ok: false; error: string };

/**
 * Judges uploaded files: their number, their size, and their kind from the content (the name only
 * tells old Word from old Excel). `alreadyAttached`: files the case or reply holds already.
 */
export async function checkAttachments(files: File[], alreadyAttached = 0): Promise<CheckedAttachments> {
  const examined = await Promise.all(
    files.map(async (file) => {
      // A file over the limit is refused by its size alone: no need to read it.
      if (file.size === 0 || file.size > MAX_ATTACHMENT_BYTES) return { bytes: null, candidate: { name: file.name, size: file.size, type: null } };
      const bytes = new Uint8Array(await file.arrayBuffer());
      const detected = await fileTypeFromBuffer(bytes);
      const candidate: AttachmentCandidate = { name: file.name, size: bytes.byteLength, type: allowedTypeOf(detected?.ext, file.name) };
      return { bytes, candidate };
    }),
  );
  const problem = attachmentsProblem(examined.map((e) => e.candidate), alreadyAttached);
  if (problem) return { ok: false, error: problem };
  return {
    ok: true,
    files: examined.map(({ candidate, bytes }) => ({ name: sanitizeFileName(candidate.name, candidate.type!), contentType: candidate.type!.mime, bytes: bytes! })),
  };
}

/** Writes the rows of staged files inside the caller's transaction. */
export type RecordAttachments = (trx: Transaction<DB>, caseId: number, kind: AttachmentKind, userId: number | null, at: string) => Promise<void>;

/**
 * Stores files together with a database write. The files go to disk first under temporary names;
 * `write` runs the transaction and calls `record` inside it to add their rows; once it has committed
 * the files get their final names. If anything fails, the temporary files are deleted and nothing of
 * them remains.
 */
export async function storeWithAttachments<T>(dataDir: string, files: AcceptedFile[], write: (record: RecordAttachments) => Promise<T>): Promise<T> {
  const dir = attachmentsDir(dataDir);
  const staged: Array<{ file: AcceptedFile; disk: StagedFile }> = [];
  let result: T;
  try {
    for (const file of files) staged.push({ file, disk: await stageFile(dir, file.bytes) });
    result = await write(async (trx, caseId, kind, userId, at) => {
      for (const { file, disk } of staged) {
        await insertAttachment(trx, {
          case_id: caseId,
          kind,
          original_name: file.name,
          stored_name: disk.storedName,
          content_type: file.contentType,
          size_bytes: file.bytes.byteLength,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          uploaded_by_user_id: userId,
          created_at: at,
        });
      }
    });
  } catch (error) {
    await Promise.all(staged.map(({ disk }) => discardStaged(disk)));
    throw error;
  }
  // Committed: the rows exist, so the write has succeeded whatever happens next. A rename that fails
  // here leaves the .part file, which the first read renames (see readStoredFile).
  await Promise.allSettled(staged.map(({ disk }) => publishStaged(disk)));
  return result;
}

export interface AttachmentItem {
  id: number;
  name: string;
  size: number;
  createdAt: string;
  uploadedBy: string | null;
}

const toItem = (a: ListedAttachment): AttachmentItem => ({ id: a.id, name: a.original_name, size: a.size_bytes, createdAt: a.created_at, uploadedBy: a.uploaded_by });

export interface CaseAttachments {
  applicant: AttachmentItem[];
  reply: AttachmentItem[];
}

/** Everything attached to a case, for its staff (the caller has checked they may see the case). */
export async function listCaseAttachments(db: Kysely<DB>, caseId: number): Promise<CaseAttachments> {
  const all = await listAttachments(db, caseId, ['applicant', 'reply']);
  return { applicant: all.filter((a) => a.kind === 'applicant').map(toItem), reply: all.filter((a) => a.kind === 'reply').map(toItem) };
}

/** What the applicant sees: their own files, and the reply's once the office has approved it (the case is closed). */
export async function listApplicantAttachments(db: Kysely<DB>, found: CaseRow): Promise<CaseAttachments> {
  const all = await listAttachments(db, found.id, found.status === 'closed' ? ['applicant', 'reply'] : ['applicant']);
  return { applicant: all.filter((a) => a.kind === 'applicant').map(toItem), reply: all.filter((a) => a.kind === 'reply').map(toItem) };
}

export interface AttachmentDownload {
  name: string;
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

const NOT_FOUND = '未找到该附件。';

async function download(deps: AttachmentDeps, row: AttachmentRow | undefined): Promise<AttachmentDownload> {
  if (!row) throw new NotFoundError(NOT_FOUND);
  const bytes = await readStoredFile(attachmentsDir(deps.config.dataDir), row.stored_name);
  if (!bytes) throw new NotFoundError(NOT_FOUND);
  return { name: row.original_name, contentType: row.content_type, bytes };
}

/** A file of a case, for staff who may see the case; for anyone else it does not exist. */
export async function attachmentForStaff(deps: AttachmentDeps, user: StaffUser, caseId: number, attachmentId: number): Promise<AttachmentDownload> {
  const found = await findCase(deps.db, caseId);
  if (!found || !canSeeCase(user, found.department_id)) throw new NotFoundError(NOT_FOUND);
  const row = await findAttachment(deps.db, attachmentId);
  return download(deps, row?.case_id === caseId ? row : undefined);
}

/** A file of the applicant's own case (proven by the query code): theirs, or the approved reply's. */
export async function attachmentForApplicant(deps: AttachmentDeps, found: CaseRow, attachmentId: number): Promise<AttachmentDownload> {
  const row = await findAttachment(deps.db, attachmentId);
  const visible = row?.case_id === found.id && (row.kind === 'applicant' || found.status === 'closed');
  return download(deps, visible ? row : undefined);
}

/** Reply files change with the draft: only while the case's handler may still save it. */
function checkReplyEditable(user: StaffUser, row: CaseRow | undefined): asserts row is CaseRow {
  if (!row || !canSeeCase(user, row.department_id)) throw new NotFoundError('未找到该案件。');
  const status = row.status as CaseStatus;
  if (!allowedActions(row.channel as Channel, status).includes('save_draft')) {
    throw new IllegalTransitionError(`当前状态为“${CASE_STATUS_LABELS[status] ?? status}”，答复附件只能在答复提交审核之前添加或删除。`);
  }
}

/** The department attaches files to its reply draft; the applicant sees them once the reply is approved. */
export async function addReplyAttachments(deps: AttachmentDeps, user: StaffUser, caseId: number, files: File[], now: Date): Promise<void> {
  checkReplyEditable(user, await findCase(deps.db, caseId));
  if (files.length === 0) throw new ValidationError({ [ATTACHMENTS_FIELD]: '请选择要上传的文件。' });
  const checked = await checkAttachments(files, await countAttachments(deps.db, caseId, 'reply'));
  if (!checked.ok) throw new ValidationError({ [ATTACHMENTS_FIELD]: checked.error });
  await storeWithAttachments(deps.config.dataDir, checked.files, (record) =>
    deps.db.transaction().execute(async (trx) => {
      // Again under the lock: the draft may have gone to review, or other files arrived, meanwhile.
      checkReplyEditable(user, await lockCase(trx, deps.dbKind, caseId));
      const problem = tooManyAttachments(checked.files.length, await countAttachments(trx, caseId, 'reply'));
      if (problem) throw new ValidationError({ [ATTACHMENTS_FIELD]: problem });
      const at = now.toISOString();
      await record(trx, caseId, 'reply', user.id, at);
      const names = checked.files.map((f) => f.name);
      await insertEvent(trx, {
        caseId,
        type: 'reply_attachment_added',
        at,
        actorUserId: user.id,
        actorLabel: user.displayName,
        visibility: 'internal',
        payload: { names, message: `添加答复附件：${names.join('、')}` },
      });
    }),
  );
}

export async function removeReplyAttachment(deps: AttachmentDeps, user: StaffUser, caseId: number, attachmentId: number, now: Date): Promise<void> {
  const storedName = await deps.db.transaction().execute(async (trx) => {
    checkReplyEditable(user, await lockCase(trx, deps.dbKind, caseId));
    const row = await findAttachment(trx, attachmentId);
    if (!row || row.case_id !== caseId || row.kind !== 'reply') throw new NotFoundError(NOT_FOUND);
    await deleteAttachment(trx, attachmentId);
    await insertEvent(trx, {
      caseId,
      type: 'reply_attachment_removed',
      at: now.toISOString(),
      actorUserId: user.id,
      actorLabel: user.displayName,
      visibility: 'internal',
      payload: { name: row.original_name, message: `删除答复附件：${row.original_name}` },
    });
    return row.stored_name;
  });
  await removeStoredFiles(attachmentsDir(deps.config.dataDir), [storedName]);
}

/** 个人信息保护法: the applicant's files go with their personal data; the rows inside the caller's transaction. */
export const deleteApplicantAttachmentRows = (trx: Transaction<DB>, caseId: number) => deleteCaseAttachments(trx, caseId, 'applicant');

/** Then, once committed, the files; answers how many were removed. */
export const removeAttachmentFiles = (dataDir: string, storedNames: string[]) => removeStoredFiles(attachmentsDir(dataDir), storedNames);

/** How long a file may stay under its temporary name before the sweep decides what it is. */
export const UNFINISHED_FILE_AGE_MS = 60 * 60_000;

/**
 * Tidies what crashes left in DATA_DIR/attachments: a temporary file older than an hour whose row was
 * committed gets its final name; one without a row (its transaction never committed) is deleted, so
 * a crash mid-upload costs no disk for good. Answers how many of each.
 */
export async function sweepUnfinishedFiles(db: Kysely<DB>, dataDir: string, now: Date): Promise<{ finished: number; removed: number }> {
  const dir = attachmentsDir(dataDir);
  const unfinished = await listUnfinishedFiles(dir, new Date(now.getTime() - UNFINISHED_FILE_AGE_MS));
  const committed = await findStoredNames(db, unfinished);
  for (const name of unfinished) if (committed.has(name)) await finishStoredFile(dir, name);
  const removed = await removeStoredFiles(dir, unfinished.filter((name) => !committed.has(name)));
  return { finished: committed.size, removed };
}
