// The work queue: a plain GET filter form and a results region (tabs with counts, the table, paging,
// export). With htmx, the form, tabs and paging swap only the results region and push the URL.
import { CHANNEL_LABELS, CHANNELS, LETTER_CATEGORIES, LETTER_CATEGORY_LABELS } from '../../src/domain/codes.ts';
import type { QueueRowView, QueueView } from '../../src/queue/service.ts';
import { ErrorSummary, Select, TextField } from '../components/fields.tsx';

const FILTER_LABELS = {
  q: '搜索',
  department: '承办单位',
  channel: '渠道',
  category: '来信类别',
  status: '办理状态',
  from: '受理日期（起）',
  to: '受理日期（止）',
  closed_from: '办结日期（起）',
  closed_to: '办结日期（止）',
};

const FORM_ID = 'queue-filters';
const RESULTS_ID = 'queue-results';

/** The attributes that make a link or form update only the results region. */
const swapRegion = (url: string) => ({
  'hx-get': url,
  'hx-target': `#${RESULTS_ID}`,
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
});

export function QueuePage({ view }: { view: QueueView }) {
  return (
    <>
      <h1>办理工作台</h1>
      <QueueFilters view={view} />
      <QueueResults view={view} />
    </>
  );
}

function QueueFilters({ view }: { view: QueueView }) {
  const { values, errors } = view;
  return (
    <form id={FORM_ID} method="get" action="/queue" role="search" aria-label="筛选和搜索案件" {...swapRegion('/queue')}>
      <TextField
        name="q"
        label={FILTER_LABELS.q}
        value={values.q}
        error={errors.q}
        maxLength={100}
        hint="输入编号（如 XZ2026-000001）精确查找，或输入标题、内容、申请人姓名中的文字"
      />
      {view.isOffice ? (
        <Select
          name="department"
          label={FILTER_LABELS.department}
          value={values.department}
          error={errors.department}
          placeholder="全部单位"
          options={view.departments.map((d) => ({ value: String(d.id), label: d.name }))}
        />
      ) : null}
      <Select
        name="channel"
        label={FILTER_LABELS.channel}
        value={values.channel}
        error={errors.channel}
        placeholder="全部渠道"
        options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
      />
      <Select
        name="category"
        label={FILTER_LABELS.category}
        value={values.category}
        error={errors.category}
        placeholder="全部类别"
        hint="仅适用于区长信箱、部门信箱来信"
        options={LETTER_CATEGORIES.map((c) => ({ value: c, label: LETTER_CATEGORY_LABELS[c] }))}
      />
      <Select
        name="status"
        label={FILTER_LABELS.status}
        value={values.status}
        error={errors.status}
        placeholder="全部状态"
        options={view.statusOptions}
      />
      <TextField name="from" label={FILTER_LABELS.from} value={values.from} error={errors.from} maxLength={10} hint="例如 2026-03-01" />
      <TextField name="to" label={FILTER_LABELS.to} value={values.to} error={errors.to} maxLength={10} hint="例如 2026-03-31" />
      <TextField name="closed_from" label={FILTER_LABELS.closed_from} value={values.closed_from} error={errors.closed_from} maxLength={10} hint="只列出在此日期及以后办结的案件" />
      <TextField name="closed_to" label={FILTER_LABELS.closed_to} value={values.closed_to} error={errors.closed_to} maxLength={10} hint="只列出在此日期及以前办结的案件" />
      <button type="submit">筛选</button> <a href={`/queue?tab=${values.tab}`}>清除筛选条件</a>
    </form>
  );
}

/** The region htmx swaps; also the whole answer to an htmx request. */
export function QueueResults({ view }: { view: QueueView }) {
  const tabLabel = view.tabs.find((t) => t.current)?.label ?? '';
  const hasErrors = Object.keys(view.errors).length > 0;
  return (
    <div id={RESULTS_ID}>
      {/* Outside the form in the markup but submitted with it, so the filters keep the current tab. */}
      <input type="hidden" name="tab" value={view.values.tab} form={FORM_ID} />
      <ErrorSummary errors={view.errors} labels={FILTER_LABELS} />
      {hasErrors ? null : (
        <>
          <nav aria-label="案件分类" class="queue-tabs">
            <ul>
              {view.tabs.map((t) => (
                <li>
                  <a id={`queue-tab-${t.key}`} href={t.href} aria-current={t.current ? 'page' : undefined} {...swapRegion(t.href)}>
                    {t.label}
                    <span class="queue-count">（{t.count}）</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {view.calendarNotice ? <p class="notice">{view.calendarNotice}</p> : null}
          <h2 id="queue-heading">{tabLabel}</h2>
          <p id="queue-summary" role="status">
            共 {view.total} 件{view.firstHref ? '（续页）' : ''}，按办理期限排序。
          </p>
          {view.rows.length === 0 ? <p>没有符合条件的案件。</p> : <QueueTable rows={view.rows} caption={`${tabLabel}案件列表`} />}
          {view.nextHref || view.firstHref ? (
            <nav aria-label="分页" class="pager">
              {view.firstHref ? (
                <a id="queue-first" href={view.firstHref} {...swapRegion(view.firstHref)}>
                  回到第一页
                </a>
              ) : null}{' '}
              {view.nextHref ? (
                <a id="queue-next" href={view.nextHref} rel="next" {...swapRegion(view.nextHref)}>
                  下一页
                </a>
              ) : null}
            </nav>
          ) : null}
          <p>
            <a href={view.exportHref} id="queue-export">
              导出当前筛选结果（CSV，{tabLabel}共 {view.total} 件）
            </a>
          </p>
        </>
      )}
    </div>
  );
}

function QueueTable({ rows, caption }: { rows: QueueRowView[]; caption: string }) {
  return (
    <div class="table-scroll">
      <table id="queue-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">渠道</th>
            <th scope="col">类别</th>
            <th scope="col">标题</th>
            <th scope="col">申请人</th>
            <th scope="col">联系电话</th>
            <th scope="col">承办单位</th>
            <th scope="col">状态</th>
            <th scope="col">受理日期</th>
            <th scope="col">办理期限</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <a href={r.href}>{r.reference}</a>
              </th>
              <td>{r.channelLabel}</td>
              <td>{r.categoryLabel}</td>
              <td>{r.subject}</td>
              <td>{r.applicantName}</td>
              <td>{r.phone}</td>
              <td>{r.departmentName}</td>
              <td>{r.statusLabel}</td>
              <td>{r.receivedOn}</td>
              <td>
                {r.dueOn}
                {r.dueBadge ? (
                  <>
                    {' '}
                    <span class={`status status--${r.dueBadge.kind}`}>{r.dueBadge.label}</span>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
