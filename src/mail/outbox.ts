// All SQL of the outbox: mail is a row first (written in the transaction of the case change that
// causes it) and is sent later by the worker, so a crash or a dead mail server never loses it.
import { randomBytes } from 'node:crypto';
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { DatabaseKind } from '../db/database.ts';
import type { DB, OutboxRow } from '../db/schema.ts';
import { prepareQuery } from '../db/prepared-query.ts';

export type OutboxStatus = OutboxRow['status'];

export interface NewMail {
  kind: string;
  caseId: number | null;
  to: string;
  subject: string;
  text: string;
}

/** After this many failed attempts a mail waits for the office administrator (retryMail). */
export const MAX_MAIL_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;

const MESSAGE_ID_TAG_KEY = 'mail_message_id_tag';

const enqueueMailQuery = prepareQuery((db, p: NewMail & { at: string }) =>
  db.insertInto('outbox').values({
    kind: p.kind,
    case_id: p.caseId,
    to_address: p.to,
    subject: p.subject,
    text_body: p.text,
    status: 'pending',
    attempts: 0,
    next_attempt_at: p.at,
    locked_until: null,
    sent_at: null,
    last_error: null,
    created_at: p.at,
  }),
);

/** Takes a Transaction so the mail commits or rolls back together with the case change. */
export async function enqueueMail(db: Kysely<DB> | Transaction<DB>, mail: NewMail, now: Date): Promise<void> {
  await enqueueMailQuery(db, { ...mail, at: now.toISOString() });
}

// The only dialect difference: PostgreSQL instances claim in parallel, so the candidate rows are
// locked and rows another instance is claiming right now are skipped instead of waited for.
// SQLite has a single writer, so its one UPDATE statement is already atomic.
function lockCandidates<O>(query: SelectQueryBuilder<DB, 'outbox', O>, kind: DatabaseKind) {
  return kind === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * Claims up to `limit` due mails for `lockMs` and returns them oldest first. A claim that is not
 * followed by markMailsSent/markMailFailed (crashed worker) expires and the mail is claimed again.
 */
export async function claimDueMails(
  db: Kysely<DB>,
  kind: DatabaseKind,
  now: Date,
  limit: number,
  lockMs = 60_000,
): Promise<OutboxRow[]> {
  const at = now.toISOString();
  const candidates = lockCandidates(
    db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit),
    kind,
  );
  const rows = await db
    .updateTable('outbox')
    .set({ locked_until: new Date(now.getTime() + lockMs).toISOString() })
    .where('id', 'in', candidates)
    .returningAll()
    .execute();
  // RETURNING has no defined order.
  return rows.sort((a, b) => a.id - b.id);
}

export async function markMailsSent(db: Kysely<DB>, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now.toISOString(), locked_until: null })
    .where('id', 'in', ids)
    .execute();
}

/** 30 s after the first failure, doubling each time, at most one hour. */
export function mailBackoffMs(attempts: number): number {
  return Math.min(FIRST_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
}

export async function markMailFailed(db: Kysely<DB>, id: number, error: string, now: Date): Promise<void> {
  const row = await db.selectFrom('outbox').select('attempts').where('id', '=', id).executeTakeFirstOrThrow();
  const attempts = row.attempts + 1;
  await db
    .updateTable('outbox')
    .set({
      attempts,
      last_error: error,
      locked_until: null,
      status: attempts >= MAX_MAIL_ATTEMPTS ? 'failed' : 'pending',
      next_attempt_at: new Date(now.getTime() + mailBackoffMs(attempts)).toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

/** Puts a failed mail back in the queue, optionally to a corrected address. False if it was not failed. */
export async function retryMail(db: Kysely<DB>, id: number, now: Date, newAddress?: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      locked_until: null,
      ...(newAddress === undefined ? {} : { to_address: newAddress }),
    })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Newest first. */
export async function listMails(db: Kysely<DB>, options: { status?: OutboxStatus; limit: number }): Promise<OutboxRow[]> {
  let query = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.status) query = query.where('status', '=', options.status);
  return query.execute();
}

/**
 * A random tag kept in settings, so Message-IDs (`<outbox-ID.TAG@portal>`) stay the same for a
 * mail across restarts and instances but never collide with those of another portal database.
 */
export async function loadMessageIdTag(db: Kysely<DB>): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: MESSAGE_ID_TAG_KEY, value: randomBytes(8).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', MESSAGE_ID_TAG_KEY).executeTakeFirstOrThrow();
  return row.value;
}
