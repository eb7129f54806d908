// Attachments over HTTP: the larger body limit of the forms that carry files, and the staff download
// GET /cases/:id/attachments/:attachmentId. (The applicant's download lives with the lookup, whose
// access cookie proves the query code; the reply's upload form with the case page.)
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { requireRole, staffOf } from '../auth/middleware.ts';
import type { AppDeps } from '../deps.ts';
import { contentDisposition, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_MB, MAX_ATTACHMENTS } from '../domain/attachment-rules.ts';
import { isHtmx } from '../http/form.ts';
import { limitBody } from '../http/body-limit.ts';
import { renderPage } from '../http/render.tsx';
import { ErrorPage } from '../../views/error-page.tsx';
import { attachmentForStaff, type AttachmentDownload } from './service.ts';

/** Five files at the limit, plus the form's text and the multipart framing. */
export const UPLOAD_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024;

const UPLOAD_PATHS = /^\/(?:letters\/(?:mayor|department)|disclosure|cases\/[0-9]+\/attachments)$/;

/** A multipart post to a form that takes files: it gets UPLOAD_BODY_BYTES, every other request the app's small limit. */
export function isUploadRequest(c: Context): boolean {
  return (
    c.req.method === 'POST' &&
    UPLOAD_PATHS.test(c.req.path) &&
    (c.req.header('content-type') ?? '').trim().toLowerCase().startsWith('multipart/form-data')
  );
}

const TOO_LARGE_HEADING = '附件过大';
const TOO_LARGE_MESSAGE = `附件合计超过了允许的大小：最多${MAX_ATTACHMENTS}个附件，每个不超过${MAX_ATTACHMENT_MB} MB。请返回上一页，减少或压缩附件后重新选择附件再提交。`;

/**
 * The limit of upload requests. Past it the body is never read, so the form cannot come back filled
 * in: the page says what the limits are and sends the citizen back to their form.
 */
export function uploadBodyLimit(districtName: string): MiddlewareHandler {
  const limit = limitBody({
    maxSize: UPLOAD_BODY_BYTES,
    onError: (c) => {
      const body = <ErrorPage heading={TOO_LARGE_HEADING} message={TOO_LARGE_MESSAGE} />;
      // htmx swaps the answer into the form's place: a whole page there would nest a second layout.
      if (isHtmx(c)) return c.html(<div class="error-summary" role="alert">{body}</div>, 413);
      return renderPage(c, { districtName, title: TOO_LARGE_HEADING, status: 413 }, body);
    },
  });
  return (c, next) => (isUploadRequest(c) ? limit(c, next) : next());
}

/** A stored file as a download: its detected type only, never rendered by the browser. */
export function sendAttachment(c: Context, file: AttachmentDownload) {
  return c.body(file.bytes, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': contentDisposition(file.name),
    'Content-Length': String(file.bytes.byteLength),
    'X-Content-Type-Options': 'nosniff',
    // Personal data: no shared cache may keep it, and the browser need not either.
    'Cache-Control': 'private, no-store',
  });
}

export function attachmentRoutes(deps: AppDeps) {
  const app = new Hono();
  const anyStaff = requireRole('office_admin', 'office_staff', 'dept_staff');

  app.get('/cases/:id{[0-9]+}/attachments/:attachmentId{[0-9]+}', anyStaff, async (c) => {
    const file = await attachmentForStaff(deps, staffOf(c), Number(c.req.param('id')), Number(c.req.param('attachmentId')));
    return sendAttachment(c, file);
  });

  return app;
}
