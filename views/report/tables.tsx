// The tables of the annual report in the official layout, shared by the office's page (where sections
// 二 and 四 are form fields) and the printable page (figures only). Row and column labels come from
// the domain, so the page, the print, the DOCX and the XLSX cannot drift apart.
import {
  APPLICANT_HEADING,
  ORGANISATION_COLUMNS,
  ORGANISATION_HEADING,
  REPORT_COLUMN_LABELS,
  TABLE_THREE_LINES,
  type ApplicationRows,
} from '../../src/domain/annual-report.ts';
import {
  APPEAL_GROUPS,
  APPEAL_KEYS,
  APPEAL_LABELS,
  APPEAL_OUTCOMES,
  INFO_CONTENT_HEADING,
  LITIGATION_HEADING,
  MONEY_KEYS,
  PROACTIVE_LABELS,
  PROACTIVE_TABLES,
  formatFigure,
  type AppealKey,
  type ProactiveKey,
} from '../../src/domain/report-inputs.ts';

/** Figures to show, or a form to fill: field values by key, errors beside their cells, disabled when frozen. */
export type FigureCells =
  | { mode: 'show'; figures: Record<string, number> }
  | { mode: 'edit'; values: Record<string, string>; errors: Record<string, string> };

const fieldId = (key: string) => `f-${key}`;

function FigureCell({ cells, name, label, money }: { cells: FigureCells; name: string; label: string; money?: boolean }) {
  if (cells.mode === 'show') return <td class="figure">{formatFigure(cells.figures[name], money)}</td>;
  const error = cells.errors[name];
  return (
    <td class={error ? 'figure figure--error' : 'figure'}>
      <label class="visually-hidden" for={fieldId(name)}>
        {label}
        {money ? '（万元，最多两位小数）' : '（整数）'}
      </label>
      <input
        class="figure-input"
        id={fieldId(name)}
        name={name}
        type="text"
        inputmode={money ? 'decimal' : 'numeric'}
        value={cells.values[name] ?? ''}
        maxlength={16}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${fieldId(name)}-error` : undefined}
      />
      {error ? (
        <p class="error-message" id={`${fieldId(name)}-error`}>
          <span class="visually-hidden">错误：</span>
          {error}
        </p>
      ) : null}
    </td>
  );
}

/** Section 二: four tables, 第二十条第（一）（五）（六）（八）项. */
export function ProactiveTables({ cells }: { cells: FigureCells }) {
  return (
    <>
      {PROACTIVE_TABLES.map((t) => (
        <div class="table-scroll">
          <table class="report-table">
            <thead>
              <tr>
                <th scope="colgroup" colspan={t.columns.length + 1}>
                  {t.article}
                </th>
              </tr>
              <tr>
                <th scope="col">{INFO_CONTENT_HEADING}</th>
                {t.columns.map((col) => (
                  <th scope="col">{col}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr>
                  <th scope="row">{r.label}</th>
                  {r.keys.map((key: ProactiveKey) => (
                    <FigureCell cells={cells} name={key} label={PROACTIVE_LABELS[key]} money={MONEY_KEYS.includes(key)} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

/** Section 三: the official table, 申请人情况 over 自然人, the five 法人或其他组织 and 总计. */
export function ApplicationsTable({ rows, caption }: { rows: ApplicationRows; caption: string }) {
  const width = 1 + 1 + ORGANISATION_COLUMNS.length + 1;
  return (
    <div class="table-scroll">
      <table class="report-table report-table--applications">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <td rowspan={3}></td>
            <th scope="colgroup" colspan={width - 1}>
              {APPLICANT_HEADING}
            </th>
          </tr>
          <tr>
            <th scope="col" rowspan={2}>
              {REPORT_COLUMN_LABELS.natural_person}
            </th>
            <th scope="colgroup" colspan={ORGANISATION_COLUMNS.length}>
              {ORGANISATION_HEADING}
            </th>
            <th scope="col" rowspan={2}>
              {REPORT_COLUMN_LABELS.total}
            </th>
          </tr>
          <tr>
            {ORGANISATION_COLUMNS.map((col) => (
              <th scope="col">{REPORT_COLUMN_LABELS[col]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {TABLE_THREE_LINES.map((line) =>
            line.kind === 'row' ? (
              <tr data-row={line.key}>
                <th scope="row" class={`depth-${line.depth}`}>
                  {line.label}
                </th>
                {rows[line.key].map((n) => (
                  <td class="figure">{n}</td>
                ))}
              </tr>
            ) : (
              <tr>
                <th scope="row" colspan={width} class={`depth-${line.depth} row-heading`}>
                  {line.label}
                </th>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Section 四: 行政复议 and 行政诉讼 (直接起诉, 复议后起诉), five figures each. */
export function AppealsTable({ cells }: { cells: FigureCells }) {
  const [reconsideration, ...litigation] = APPEAL_GROUPS;
  const outcomes = APPEAL_OUTCOMES.map((o) => o.label);
  return (
    <div class="table-scroll">
      <table class="report-table report-table--appeals">
        <thead>
          <tr>
            <th scope="colgroup" colspan={outcomes.length}>
              {reconsideration.heading}
            </th>
            <th scope="colgroup" colspan={outcomes.length * litigation.length}>
              {LITIGATION_HEADING}
            </th>
          </tr>
          <tr>
            {outcomes.map((label) => (
              <th scope="col" rowspan={2}>
                {label}
              </th>
            ))}
            {litigation.map((g) => (
              <th scope="colgroup" colspan={outcomes.length}>
                {g.heading}
              </th>
            ))}
          </tr>
          <tr>
            {litigation.flatMap(() => outcomes.map((label) => <th scope="col">{label}</th>))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {APPEAL_KEYS.map((key: AppealKey) => (
              <FigureCell cells={cells} name={key} label={APPEAL_LABELS[key]} />
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** Text as paragraphs, one per non-empty line, never as markup. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (
          <p>{line}</p>
        ))}
    </>
  );
}
