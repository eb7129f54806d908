// The office's annual report page: the checks on top, then the six sections in the official order with
// sections 一, 二, 四, 五 and 六 as one form (三 is computed), 定稿 and 重新打开, and the record of who
// did what. A final report shows its frozen figures in a disabled form.
import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import type { AnnualReport, ReportCheck } from '../../src/domain/annual-report.ts';
import { BALANCE_NOTE } from '../../src/domain/annual-report.ts';
import {
  APPEAL_LABELS,
  PROACTIVE_LABELS,
  SECTION_HEADINGS,
  TEXT_LABELS,
  TEXT_MAX,
} from '../../src/domain/report-inputs.ts';
import { ErrorSummary, TextArea } from '../components/fields.tsx';
import { AppealsTable, ApplicationsTable, ProactiveTables } from './tables.tsx';

export interface ReportFlash {
  kind: 'ok' | 'error';
  lines: string[];
}

export interface ReportEventView {
  type: 'saved' | 'finalized' | 'reopened';
  at: string;
  note: string | null;
  actorName: string | null;
}

export interface EditorPageProps {
  year: number;
  status: 'new' | 'draft' | 'final';
  finalizedAt: string | null;
  finalizedByName: string | null;
  /** The year is not over yet: its figures still change. */
  yearOpen: boolean;
  checks: ReportCheck[];
  report: Pick<AnnualReport, 'applications' | 'mailboxes'>;
  values: Record<string, string>;
  errors: Record<string, string>;
  /** Posted 重新生成: section 一 was drafted again and is not saved yet. */
  regenerated: boolean;
  canEdit: boolean;
  canFinalize: boolean;
  canReopen: boolean;
  reopen: { value: string; error?: string };
  events: ReportEventView[];
  flash: ReportFlash | null;
  years: number[];
}

export const REPORT_PAGE_TITLE = (year: number) => `${year}年政府信息公开工作年度报告`;

const STATUS_TEXT = { new: '尚未填报', draft: '草稿', final: '已定稿' } as const;
const EVENT_TEXT = { saved: '保存了报告内容', finalized: '标记为定稿', reopened: '重新打开为草稿' } as const;

const FIELD_LABELS: Record<string, string> = {
  ...PROACTIVE_LABELS,
  ...APPEAL_LABELS,
  ...TEXT_LABELS,
  reason: '重新打开的原因',
};

export function ReportEditorPage(p: EditorPageProps) {
  const base = `/office/report/${p.year}`;
  const failed = p.checks.filter((c) => !c.ok).length;
  const final = p.status === 'final';
  return (
    <div id="report-work" hx-boost="true" hx-target="#report-work" hx-select="#report-work" hx-swap="outerHTML">
      <link rel="stylesheet" href="/static/css/print.css" />
      <nav aria-label="选择年度" class="year-picker">
        <ul>
          {p.years.map((y) => (
            <li>
              <a href={`/office/report/${y}`} aria-current={y === p.year ? 'page' : undefined}>
                {y}年
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{REPORT_PAGE_TITLE(p.year)}</h1>
      <p id="report-status">
        状态：<strong class={final ? 'status status--final' : 'status'}>{STATUS_TEXT[p.status]}</strong>
        {final && p.finalizedAt
          ? `（${formatChinaDateTime(p.finalizedAt)}由${p.finalizedByName ?? '工作人员'}定稿；报告内容已冻结，此后案件的变化不再影响本报告）`
          : null}
      </p>
      <p>
        <a href={`${base}/print`} hx-boost="false">
          打印版（正式格式）
        </a> · 下载：<a href={`${base}.docx`} hx-boost="false">Word（DOCX）</a> ·{' '}
        <a href={`${base}.xlsx`} hx-boost="false">Excel（XLSX）</a> · <a href={`${base}.json`} hx-boost="false">JSON</a>
      </p>
      {p.yearOpen && !final ? (
        <p class="notice">{p.year}年尚未结束，第三部分和信箱数据仍会随案件办理而变化，请在年度结束后定稿。</p>
      ) : null}
      {p.flash ? (
        <div class={p.flash.kind === 'ok' ? 'panel-ok' : 'error-summary'} role={p.flash.kind === 'ok' ? 'status' : 'alert'} id="report-flash">
          {p.flash.lines.map((line) => (
            <p>{line}</p>
          ))}
        </div>
      ) : null}

      <section aria-labelledby="checks-heading" id="report-checks">
        <h2 id="checks-heading">校验</h2>
        <p>{failed === 0 ? `全部 ${p.checks.length} 项校验通过。` : `共 ${p.checks.length} 项校验，其中 ${failed} 项未通过；全部通过后才能标记为定稿。`}</p>
        <div class="table-scroll">
          <table class="checks-table">
            <thead>
              <tr>
                <th scope="col">校验项</th>
                <th scope="col">结果</th>
                <th scope="col">数据</th>
              </tr>
            </thead>
            <tbody>
              {p.checks.map((c) => (
                <tr class={c.ok ? 'check-ok' : 'check-failed'}>
                  <th scope="row">{c.name}</th>
                  <td>
                    <span class={c.ok ? 'status status--ok' : 'status status--overdue'}>{c.ok ? '通过' : '未通过'}</span>
                  </td>
                  <td>{c.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {p.canFinalize ? (
          <form method="post" action={`${base}/finalize`} class="report-action">
            <button type="submit">标记为定稿</button>
            <p class="hint">定稿后报告内容冻结：页面和下载文件都以定稿时的数据为准，表单不能再修改；如需修改须由管理员重新打开。</p>
          </form>
        ) : null}
        {p.canReopen ? (
          <form method="post" action={`${base}/reopen`} class="report-action">
            <TextArea
              name="reason"
              label="重新打开的原因"
              hint="重新打开后报告恢复为草稿，数据按当前案件重新计算；原因记入操作记录。"
              required
              rows={3}
              maxLength={500}
              value={p.reopen.value}
              error={p.reopen.error}
            />
            <button type="submit">重新打开</button>
          </form>
        ) : null}
      </section>

      <ErrorSummary errors={p.errors} labels={FIELD_LABELS} />

      <form method="post" action={`${base}/sections`} id="report-form">
        <fieldset class="report-fieldset" disabled={!p.canEdit}>
          <legend class="visually-hidden">{REPORT_PAGE_TITLE(p.year)}的内容</legend>
          {final ? <p class="notice">报告已定稿，以下为定稿时的内容，不能修改。</p> : null}
          {/* The first submit button is the one Enter presses: saving, not 重新生成. */}
          {p.canEdit ? (
            <p class="report-save-top">
              <button type="submit">保存</button>
            </p>
          ) : null}

          <section aria-labelledby="sec-overview" class="report-section">
            <h2 id="sec-overview">{SECTION_HEADINGS.overview}</h2>
            {p.regenerated ? (
              <p class="notice" role="status" id="overview-regenerated">
                已按最新数据重新生成第一部分的草稿，尚未保存；核对修改后请点击“保存”。
              </p>
            ) : null}
            <TextArea
              name="overview"
              label={`${TEXT_LABELS.overview} 正文`}
              hint="内容为空时按统计数据预先起草（信箱来信和办结率、收到申请数、自然人占比、答复数和答复率、结转数），请补充完善。"
              rows={10}
              maxLength={TEXT_MAX}
              value={p.values.overview}
              error={p.errors.overview}
            />
            {p.canEdit ? (
              <button type="submit" name="regenerate" value="1" class="button button--secondary">
                重新生成
              </button>
            ) : null}
          </section>

          <section aria-labelledby="sec-proactive" class="report-section">
            <h2 id="sec-proactive">{SECTION_HEADINGS.proactive}</h2>
            <p class="hint">件数填写不小于0的整数；收费金额以万元为单位，最多保留两位小数。暂未掌握的数据可留空，定稿前须全部填写。</p>
            <ProactiveTables cells={{ mode: 'edit', values: p.values, errors: p.errors }} />
          </section>

          <section aria-labelledby="sec-applications" class="report-section">
            <h2 id="sec-applications">{SECTION_HEADINGS.applications}</h2>
            <p class="hint">本部分由系统根据政府信息公开申请的办理情况自动统计，不能手工修改。</p>
            <p class="table-note">{BALANCE_NOTE}</p>
            <ApplicationsTable rows={p.report.applications.rows} caption={SECTION_HEADINGS.applications} />
            <h3>信箱来信（第一部分引用）</h3>
            <dl class="summary" id="mailbox-figures">
              <dt>区长信箱</dt>
              <dd>{mailboxLine(p.report.mailboxes.mayor_mailbox)}</dd>
              <dt>部门信箱</dt>
              <dd>{mailboxLine(p.report.mailboxes.dept_mailbox)}</dd>
            </dl>
          </section>

          <section aria-labelledby="sec-appeals" class="report-section">
            <h2 id="sec-appeals">{SECTION_HEADINGS.appeals}</h2>
            <p class="hint">每组的“总计”应等于结果维持、结果纠正、其他结果、尚未审结四项之和。</p>
            <AppealsTable cells={{ mode: 'edit', values: p.values, errors: p.errors }} />
          </section>

          <section aria-labelledby="sec-problems" class="report-section">
            <h2 id="sec-problems">{SECTION_HEADINGS.problems}</h2>
            <TextArea
              name="problems"
              label={`${TEXT_LABELS.problems} 正文`}
              rows={8}
              maxLength={TEXT_MAX}
              value={p.values.problems}
              error={p.errors.problems}
            />
          </section>

          <section aria-labelledby="sec-other" class="report-section">
            <h2 id="sec-other">{SECTION_HEADINGS.other}</h2>
            <TextArea name="other" label={`${TEXT_LABELS.other} 正文`} rows={4} maxLength={TEXT_MAX} value={p.values.other} error={p.errors.other} />
          </section>

          {p.canEdit ? <button type="submit">保存</button> : null}
        </fieldset>
      </form>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">操作记录</h2>
        {p.events.length === 0 ? (
          <p>暂无记录。</p>
        ) : (
          <ol class="timeline" id="report-events">
            {p.events.map((e) => (
              <li>
                <time datetime={e.at}>{formatChinaDateTime(e.at)}</time>
                {e.actorName ?? '工作人员'} {EVENT_TEXT[e.type]}
                {e.note ? `（原因：${e.note}）` : ''}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function mailboxLine(f: { received: number; closed: number; completion_rate: number | null }): string {
  return `受理 ${f.received} 件，办结 ${f.closed} 件，办结率 ${f.completion_rate === null ? '—' : `${f.completion_rate.toFixed(2)}%`}`;
}
