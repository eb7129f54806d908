// The annual report in the official layout: title, opening paragraph, the six sections and their
// tables. The printable page wraps it with a toolbar that does not print; the CLI's HTML is the same
// document on its own, with the print styles inlined.
import { raw } from 'hono/html';
import { BALANCE_NOTE } from '../../src/domain/annual-report.ts';
import { SECTION_HEADINGS } from '../../src/domain/report-inputs.ts';
import type { ReportDocument } from '../../src/report/service.ts';
import { AppealsTable, ApplicationsTable, Paragraphs, ProactiveTables } from './tables.tsx';

export function ReportDocumentView({ doc }: { doc: ReportDocument }) {
  const { report } = doc;
  return (
    <article class="report-doc" aria-labelledby="report-title">
      {doc.final ? null : <p class="draft-mark">草稿 · 尚未定稿，数据可能变化</p>}
      <h1 id="report-title">{doc.title}</h1>
      <p>{doc.preface}</p>

      <section aria-labelledby="sec-overview">
        <h2 id="sec-overview">{SECTION_HEADINGS.overview}</h2>
        <Paragraphs text={doc.overview} />
      </section>

      <section aria-labelledby="sec-proactive">
        <h2 id="sec-proactive">{SECTION_HEADINGS.proactive}</h2>
        <ProactiveTables cells={{ mode: 'show', figures: report.proactive }} />
      </section>

      <section aria-labelledby="sec-applications">
        <h2 id="sec-applications">{SECTION_HEADINGS.applications}</h2>
        <p class="table-note">{BALANCE_NOTE}</p>
        <ApplicationsTable rows={report.applications.rows} caption={SECTION_HEADINGS.applications} />
      </section>

      <section aria-labelledby="sec-appeals">
        <h2 id="sec-appeals">{SECTION_HEADINGS.appeals}</h2>
        <AppealsTable cells={{ mode: 'show', figures: report.appeals }} />
      </section>

      <section aria-labelledby="sec-problems">
        <h2 id="sec-problems">{SECTION_HEADINGS.problems}</h2>
        <Paragraphs text={doc.problems} />
      </section>

      <section aria-labelledby="sec-other">
        <h2 id="sec-other">{SECTION_HEADINGS.other}</h2>
        <Paragraphs text={doc.other} />
      </section>
    </article>
  );
}

/** GET /office/report/:year/print: the document, with links back and to the files that do not print. */
export function PrintPage({ doc }: { doc: ReportDocument }) {
  const base = `/office/report/${doc.year}`;
  return (
    <>
      <link rel="stylesheet" href="/static/css/print.css" />
      <div class="no-print">
        <p>
          <a href={base}>返回年度报告编制页面</a> · 下载：<a href={`${base}.docx`}>Word（DOCX）</a> ·{' '}
          <a href={`${base}.xlsx`}>Excel（XLSX）</a> · <a href={`${base}.json`}>JSON</a>
        </p>
        <p class="hint">用浏览器的“打印”功能（Ctrl+P）可打印本报告，页眉、页脚和导航不会打印。</p>
      </div>
      <ReportDocumentView doc={doc} />
    </>
  );
}

/** `report YEAR --format html`: a self-contained page (no links to the server's files). */
export function StandaloneReport({ doc, css }: { doc: ReportDocument; css: string }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{doc.title}</title>
          {/* Our own stylesheet from static/css, not user text. */}
          <style>{raw(css)}</style>
        </head>
        <body>
          <main>
            <ReportDocumentView doc={doc} />
          </main>
        </body>
      </html>
    </>
  );
}
