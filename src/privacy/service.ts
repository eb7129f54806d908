// 个人信息保护法: deleting a case's personal data on the applicant's request. The case stays (its
// reference, text, timeline and reply are the government's record and its statistics); what
// identifies or reaches the applicant goes, in one transaction with the event that says so; the files
// the applicant attached go too (their rows in that transaction, the files on disk once it committed).
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { deleteApplicantAttachmentRows, removeAttachmentFiles } from '../attachments/service.ts';
import { insertEvent } from '../cases/queries.ts';
import { formatChinaDateTime } from '../domain/china-time.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import type { DB } from '../db/schema.ts';
import { blankApplicantFields, caseExists, deleteApplicantMails, ERASED_FIELDS, findErasure } from './queries.ts';

export interface ErasureActor {
  userId: number | null;
  /** As the timeline shows who did it. */
  label: string;
}

export interface Erasure {
  fields: string[];
  /** Outbox ids of the deleted mails to the applicant. */
  deletedMailIds: number[];
  /** How many files the applicant had attached (the reply's stay: they are the government's answer). */
  deletedAttachments: number;
}

/** `dataDir`: DATA_DIR, under which the attachments are stored. */
export async function erasePersonalData(db: Kysely<DB>, caseId: number, actor: ErasureActor, now: Date, dataDir: string): Promise<Erasure> {
  const at = now.toISOString();
  const { erasure, storedNames } = await db.transaction().execute(async (trx) => {
    if (!(await caseExists(trx, caseId))) throw new NotFoundError('未找到该案件。');
    const earlier = await findErasure(trx, caseId);
    if (earlier) throw new DomainError(`该案件的申请人个人信息已于${formatChinaDateTime(earlier.at)}由${earlier.actor_label}删除。`);
    await blankApplicantFields(trx, caseId, at);
    const deletedMailIds = await deleteApplicantMails(trx, caseId);
    const storedNames = await deleteApplicantAttachmentRows(trx, caseId);
    await insertEvent(trx, {
      caseId,
      type: 'personal_data_erased',
      at,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      visibility: 'internal',
      payload: { erased: true, fields: ERASED_FIELDS, deletedMails: deletedMailIds.length, deletedAttachments: storedNames.length },
    });
    return { erasure: { fields: ERASED_FIELDS, deletedMailIds, deletedAttachments: storedNames.length }, storedNames };
  });
  await removeAttachmentFiles(dataDir, storedNames);
  return erasure;
}

/**
 * Without SMTP_URL the portal keeps each mail as DATA_DIR/mail/outbox-ID.TAG@portal.eml (see
 * mail/transport.ts): the copies of the deleted mails go too. Answers how many files were removed.
 */
export async function deleteMailFiles(mailDir: string, outboxIds: number[]): Promise<number> {
  const ids = new Set(outboxIds.map(String));
  const names = await readdir(mailDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const doomed = names.filter((name) => ids.has(/^outbox-(\d+)\.[0-9a-f]+@portal\.eml$/.exec(name)?.[1] ?? ''));
  await Promise.all(doomed.map((name) => rm(join(mailDir, name))));
  return doomed.length;
}
