// GET /queue (the clerk's work queue; the full page, or the results region for htmx) and its CSV export.
import { Hono } from 'hono';
import { requireRole, staffOf } from '../auth/middleware.ts';
import type { AppDeps } from '../deps.ts';
import { isHtmx } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { QueuePage, QueueResults } from '../../views/queue/queue-page.tsx';
import { exportQueueCsv, loadQueue } from './service.ts';

export function queueRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/queue', requireRole(), async (c) => {
    c.header('Vary', 'HX-Request');
    // Case lists hold personal data: no shared or back-forward cache keeps a copy.
    c.header('Cache-Control', 'no-store');
    const view = await loadQueue(deps, staffOf(c), c.req.query());
    const status = Object.keys(view.errors).length > 0 ? 422 : 200;
    // On a history cache miss htmx asks again with HX-Request and wants the whole page back.
    if (isHtmx(c) && c.req.header('hx-history-restore-request') !== 'true') return c.html(<QueueResults view={view} />, status);
    return renderPage(c, { districtName: deps.config.districtName, title: '办理工作台', status }, <QueuePage view={view} />);
  });

  app.get('/queue/export.csv', requireRole(), async (c) => {
    const { filename, body } = await exportQueueCsv(deps, staffOf(c), c.req.query());
    // RFC 6266/5987: an ASCII fallback for old clients, the Chinese name for everyone else.
    const ascii = filename.replace(/[^\x20-\x7e]+/g, '').replace(/^-+/, 'queue-');
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'Cache-Control': 'no-store',
    });
  });

  return app;
}
