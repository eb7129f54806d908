// SQL of attachments (table of migration 20261126070000_create_attachments).
import type { Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AttachmentKind } from '../domain/attachment-rules.ts';

export interface AttachmentsTable {
  id: Generated<number>;
  case_id: number;
  kind: AttachmentKind;
  /** Cleaned (see sanitizeFileName); never used as a path. */
  original_name: string;
  /** Random; the file's name under DATA_DIR/attachments/. */
  stored_name: string;
  /** As detected from the content. */
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** The clerk who attached it to a reply; null for the applicant's files. */
  uploaded_by_user_id: number | null;
  created_at: string;
}

// A type alias, not an interface: withTables wants a type with an implicit index signature.
type AttachmentTables = { attachments: AttachmentsTable };

export type AttachmentRow = Selectable<AttachmentsTable>;
export type NewAttachment = Insertable<AttachmentsTable>;

type Executor = Kysely<DB> | Transaction<DB>;

const tables = (db: Executor) => db.withTables<AttachmentTables>();

export async function insertAttachment(db: Executor, row: NewAttachment): Promise<void> {
  await tables(db).insertInto('attachments').values(row).execute();
}

export async function findAttachment(db: Executor, id: number): Promise<AttachmentRow | undefined> {
  return tables(db).selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ListedAttachment {
  id: number;
  kind: AttachmentKind;
  original_name: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
  uploaded_by: string | null;
}

/** The case's attachments of the given kinds, oldest first, with who uploaded each. */
export async function listAttachments(db: Executor, caseId: number, kinds: AttachmentKind[]): Promise<ListedAttachment[]> {
  if (kinds.length === 0) return [];
  const rows = await tables(db)
    .selectFrom('attachments')
    .leftJoin('users', 'users.id', 'attachments.uploaded_by_user_id')
    .select([
      'attachments.id',
      'attachments.kind',
      'attachments.original_name',
      'attachments.content_type',
      'attachments.size_bytes',
      'attachments.created_at',
      'users.display_name as uploaded_by',
    ])
    .where('attachments.case_id', '=', caseId)
    .where('attachments.kind', 'in', kinds)
    .orderBy('attachments.id')
    .execute();
  // PostgreSQL may answer integers as strings.
  return rows.map((r) => ({ ...r, id: Number(r.id), size_bytes: Number(r.size_bytes) }));
}

export async function countAttachments(db: Executor, caseId: number, kind: AttachmentKind): Promise<number> {
  const row = await tables(db)
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deleteAttachment(db: Executor, id: number): Promise<void> {
  await tables(db).deleteFrom('attachments').where('id', '=', id).execute();
}

/** Deletes the case's attachments of one kind; answers their stored names, for removing the files. */
export async function deleteCaseAttachments(db: Executor, caseId: number, kind: AttachmentKind): Promise<string[]> {
  const rows = await tables(db).deleteFrom('attachments').where('case_id', '=', caseId).where('kind', '=', kind).returning('stored_name').execute();
  return rows.map((r) => r.stored_name);
}

/** Those of `storedNames` that an attachment row names. */
export async function findStoredNames(db: Executor, storedNames: readonly string[]): Promise<Set<string>> {
  if (storedNames.length === 0) return new Set();
  const rows = await tables(db).selectFrom('attachments').select('stored_name').where('stored_name', 'in', [...storedNames]).execute();
  return new Set(rows.map((r) => r.stored_name));
}
