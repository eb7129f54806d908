// The office's work pages: 受理分办 (intake and dispatch), 答复审核, 延期审批 and 逾期未补正.
// Every action redirects back to its list (303) with the result in the query string; a refused
// action re-renders the list with the message beside the field or above the list.
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { requireRole, staffOf } from '../auth/middleware.ts';
import {
  approveReply,
  closeNoSupplement,
  decideExtension,
  dispatchMany,
  INVALID_REASONS,
  returnDraft,
} from '../cases/service.ts';
import { CASE_STATUS_LABELS, type CaseStatus } from '../domain/case-state.ts';
import { formatChineseDate } from '../domain/china-time.ts';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { isOutcomeCode, outcomeByCode } from '../domain/outcomes.ts';
import type { AppDeps } from '../deps.ts';
import { mapError } from '../http/errors.tsx';
import { isHtmx, readForm, readValues } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { ExtensionsView, type ExtensionsProps } from '../../views/office/extensions.tsx';
import { EMPTY_INTAKE_VALUES, IntakeView, type IntakeProps, type IntakeValues } from '../../views/office/intake.tsx';
import { ReviewView, type ReviewProps } from '../../views/office/review.tsx';
import { chinaDate } from '../domain/china-time.ts';
import { calendarWarning } from '../calendar/admin-service.ts';
import { OFFICE_TITLES, OfficeShell, type Flash, type OfficeCounts, type OfficeTab } from '../../views/office/shell.tsx';
import { SupplementsView } from '../../views/office/supplements.tsx';
import {
  invalidateMany,
  loadCaseLabels,
  loadDispatchTargets,
  loadExtensions,
  loadIntake,
  loadOfficeCounts,
  loadReview,
  loadSupplements,
} from './service.ts';

type Status = 200 | 409 | 422;

const REASON_OPTIONS = Object.entries(INVALID_REASONS).map(([value, label]) => ({ value, label }));
const NOTE_MAX = 500;
const COMMENT_MAX = 1000;

/** A positive integer from a query or form value, or null. */
function positiveInt(value: string | undefined): number | null {
  return value && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
}

function idList(value: string | undefined): number[] {
  return (value ?? '').split(',').map(positiveInt).filter((n): n is number => n !== null);
}

/** Domain refusals other than "not found" and "not allowed" are shown on the list; those two keep their error page. */
function refusal(error: unknown): { status: Status; message: string } | null {
  if (!(error instanceof DomainError) || error instanceof NotFoundError || error instanceof ForbiddenError) return null;
  const mapped = mapError(error);
  return { status: mapped.status === 422 ? 422 : 409, message: mapped.message };
}

export function officeRoutes(deps: AppDeps) {
  const app = new Hono();
  app.use('/office/*', requireRole('office_admin', 'office_staff'));

  /** One partial (the office frame) serves the whole page and the htmx swap. */
  async function show(c: Context, tab: OfficeTab, body: Child, opts: { status?: Status; flash?: Flash | null; counts?: OfficeCounts } = {}) {
    const status = opts.status ?? 200;
    const counts = opts.counts ?? (await loadOfficeCounts(deps));
    // Deadlines that reach a year without a schedule cannot be computed: the office must see it where it works.
    const warning = await calendarWarning(deps.db, chinaDate(deps.clock.now()));
    const frame = (
      <OfficeShell current={tab} counts={counts} flash={opts.flash} calendarWarning={warning?.message ?? null}>
        {body}
      </OfficeShell>
    );
    c.header('Vary', 'HX-Request');
    // A refused post answers at the post's URL; htmx must not put that URL in the address bar.
    if (status !== 200) c.header('HX-Push-Url', 'false');
    if (isHtmx(c)) {
      return c.html(
        <>
          <title>{`${OFFICE_TITLES[tab]} - ${deps.config.districtName}人民政府`}</title>
          {frame}
        </>,
        status,
      );
    }
    return renderPage(c, { districtName: deps.config.districtName, title: OFFICE_TITLES[tab], status }, frame);
  }

  async function caseLabel(id: number | null) {
    if (id === null) return null;
    const [found] = await loadCaseLabels(deps, [id]);
    return found ?? null;
  }

  // ------------------------------------------------------------------ 受理分办

  async function showIntake(
    c: Context,
    opts: { values?: IntakeValues; errors?: IntakeProps['errors']; flash?: Flash | null; status?: Status } = {},
  ) {
    const data = await loadIntake(deps);
    const counts = await loadOfficeCounts(deps);
    return show(
      c,
      'intake',
      <IntakeView
        rows={data.rows}
        total={counts.intake}
        lateDeptLetters={data.lateDeptLetters}
        departments={data.departments.map((d) => ({ value: String(d.id), label: d.name }))}
        reasons={REASON_OPTIONS}
        values={opts.values ?? EMPTY_INTAKE_VALUES}
        errors={opts.errors ?? {}}
      />,
      { status: opts.status, flash: opts.flash, counts },
    );
  }

  app.get('/office/intake', async (c) => showIntake(c, { flash: await intakeFlash(c) }));

  async function intakeFlash(c: Context): Promise<Flash | null> {
    const dispatched = positiveIntOrZero(c.req.query('dispatched'));
    const invalidated = positiveIntOrZero(c.req.query('invalidated'));
    if (dispatched === null && invalidated === null) return null;
    const lines: Child[] = [];
    if (dispatched !== null) {
      const to = positiveInt(c.req.query('to'));
      const dept = (await loadDispatchTargets(deps)).find((d) => d.id === to);
      lines.push(`已受理并分办 ${dispatched} 件${dept ? `至${dept.name}` : ''}。`);
    }
    if (invalidated !== null) lines.push(`已标记无效 ${invalidated} 件。`);
    const refused = await loadCaseLabels(deps, idList(c.req.query('refused')));
    if (refused.length > 0) {
      lines.push(
        <>
          以下 {refused.length} 件未能办理：
          {refused.map((r, i) => (
            <>
              {i > 0 ? '、' : ''}
              <a href={`/cases/${r.id}`}>{r.reference}</a>（当前状态：{CASE_STATUS_LABELS[r.status as CaseStatus] ?? r.status}）
            </>
          ))}
          。
        </>,
      );
    }
    return { kind: refused.length > 0 ? 'error' : 'ok', lines };
  }

  /** The ticked cases (every value of the repeated field) and the rest of the bulk form. */
  async function readIntakeForm(c: Context) {
    const form = await readForm(c);
    const picked = await readValues(c, 'case_ids');
    const ids = [...new Set(picked.map(positiveInt).filter((n): n is number => n !== null))];
    const values: IntakeValues = {
      caseIds: ids.map(String),
      department_id: form.department_id ?? '',
      reason: form.reason ?? '',
      note: form.note ?? '',
    };
    return { ids, values };
  }

  app.post('/office/intake/dispatch', async (c) => {
    const { ids, values } = await readIntakeForm(c);
    const errors: IntakeProps['errors'] = {};
    if (ids.length === 0) errors.case_ids = '请至少勾选一件来信或申请';
    const departmentId = positiveInt(values.department_id);
    const targets = await loadDispatchTargets(deps);
    if (departmentId === null || !targets.some((d) => d.id === departmentId)) errors.department_id = '请选择承办单位';
    if (Object.keys(errors).length > 0) return showIntake(c, { values, errors, status: 422 });

    const results = await dispatchMany(deps, staffOf(c), ids, departmentId!);
    const done = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok).map((r) => r.caseId);
    return c.redirect(`/office/intake?dispatched=${done}&to=${departmentId}${refused.length ? `&refused=${refused.join(',')}` : ''}`, 303);
  });

  app.post('/office/intake/invalidate', async (c) => {
    const { ids, values } = await readIntakeForm(c);
    const errors: IntakeProps['errors'] = {};
    if (ids.length === 0) errors.case_ids = '请至少勾选一件来信';
    if (!Object.hasOwn(INVALID_REASONS, values.reason)) errors.reason = '请选择无效原因';
    if (values.note.trim().length > NOTE_MAX) errors.note = `说明不能超过${NOTE_MAX}个字`;
    if (Object.keys(errors).length > 0) return showIntake(c, { values, errors, status: 422 });

    const results = await invalidateMany(deps, staffOf(c), ids, { reason: values.reason, note: values.note });
    const done = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok).map((r) => r.caseId);
    return c.redirect(`/office/intake?invalidated=${done}${refused.length ? `&refused=${refused.join(',')}` : ''}`, 303);
  });

  // ------------------------------------------------------------------ 答复审核

  async function showReview(c: Context, opts: { flash?: Flash | null; status?: Status; returning?: ReviewProps['returning'] } = {}) {
    const rows = await loadReview(deps);
    const items = rows.map((r) => ({
      ...r,
      outcomeLabel: r.channel === 'disclosure' && r.outcome && isOutcomeCode(r.outcome) ? outcomeByCode(r.outcome).label : null,
    }));
    return show(c, 'review', <ReviewView items={items} returning={opts.returning} />, { status: opts.status, flash: opts.flash });
  }

  app.get('/office/review', async (c) => {
    const approved = await caseLabel(positiveInt(c.req.query('approved')));
    const returned = await caseLabel(positiveInt(c.req.query('returned')));
    const flash: Flash | null = approved
      ? { kind: 'ok', lines: [`${approved.reference} 已审核通过，答复已发出，案件办结。`] }
      : returned
        ? { kind: 'ok', lines: [`${returned.reference} 已退回承办单位修改。`] }
        : null;
    return showReview(c, { flash });
  });

  app.post('/office/review/:id{[0-9]+}/approve', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      await approveReply(deps, staffOf(c), id);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return showReview(c, { status: refused.status, flash: { kind: 'error', lines: [refused.message] } });
    }
    return c.redirect(`/office/review?approved=${id}`, 303);
  });

  app.post('/office/review/:id{[0-9]+}/return', async (c) => {
    const id = Number(c.req.param('id'));
    const comment = (await readForm(c)).comment ?? '';
    try {
      await returnDraft(deps, staffOf(c), id, { comment });
    } catch (error) {
      if (error instanceof ValidationError && error.fields.comment) {
        return showReview(c, { status: 422, returning: { caseId: id, comment, error: error.fields.comment } });
      }
      const refused = refusal(error);
      if (!refused) throw error;
      return showReview(c, { status: refused.status, flash: { kind: 'error', lines: [refused.message] } });
    }
    return c.redirect(`/office/review?returned=${id}`, 303);
  });

  // ------------------------------------------------------------------ 延期审批

  async function showExtensions(c: Context, opts: { flash?: Flash | null; status?: Status; deciding?: ExtensionsProps['deciding'] } = {}) {
    const items = await loadExtensions(deps);
    return show(c, 'extensions', <ExtensionsView items={items} deciding={opts.deciding} />, { status: opts.status, flash: opts.flash });
  }

  app.get('/office/extensions', async (c) => {
    const approved = await caseLabel(positiveInt(c.req.query('approved')));
    const refused = await caseLabel(positiveInt(c.req.query('refused')));
    const flash: Flash | null = approved
      ? {
          kind: 'ok',
          lines: [`${approved.reference} 延期已批准${approved.due_on ? `，答复期限延至${formatChineseDate(approved.due_on)}` : ''}。`],
        }
      : refused
        ? { kind: 'ok', lines: [`${refused.reference} 延期申请未获批准，承办单位可在案件中查看审批意见。`] }
        : null;
    return showExtensions(c, { flash });
  });

  app.post('/office/extensions/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const comment = form.comment ?? '';
    const decision = form.decision;
    const invalid = (error: string) => showExtensions(c, { status: 422, deciding: { caseId: id, comment, error } });
    if (decision !== 'approve' && decision !== 'refuse') return invalid('请选择“批准延期”或“不批准”');
    // The department must learn why it still has to answer in time.
    if (decision === 'refuse' && !comment.trim()) return invalid('不批准延期须写明理由');
    if (comment.trim().length > COMMENT_MAX) return invalid(`审批意见不能超过${COMMENT_MAX}个字`);
    try {
      await decideExtension(deps, staffOf(c), id, { approve: decision === 'approve', comment });
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return showExtensions(c, { status: refused.status, flash: { kind: 'error', lines: [refused.message] } });
    }
    return c.redirect(`/office/extensions?${decision === 'approve' ? 'approved' : 'refused'}=${id}`, 303);
  });

  // ------------------------------------------------------------------ 逾期未补正

  async function showSupplements(c: Context, opts: { flash?: Flash | null; status?: Status } = {}) {
    const items = await loadSupplements(deps);
    return show(c, 'supplements', <SupplementsView items={items} />, opts);
  }

  app.get('/office/supplements', async (c) => {
    const closed = await caseLabel(positiveInt(c.req.query('closed')));
    const flash: Flash | null = closed ? { kind: 'ok', lines: [`${closed.reference} 已按申请人逾期未补正办结。`] } : null;
    return showSupplements(c, { flash });
  });

  app.post('/office/supplements/:id{[0-9]+}/close', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      await closeNoSupplement(deps, staffOf(c), id);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return showSupplements(c, { status: refused.status, flash: { kind: 'error', lines: [refused.message] } });
    }
    return c.redirect(`/office/supplements?closed=${id}`, 303);
  });

  return app;
}

/** A count in a result message: 0 is a real answer ("0 件"), unlike an id. */
function positiveIntOrZero(value: string | undefined): number | null {
  return value === '0' ? 0 : positiveInt(value);
}
