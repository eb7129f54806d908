// The office's annual report: the editing page with its checks, 定稿 and 重新打开, the printable page in
// the official layout, and the DOCX, XLSX and JSON downloads. Every output reads the same report: the
// frozen one once the year is final.
import { Hono, type Context } from 'hono';
import { requireRole, staffOf } from '../auth/middleware.ts';
import { chinaDate } from '../domain/china-time.ts';
import { IllegalTransitionError, ValidationError } from '../domain/errors.ts';
import { APPEAL_KEYS, PROACTIVE_KEYS, TEXT_KEYS, inputsToForm } from '../domain/report-inputs.ts';
import type { AppDeps } from '../deps.ts';
import { isHtmx, readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { PrintPage } from '../../views/report/document.tsx';
import { REPORT_PAGE_TITLE, ReportEditorPage, type ReportFlash } from '../../views/report/editor-page.tsx';
import { finalizeReport, loadReportPage, reopenReport, saveReportSections } from './editor-service.ts';
import { loadReportDocument } from './service.ts';
import { renderReportFile } from './render-file.ts';

type Status = 200 | 409 | 422;

interface ShowOptions {
  status?: Status;
  /** Posted values to show again instead of the stored ones. */
  values?: Record<string, string>;
  errors?: Record<string, string>;
  regenerated?: boolean;
  flash?: ReportFlash | null;
  reopen?: { value: string; error?: string };
}

const FORM_KEYS: readonly string[] = [...PROACTIVE_KEYS, ...APPEAL_KEYS, ...TEXT_KEYS];

const FLASHES: Record<string, string> = {
  saved: '已保存。',
  finalized: '已标记为定稿。报告内容已冻结，页面和下载文件均以定稿时的数据为准。',
  reopened: '已重新打开，报告恢复为草稿，数据按当前案件重新计算。',
};

const DOWNLOAD_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
} as const;

/** An ASCII name for old clients and the Chinese title for the rest (RFC 6266). */
function attachment(ascii: string, title: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(title)}`;
}

export function reportRoutes(deps: AppDeps) {
  const app = new Hono();
  const officeOnly = requireRole('office_admin', 'office_staff');
  app.use('/office/report', officeOnly);
  app.use('/office/report/*', officeOnly);

  const thisYear = () => Number(chinaDate(deps.clock.now()).slice(0, 4));
  const yearOf = (c: Context) => Number(c.req.param('year'));

  /** The page; one partial serves the whole page and the htmx swap. */
  async function show(c: Context, year: number, opts: ShowOptions = {}) {
    const staff = staffOf(c);
    const data = await loadReportPage(deps, year);
    const final = data.status === 'final';
    const stored = inputsToForm(data.inputs);
    const values = opts.values ?? { ...stored, overview: stored.overview || data.draftOverview };
    const current = thisYear();
    const years = [...new Set([current, ...Array.from({ length: 5 }, (_, i) => current - 1 - i), ...data.years.map((y) => y.year), year])].sort(
      (a, b) => b - a,
    );
    const status = opts.status ?? 200;
    const page = (
      <ReportEditorPage
        year={year}
        status={data.status}
        finalizedAt={data.row?.finalized_at ?? null}
        finalizedByName={data.finalizedByName}
        yearOpen={year >= current}
        checks={data.checks}
        report={data.report}
        values={values}
        errors={opts.errors ?? {}}
        regenerated={opts.regenerated ?? false}
        canEdit={!final}
        canFinalize={data.status === 'draft'}
        canReopen={final && staff.role === 'office_admin'}
        reopen={opts.reopen ?? { value: '' }}
        events={data.events}
        flash={opts.flash ?? null}
        years={years}
      />
    );
    c.header('Vary', 'HX-Request');
    c.header('Cache-Control', 'no-store');
    // A refused post answers at the post's URL; htmx must not put that URL in the address bar.
    if (status !== 200 || c.req.method === 'POST') c.header('HX-Push-Url', 'false');
    const title = REPORT_PAGE_TITLE(year);
    if (isHtmx(c)) {
      return c.html(
        <>
          <title>{`${title} - ${deps.config.districtName}人民政府`}</title>
          {page}
        </>,
        status,
      );
    }
    return renderPage(c, { districtName: deps.config.districtName, title, status }, page);
  }

  app.get('/office/report', (c) => c.redirect(`/office/report/${thisYear() - 1}`, 303));

  app.get('/office/report/:year{[0-9]{4}}', (c) => {
    const done = Object.keys(FLASHES).find((key) => c.req.query(key) === '1');
    return show(c, yearOf(c), { flash: done ? { kind: 'ok', lines: [FLASHES[done]] } : null });
  });

  app.post('/office/report/:year{[0-9]{4}}/sections', async (c) => {
    const year = yearOf(c);
    const form = await readForm(c);
    const values = Object.fromEntries(FORM_KEYS.map((key) => [key, form[key] ?? '']));
    const refuse = (error: unknown) => {
      if (error instanceof IllegalTransitionError) return show(c, year, { status: 409, flash: { kind: 'error', lines: [error.message] } });
      throw error;
    };
    if (form.regenerate === '1') {
      const data = await loadReportPage(deps, year);
      if (data.status === 'final') return refuse(new IllegalTransitionError('该年度报告已定稿，不能修改；如需修改，请管理员先重新打开。'));
      return show(c, year, { values: { ...values, overview: data.draftOverview }, regenerated: true });
    }
    try {
      await saveReportSections(deps, staffOf(c), year, form);
    } catch (error) {
      if (error instanceof ValidationError) return show(c, year, { status: 422, values, errors: error.fields });
      return refuse(error);
    }
    return c.redirect(`/office/report/${year}?saved=1`, 303);
  });

  app.post('/office/report/:year{[0-9]{4}}/finalize', async (c) => {
    const year = yearOf(c);
    try {
      await finalizeReport(deps, staffOf(c), year);
    } catch (error) {
      if (!(error instanceof IllegalTransitionError)) throw error;
      return show(c, year, { status: 409, flash: { kind: 'error', lines: [error.message] } });
    }
    return c.redirect(`/office/report/${year}?finalized=1`, 303);
  });

  app.post('/office/report/:year{[0-9]{4}}/reopen', async (c) => {
    const year = yearOf(c);
    const reason = (await readForm(c)).reason ?? '';
    try {
      await reopenReport(deps, staffOf(c), year, { reason });
    } catch (error) {
      if (error instanceof ValidationError && error.fields.reason) {
        return show(c, year, { status: 422, reopen: { value: reason, error: error.fields.reason } });
      }
      if (!(error instanceof IllegalTransitionError)) throw error;
      return show(c, year, { status: 409, flash: { kind: 'error', lines: [error.message] } });
    }
    return c.redirect(`/office/report/${year}?reopened=1`, 303);
  });

  app.get('/office/report/:year{[0-9]{4}}/print', async (c) => {
    const doc = await loadReportDocument(deps.db, yearOf(c), deps.config.districtName);
    c.header('Cache-Control', 'no-store');
    return renderPage(c, { districtName: deps.config.districtName, title: doc.title }, <PrintPage doc={doc} />);
  });

  app.get('/office/report/:file{[0-9]{4}\\.(?:docx|xlsx|json)}', async (c) => {
    const [yearText, ext] = c.req.param('file').split('.') as [string, keyof typeof DOWNLOAD_TYPES];
    const doc = await loadReportDocument(deps.db, Number(yearText), deps.config.districtName);
    c.header('Content-Type', DOWNLOAD_TYPES[ext]);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Disposition', attachment(`annual-report-${doc.year}.${ext}`, `${doc.title}.${ext}`));
    if (ext === 'json') return c.body(`${JSON.stringify(doc.report, null, 2)}\n`);
    const bytes = await renderReportFile(doc, ext);
    return c.body(new Uint8Array(bytes));
  });

  return app;
}
