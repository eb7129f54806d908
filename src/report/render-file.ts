// The report as a DOCX or XLSX file. docx and exceljs weigh about 35 MB of memory, so they are
// loaded when a file is first asked for, not when the server starts.
import type { ReportDocument } from './service.ts';

export async function renderReportFile(doc: ReportDocument, format: 'docx' | 'xlsx'): Promise<Buffer> {
  if (format === 'docx') return (await import('./render-docx.ts')).renderReportDocx(doc);
  return (await import('./render-xlsx.ts')).renderReportXlsx(doc);
}
