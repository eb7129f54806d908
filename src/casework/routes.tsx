// The staff case page and every move on a case: GET /cases/:id, POST /cases/:id/<action>, GET /cases/:id/notice,
// and the reply's attachments: POST /cases/:id/attachments, POST /cases/:id/attachments/:attachmentId/delete.
import { Hono, type Context } from 'hono';
import { addReplyAttachments, listCaseAttachments, removeReplyAttachment } from '../attachments/service.ts';
import { requireRole, staffOf } from '../auth/middleware.ts';
import type { AppDeps } from '../deps.ts';
import { ATTACHMENTS_FIELD } from '../domain/attachment-rules.ts';
import { IllegalTransitionError, ValidationError } from '../domain/errors.ts';
import { isHtmx, readFiles, readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import type { ActiveForm } from '../../views/casework/action-forms.tsx';
import { CaseView } from '../../views/casework/case-page.tsx';
import { NoticePage } from '../../views/casework/notice.tsx';
import { formBySlug, loadCasePage, loadNotice, performAction } from './service.ts';

export function caseworkRoutes(deps: AppDeps) {
  const app = new Hono();
  const anyStaff = requireRole('office_admin', 'office_staff', 'dept_staff');
  const district = deps.config.districtName;

  /** The page as it stands, or as htmx's swap of #case; a refused form comes back with its values and messages. */
  async function showCase(c: Context, caseId: number, status: 200 | 409 | 422, extra: { active?: ActiveForm; conflict?: string; uploadError?: string } = {}) {
    c.header('Vary', 'HX-Request');
    c.header('Cache-Control', 'no-store');
    const m = await loadCasePage(deps, staffOf(c), caseId);
    const files = await listCaseAttachments(deps.db, caseId);
    // The reply's files change with its draft: whoever may save the draft may attach and remove them.
    const attachments = { ...files, replyEditable: m.forms.some((f) => f.form === 'save_draft'), uploadError: extra.uploadError ?? null };
    const view = <CaseView m={m} attachments={attachments} active={extra.active ?? null} conflict={extra.conflict ?? null} />;
    if (isHtmx(c)) return c.html(view, status);
    return renderPage(c, { districtName: district, title: `${m.reference} ${m.subject}`, status }, view);
  }

  app.get('/cases/:id{[0-9]+}', anyStaff, (c) => showCase(c, Number(c.req.param('id')), 200));

  // Registered before the moves below, whose :action would otherwise take "attachments".
  app.post('/cases/:id{[0-9]+}/attachments', anyStaff, async (c) => {
    const caseId = Number(c.req.param('id'));
    const files = await readFiles(c, ATTACHMENTS_FIELD);
    try {
      await addReplyAttachments(deps, staffOf(c), caseId, files, deps.clock.now());
    } catch (error) {
      if (error instanceof ValidationError) return showCase(c, caseId, 422, { uploadError: error.fields[ATTACHMENTS_FIELD] ?? error.message });
      if (error instanceof IllegalTransitionError) return showCase(c, caseId, 409, { conflict: error.message });
      throw error;
    }
    return c.redirect(`/cases/${caseId}#reply-attachments`, 303);
  });

  app.post('/cases/:id{[0-9]+}/attachments/:attachmentId{[0-9]+}/delete', anyStaff, async (c) => {
    const caseId = Number(c.req.param('id'));
    try {
      await removeReplyAttachment(deps, staffOf(c), caseId, Number(c.req.param('attachmentId')), deps.clock.now());
    } catch (error) {
      if (error instanceof IllegalTransitionError) return showCase(c, caseId, 409, { conflict: error.message });
      throw error;
    }
    return c.redirect(`/cases/${caseId}#reply-attachments`, 303);
  });

  app.post('/cases/:id{[0-9]+}/:action{[a-z-]+}', anyStaff, async (c) => {
    const form = formBySlug(c.req.param('action'));
    if (!form) return c.notFound();
    const caseId = Number(c.req.param('id'));
    const values = await readForm(c);
    try {
      await performAction(deps, staffOf(c), caseId, form, values);
    } catch (error) {
      if (error instanceof ValidationError) return showCase(c, caseId, 422, { active: { form, values, errors: error.fields } });
      // Someone else moved the case first, or a deadline rule forbids the move: show the case as it now is.
      if (error instanceof IllegalTransitionError) return showCase(c, caseId, 409, { conflict: error.message });
      throw error;
    }
    // No flash message: the timeline on the page says what just happened.
    return c.redirect(`/cases/${caseId}`, 303);
  });

  app.get('/cases/:id{[0-9]+}/notice', anyStaff, async (c) => {
    c.header('Cache-Control', 'no-store');
    const notice = await loadNotice(deps, staffOf(c), Number(c.req.param('id')));
    return renderPage(c, { districtName: district, title: `${notice.draft ? '（草稿）' : ''}答复告知书 ${notice.reference}` }, <NoticePage n={notice} />);
  });

  return app;
}
