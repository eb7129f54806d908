// SQL of the annual report workflow: the office's stored entries, the frozen report of a final year,
// and the append-only record of who saved, finalized and reopened it. Each change of state is one
// conditional UPDATE, so two people acting at once cannot both succeed on a stale view.
import type { Generated, Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface AnnualReportsTable {
  year: number;
  status: 'draft' | 'final';
  /** JSON: the section 二 figures entered so far, by key. */
  proactive: string;
  /** JSON: the section 四 figures entered so far, by key. */
  appeals: string;
  /** JSON: sections 一, 五, 六 by key. */
  text_sections: string;
  /** JSON: the whole report as it was when marked final; null while a draft. */
  snapshot: string | null;
  finalized_at: string | null;
  finalized_by: number | null;
  updated_at: string;
}

export interface AnnualReportEventsTable {
  id: Generated<number>;
  year: number;
  type: 'saved' | 'finalized' | 'reopened';
  actor_user_id: number | null;
  at: string;
  note: string | null;
}

// A type alias, not an interface: withTables wants a type with an implicit index signature.
type ReportTables = {
  annual_reports: AnnualReportsTable;
  annual_report_events: AnnualReportEventsTable;
};

export type AnnualReportRow = Selectable<AnnualReportsTable>;
export type ReportEventType = AnnualReportEventsTable['type'];

function tables(db: Kysely<DB>) {
  return db.withTables<ReportTables>();
}

export async function findAnnualReport(db: Kysely<DB>, year: number): Promise<AnnualReportRow | undefined> {
  return tables(db).selectFrom('annual_reports').selectAll().where('year', '=', year).executeTakeFirst();
}

/** The frozen report JSON of a final year, or null while the year is a draft or was never written. */
export async function findFinalSnapshot(db: Kysely<DB>, year: number): Promise<string | null> {
  const row = await tables(db)
    .selectFrom('annual_reports')
    .select('snapshot')
    .where('year', '=', year)
    .where('status', '=', 'final')
    .executeTakeFirst();
  return row?.snapshot ?? null;
}

export interface StoredInputs {
  proactive: string;
  appeals: string;
  text_sections: string;
}

/** Writes the entries of a draft (creating the row the first time); false when the year is final. */
export async function saveDraftInputs(db: Kysely<DB>, year: number, inputs: StoredInputs, at: string): Promise<boolean> {
  const result = await tables(db)
    .insertInto('annual_reports')
    .values({ year, status: 'draft', ...inputs, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('year')
        .doUpdateSet({ ...inputs, updated_at: at })
        .where('annual_reports.status', '=', 'draft'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Freezes a draft whose entries are still the ones the snapshot was built from; false when someone
 * saved in between or it is already final.
 */
export async function markFinal(
  db: Kysely<DB>,
  year: number,
  change: { snapshot: string; at: string; userId: number; seen: StoredInputs },
): Promise<boolean> {
  const result = await tables(db)
    .updateTable('annual_reports')
    .set({ status: 'final', snapshot: change.snapshot, finalized_at: change.at, finalized_by: change.userId, updated_at: change.at })
    .where('year', '=', year)
    .where('status', '=', 'draft')
    .where('proactive', '=', change.seen.proactive)
    .where('appeals', '=', change.seen.appeals)
    .where('text_sections', '=', change.seen.text_sections)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Back to draft: the entries stay, the frozen report goes (the events keep the history). */
export async function markDraft(db: Kysely<DB>, year: number, at: string): Promise<boolean> {
  const result = await tables(db)
    .updateTable('annual_reports')
    .set({ status: 'draft', snapshot: null, finalized_at: null, finalized_by: null, updated_at: at })
    .where('year', '=', year)
    .where('status', '=', 'final')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertReportEvent(
  db: Kysely<DB>,
  event: { year: number; type: ReportEventType; actorUserId: number; at: string; note?: string | null },
): Promise<void> {
  await tables(db)
    .insertInto('annual_report_events')
    .values({ year: event.year, type: event.type, actor_user_id: event.actorUserId, at: event.at, note: event.note ?? null })
    .execute();
}

export interface ReportEventRow {
  id: number;
  type: ReportEventType;
  at: string;
  note: string | null;
  actorName: string | null;
}

/** The year's events, newest first. */
export async function listReportEvents(db: Kysely<DB>, year: number): Promise<ReportEventRow[]> {
  const rows = await tables(db)
    .selectFrom('annual_report_events')
    .leftJoin('users', 'users.id', 'annual_report_events.actor_user_id')
    .select([
      'annual_report_events.id',
      'annual_report_events.type',
      'annual_report_events.at',
      'annual_report_events.note',
      'users.display_name as actorName',
    ])
    .where('annual_report_events.year', '=', year)
    .orderBy('annual_report_events.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function findUserName(db: Kysely<DB>, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  return row?.display_name ?? null;
}

/** The years that have a stored report, newest first, for the year picker. */
export async function listReportYears(db: Kysely<DB>): Promise<Array<{ year: number; status: AnnualReportRow['status'] }>> {
  return tables(db).selectFrom('annual_reports').select(['year', 'status']).orderBy('year', 'desc').execute();
}
