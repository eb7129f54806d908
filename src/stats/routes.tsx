// GET /office/stats (the office's dashboard) with its CSV and XLSX exports, and GET /stats (public).
import { Hono, type Context } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import type { AppDeps } from '../deps.ts';
import { renderPage } from '../http/render.tsx';
import { PublicStatsPage } from '../../views/stats/public-stats-page.tsx';
import { StatsPage } from '../../views/stats/stats-page.tsx';
import { parseExportTable, sheetToCsv, sheetToXlsx, statsSheet } from './export.ts';
import { createPublicStatsSource, loadDashboard } from './service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 6266/5987: an ASCII fallback for old clients, the Chinese name for everyone else. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]+/g, '').replace(/^-+/, 'stats-').replace(/"/g, '');
  return `attachment; filename="${ascii || 'stats'}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function statsRoutes(deps: AppDeps) {
  const app = new Hono();
  const office = requireRole('office_admin', 'office_staff');

  app.get('/office/stats', office, async (c) => {
    const view = await loadDashboard(deps, c.req.query());
    const status = Object.keys(view.errors).length > 0 ? 422 : 200;
    return renderPage(c, { districtName: deps.config.districtName, title: '统计分析', status }, <StatsPage view={view} />);
  });

  async function exportSheet(c: Context) {
    const table = parseExportTable(c.req.query('table'));
    return statsSheet(await loadDashboard(deps, c.req.query()), table);
  }

  app.get('/office/stats/export.csv', office, async (c) => {
    const sheet = await exportSheet(c);
    return c.body(sheetToCsv(sheet), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(`${sheet.filename}.csv`),
      'Cache-Control': 'no-store',
    });
  });

  app.get('/office/stats/export.xlsx', office, async (c) => {
    const sheet = await exportSheet(c);
    const body = await sheetToXlsx(sheet);
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachment(`${sheet.filename}.xlsx`),
      'Cache-Control': 'no-store',
    });
  });

  const publicStats = createPublicStatsSource(deps);
  app.get('/stats', async (c) => {
    const view = await publicStats();
    return renderPage(c, { districtName: deps.config.districtName, title: '办理情况统计' }, <PublicStatsPage view={view} />);
  });

  return app;
}
