// The office's annual report workflow: enter sections 二, 四 and the texts, see every check, mark the
// report final (frozen) when all pass, and — an administrator, with a reason — reopen it. Each move
// writes its event in the same transaction as the change.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import type { ReportCheck } from '../domain/annual-report.ts';
import { ForbiddenError, IllegalTransitionError, ValidationError } from '../domain/errors.ts';
import { draftOverview } from '../domain/report-draft-text.ts';
import { checkAppeals, checkCompleteness, parseReportInputs, type ReportInputs } from '../domain/report-inputs.ts';
import { isOfficeRole, type StaffUser } from '../domain/roles.ts';
import {
  findUserName,
  insertReportEvent,
  listReportEvents,
  listReportYears,
  markDraft,
  markFinal,
  saveDraftInputs,
  type ReportEventRow,
  type StoredInputs,
} from './editor-queries.ts';
import { computeAnnualReport, loadReportState, type ReportState } from './service.ts';

export interface EditorDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export const REOPEN_REASON_MAX = 500;

/** Table 三's checks, then section 四's totals, then completeness: all must pass before the report is final. */
export function allChecks(state: Pick<ReportState, 'report' | 'inputs'>): ReportCheck[] {
  return [...state.report.applications.checks, ...checkAppeals(state.inputs.appeals), checkCompleteness(state.inputs)];
}

export interface ReportPageData extends ReportState {
  checks: ReportCheck[];
  /** Section 一 drafted from the figures, for the textarea and 重新生成. */
  draftOverview: string;
  events: ReportEventRow[];
  finalizedByName: string | null;
  /** Years with a stored report, for the year picker. */
  years: Array<{ year: number; status: 'draft' | 'final' }>;
}

export async function loadReportPage(deps: EditorDeps, year: number): Promise<ReportPageData> {
  const state = await loadReportState(deps.db, year);
  const finalizedBy = state.row?.finalized_by ?? null;
  return {
    ...state,
    checks: allChecks(state),
    draftOverview: draftOverview(state.report),
    events: await listReportEvents(deps.db, year),
    finalizedByName: finalizedBy === null ? null : await findUserName(deps.db, finalizedBy),
    years: await listReportYears(deps.db),
  };
}

function assertEditor(user: StaffUser) {
  if (!isOfficeRole(user.role)) throw new ForbiddenError('年度报告由区政府办公室编制。');
}

function storedForm(inputs: ReportInputs): StoredInputs {
  return { proactive: JSON.stringify(inputs.proactive), appeals: JSON.stringify(inputs.appeals), text_sections: JSON.stringify(inputs.text) };
}

const FROZEN_MESSAGE = '该年度报告已定稿，不能修改；如需修改，请管理员先重新打开。';

/** Saves the posted sections of a draft; ValidationError with every field's message when any is wrong. */
export async function saveReportSections(deps: EditorDeps, user: StaffUser, year: number, form: Record<string, string>): Promise<void> {
  assertEditor(user);
  const parsed = parseReportInputs(form);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await saveDraftInputs(trx, year, storedForm(parsed.inputs), at))) throw new IllegalTransitionError(FROZEN_MESSAGE);
    await insertReportEvent(trx, { year, type: 'saved', actorUserId: user.id, at });
  });
}

/** Freezes the report as it stands now; refused while a check fails, naming the failed checks. */
export async function finalizeReport(deps: EditorDeps, user: StaffUser, year: number): Promise<void> {
  assertEditor(user);
  const state = await loadReportState(deps.db, year);
  if (state.status === 'final') throw new IllegalTransitionError('该年度报告已经定稿。');
  if (state.row === null) throw new IllegalTransitionError('请先填写并保存第二、四部分的数据和第一、五、六部分的文字，再标记为定稿。');
  const failed = allChecks(state).filter((c) => !c.ok);
  if (failed.length > 0) {
    throw new IllegalTransitionError(`有 ${failed.length} 项校验未通过，不能标记为定稿：${failed.map((c) => `${c.name}（${c.detail}）`).join('；')}`);
  }
  const at = deps.clock.now().toISOString();
  const seen = { proactive: state.row.proactive, appeals: state.row.appeals, text_sections: state.row.text_sections };
  await deps.db.transaction().execute(async (trx) => {
    // Computed again inside the transaction, so the frozen figures are the ones the checks just passed on.
    const report = await computeAnnualReport(trx, year, state.inputs);
    const stillPassing = allChecks({ report, inputs: state.inputs }).every((c) => c.ok);
    if (!stillPassing || !(await markFinal(trx, year, { snapshot: JSON.stringify(report), at, userId: user.id, seen }))) {
      throw new IllegalTransitionError('报告内容或案件数据刚刚发生变化，请刷新页面核对后再标记为定稿。');
    }
    await insertReportEvent(trx, { year, type: 'finalized', actorUserId: user.id, at });
  });
}

/** An administrator returns a final report to draft; the reason is recorded. */
export async function reopenReport(deps: EditorDeps, user: StaffUser, year: number, input: { reason: string }): Promise<void> {
  if (user.role !== 'office_admin') throw new ForbiddenError('只有办公室管理员可以重新打开已定稿的年度报告。');
  const reason = (input.reason ?? '').trim();
  if (reason === '') throw new ValidationError({ reason: '请写明重新打开的原因' });
  if (reason.length > REOPEN_REASON_MAX) throw new ValidationError({ reason: `原因不能超过${REOPEN_REASON_MAX}个字` });
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await markDraft(trx, year, at))) throw new IllegalTransitionError('该年度报告尚未定稿，无需重新打开。');
    await insertReportEvent(trx, { year, type: 'reopened', actorUserId: user.id, at, note: reason });
  });
}
