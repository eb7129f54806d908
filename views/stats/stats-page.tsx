// The office's statistics: a period form (plain GET, no script needed), then per channel, per
// department (sortable by any column), the monthly trend (SVG chart with its table) and the letters per
// category. Counts link to the work queue listing the cases behind them; every table exports.
import { formatChineseDate } from '../../src/domain/china-time.ts';
import { PERIOD_KINDS, PERIOD_KIND_LABELS, QUARTER_LABELS } from '../../src/domain/stats-period.ts';
import {
  FIGURE_COLUMNS,
  SMALL_SAMPLE,
  SMALL_SAMPLE_NOTE,
  SORT_KEY_OF,
  type ExportTable,
  type FigureKey,
  type FigureLinks,
  type FigureRow,
  type MonthRow,
  type StatsView,
} from '../../src/stats/service.ts';
import { ErrorSummary, Select, TextField } from '../components/fields.tsx';
import { BarChart } from './chart.tsx';
import { formatNumber, formatPercent } from './format.ts';

const FIELD_LABELS = { period: '统计期间', year: '年度', quarter: '季度', month: '月份', from: '开始日期', to: '结束日期' };

const RECEIVED_COLOR = '#1d5c96';
const CLOSED_COLOR = '#b35900';

export function StatsPage({ view }: { view: StatsView }) {
  return (
    <>
      <h1>统计分析</h1>
      <PeriodForm view={view} />
      {view.period ? <Results view={view} /> : null}
    </>
  );
}

function PeriodForm({ view }: { view: StatsView }) {
  const { values, errors } = view;
  return (
    <form method="get" action="/office/stats" id="stats-period" aria-label="选择统计期间">
      <ErrorSummary errors={errors as Record<string, string>} labels={FIELD_LABELS} />
      <Select
        name="period"
        label={FIELD_LABELS.period}
        value={values.period}
        error={errors.period}
        required
        options={PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABELS[k] }))}
      />
      <TextField name="year" label={FIELD_LABELS.year} value={values.year} error={errors.year} maxLength={4} inputMode="numeric" hint="按年度、季度或月份统计时填写，例如 2026" />
      <Select
        name="quarter"
        label={FIELD_LABELS.quarter}
        value={values.quarter}
        error={errors.quarter}
        placeholder="请选择"
        hint="按季度统计时选择"
        options={QUARTER_LABELS.map((label, i) => ({ value: String(i + 1), label }))}
      />
      <Select
        name="month"
        label={FIELD_LABELS.month}
        value={values.month}
        error={errors.month}
        placeholder="请选择"
        hint="按月份统计时选择"
        options={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}月` }))}
      />
      <TextField name="from" label={FIELD_LABELS.from} value={values.from} error={errors.from} maxLength={10} hint="自定义起止日期时填写，例如 2026-01-01" />
      <TextField name="to" label={FIELD_LABELS.to} value={values.to} error={errors.to} maxLength={10} hint="自定义起止日期时填写，最长三年，例如 2026-06-30" />
      {view.sort.key ? (
        <>
          <input type="hidden" name="sort" value={view.sort.key} />
          <input type="hidden" name="dir" value={view.sort.dir} />
        </>
      ) : null}
      <button type="submit">查看统计</button>
    </form>
  );
}

function Results({ view }: { view: StatsView }) {
  const period = view.period!;
  return (
    <>
      <p id="stats-period-summary">
        统计期间：<strong>{period.label}</strong>（{formatChineseDate(period.from)}至{formatChineseDate(period.to)}），数据截至
        {formatChineseDate(view.today)}。
      </p>
      <Definitions view={view} />
      {view.medianNotice ? <p class="notice">{view.medianNotice}</p> : null}

      <section aria-labelledby="channels-heading">
        <h2 id="channels-heading">按渠道</h2>
        <FigureTable id="channels-table" caption={`${period.label}各渠道办理情况`} firstHeader="渠道" rows={view.channels} total={view.channelTotal} />
        <ExportLinks view={view} table="channels" label="按渠道统计表" />
      </section>

      <section aria-labelledby="departments-heading" id="departments">
        <h2 id="departments-heading">按承办单位</h2>
        <p class="hint">
          点击列标题可按该列排序，再次点击倒序。受理不足{SMALL_SAMPLE}件的单位标注“{SMALL_SAMPLE_NOTE}”：其比率受个别案件影响大。
        </p>
        {view.departments.length === 0 ? <p>本期间没有受理案件。</p> : <DepartmentTable view={view} />}
        <ExportLinks view={view} table="departments" label="按承办单位统计表" />
      </section>

      <section aria-labelledby="monthly-heading" id="monthly">
        <h2 id="monthly-heading">按月趋势</h2>
        <p class="hint">各月受理件数（按受理日期）和办结件数（按办结日期，含此前受理的案件），全部渠道合计。</p>
        <MonthlyChart period={period.label} months={view.months} />
        <MonthlyTable period={period.label} months={view.months} />
        <ExportLinks view={view} table="monthly" label="按月趋势表" />
      </section>

      <section aria-labelledby="categories-heading" id="categories">
        <h2 id="categories-heading">来信按类别</h2>
        <p class="hint">区长信箱和部门信箱来信合计。</p>
        <FigureTable id="categories-table" caption={`${period.label}来信按类别办理情况`} firstHeader="来信类别" rows={view.categories} total={view.categoryTotal} />
        <ExportLinks view={view} table="categories" label="来信按类别统计表" />
      </section>
    </>
  );
}

function Definitions({ view }: { view: StatsView }) {
  return (
    <details id="stats-definitions">
      <summary>统计口径</summary>
      <ul>
        <li>受理：受理日期在统计期间内的来信和申请，不含标记为无效的来信。</li>
        <li>
          办结：受理的案件中，在统计期间结束日前（含当日）办结的件数，与年度报告的口径相同；
          {view.periodRunning ? '本期间尚未结束，即截至今日已办结的件数。' : '期间结束后才办结的不计入。'}
        </li>
        <li>办结率 = 办结 ÷ 受理；按时办结率 = 在办理期限内（含经批准的延期）办结的件数 ÷ 办结。</li>
        <li>目前未办结、目前已逾期：受理的案件中，截至今日仍未办结的，以及其中已超过办理期限的。</li>
        <li>办理用时中位数：已办结案件从受理日到办结日经过的工作日数（按工作日历）的中位数。</li>
        <li>满意率 =（满意 + 基本满意）÷ 已评价件数，仅适用于来信；政府信息公开申请不评价，显示为“—”。</li>
        <li>点击件数可查看对应的案件列表。</li>
      </ul>
    </details>
  );
}

function Count({ value, href, what }: { value: number; href?: string; what: string }) {
  if (!href) return <>{value}</>;
  return (
    <a href={href}>
      {value}
      <span class="visually-hidden">件，查看{what}案件列表</span>
    </a>
  );
}

const LINKED: Partial<Record<FigureKey, keyof FigureLinks>> = { received: 'received', closed: 'closed', openNow: 'openNow', overdueNow: 'overdueNow' };

function FigureCells({ row }: { row: FigureRow }) {
  return (
    <>
      {FIGURE_COLUMNS.map((col) => {
        const value = row.figures[col.key];
        const link = LINKED[col.key];
        let content;
        if (col.kind === 'percent') content = formatPercent(value);
        else if (value !== null && link) content = <Count value={value} href={row.links[link]} what={`${row.label}${col.label}`} />;
        else content = formatNumber(value);
        return <td data-col={col.key}>{content}</td>;
      })}
    </>
  );
}

function FigureTable({ id, caption, firstHeader, rows, total }: { id: string; caption: string; firstHeader: string; rows: FigureRow[]; total: FigureRow | null }) {
  return (
    <div class="table-scroll">
      <table id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstHeader}</th>
            {FIGURE_COLUMNS.map((c) => (
              <th scope="col">{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <FigureCells row={r} />
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row">{total.label}</th>
              <FigureCells row={total} />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function SortableHeader({ view, sortKey, label }: { view: StatsView; sortKey: keyof StatsView['sortHeaders']; label: string }) {
  const header = view.sortHeaders[sortKey];
  const arrow = header.ariaSort === 'ascending' ? '▲' : header.ariaSort === 'descending' ? '▼' : '';
  return (
    <th scope="col" aria-sort={header.ariaSort}>
      <a href={header.href}>
        {label}
        {arrow ? <span aria-hidden="true"> {arrow}</span> : null}
        <span class="visually-hidden">（按此列排序）</span>
      </a>
    </th>
  );
}

function DepartmentTable({ view }: { view: StatsView }) {
  return (
    <div class="table-scroll">
      <table id="departments-table">
        <caption>{view.period!.label}各承办单位办理情况</caption>
        <thead>
          <tr>
            <SortableHeader view={view} sortKey="name" label="承办单位" />
            {FIGURE_COLUMNS.map((c) => (
              <SortableHeader view={view} sortKey={SORT_KEY_OF[c.key]} label={c.label} />
            ))}
          </tr>
        </thead>
        <tbody>
          {view.departments.map((r) => (
            <tr>
              <th scope="row">
                {r.label}
                {r.smallSample ? <span class="hint small-sample">（{SMALL_SAMPLE_NOTE}）</span> : null}
              </th>
              <FigureCells row={r} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function axisLabels(months: MonthRow[]): string[] {
  const oneYear = months.every((m) => m.month.slice(0, 4) === months[0].month.slice(0, 4));
  return months.map((m) => (oneYear ? `${Number(m.month.slice(5))}月` : `${m.month.slice(2, 4)}年${Number(m.month.slice(5))}月`));
}

function MonthlyChart({ period, months }: { period: string; months: MonthRow[] }) {
  return (
    <BarChart
      id="monthly-chart"
      title={`${period}各月受理和办结件数`}
      data={{
        categories: months.map((m) => m.label),
        axisLabels: axisLabels(months),
        unit: '件',
        series: [
          { name: '受理', values: months.map((m) => m.received), color: RECEIVED_COLOR },
          { name: '办结', values: months.map((m) => m.closed), color: CLOSED_COLOR },
        ],
      }}
    />
  );
}

function MonthlyTable({ period, months }: { period: string; months: MonthRow[] }) {
  return (
    <div class="table-scroll">
      <table id="monthly-table">
        <caption>{period}各月受理和办结件数</caption>
        <thead>
          <tr>
            <th scope="col">月份</th>
            <th scope="col">当月受理</th>
            <th scope="col">当月办结</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr>
              <th scope="row">{m.label}</th>
              <td data-col="received">
                <Count value={m.received} href={m.receivedHref} what={`${m.label}受理的`} />
              </td>
              <td data-col="closed">
                <Count value={m.closed} href={m.closedHref} what={`${m.label}办结的`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExportLinks({ view, table, label }: { view: StatsView; table: ExportTable; label: string }) {
  const links = view.exports[table];
  return (
    <p class="export-links">
      导出{label}：<a href={links.csv}>CSV</a> · <a href={links.xlsx}>Excel（XLSX）</a>
    </p>
  );
}
