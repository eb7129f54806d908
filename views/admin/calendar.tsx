import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import type { DayKind } from '../../src/domain/calendar.ts';
import { AdminNav, Messages } from './common.tsx';

const KIND_LABELS: Record<DayKind, string> = { off: '休息', work: '调休上班' };

const SOURCE_LABELS: Record<string, string> = {
  'chinese-days': '系统自带（依据国务院办公厅历年通知）',
  office: '办公室录入',
};

export interface CalendarPageProps {
  year: number;
  years: Array<{ year: number; known: boolean }>;
  entry: { source: string; updatedAt: string } | null;
  days: Array<{ date: string; weekday: string; kind: DayKind; name: string }>;
  warning: { year: number; message: string } | null;
  /** The textarea: the stored schedule as lines, or what the administrator typed. */
  schedule: string;
  errors: string[];
  done?: string | null;
}

export function CalendarPage(p: CalendarPageProps) {
  const hasErrors = p.errors.length > 0;
  return (
    <>
      <AdminNav current="calendar" />
      <h1>工作日历</h1>
      {p.warning ? (
        <div class="notice" role="status" id="calendar-warning">
          <p>
            <strong>{p.warning.message}</strong> <a href={`/admin/calendar?year=${p.warning.year}`}>录入{p.warning.year}年安排</a>
          </p>
        </div>
      ) : null}
      <Messages done={p.done} />
      <p>办理期限按工作日计算：周末休息，但国务院公布的法定节假日放假、调休的周末上班。某一年的安排未录入时，涉及该年的期限无法计算，系统会提示而不会按周一至周五推算。</p>
      <nav aria-label="年份">
        <ul class="year-links">
          {p.years.map((y) => (
            <li>
              <a href={`/admin/calendar?year=${y.year}`} aria-current={y.year === p.year ? 'page' : undefined}>
                {y.year}年{y.known ? '' : '（未录入）'}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <h2 id="schedule-heading">{p.year}年节假日安排</h2>
      {p.entry ? (
        <p>
          来源：{SOURCE_LABELS[p.entry.source] ?? p.entry.source}；更新于 {formatChinaDateTime(p.entry.updatedAt)}。
        </p>
      ) : (
        <p class="notice" id="year-missing">
          {p.year}年的安排尚未录入。
        </p>
      )}
      {p.days.length > 0 ? (
        <div class="table-scroll">
          <table aria-labelledby="schedule-heading">
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">星期</th>
                <th scope="col">类型</th>
                <th scope="col">节日</th>
              </tr>
            </thead>
            <tbody>
              {p.days.map((d) => (
                <tr>
                  <th scope="row">{d.date}</th>
                  <td>{d.weekday}</td>
                  <td>{KIND_LABELS[d.kind]}</td>
                  <td>{d.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <h2>{p.entry ? `修改${p.year}年安排` : `录入${p.year}年安排`}</h2>
      <form method="post" action={`/admin/calendar/${p.year}`} novalidate>
        {hasErrors ? (
          <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
            <h2>有 {p.errors.length} 行需要修改</h2>
            <p>
              <a href="#f-schedule">转到安排内容</a>
            </p>
          </div>
        ) : null}
        <div class={hasErrors ? 'field field--error' : 'field'} id="f-schedule-field">
          <label for="f-schedule">
            {p.year}年放假和调休安排<span class="req"> （必填）</span>
          </label>
          <div class="hint" id="f-schedule-hint">
            <p>按照国务院办公厅的通知，每行写一段：日期或日期范围、“休”或“班”、节日名称。例如：</p>
            <pre>
              {`${p.year}-01-01 至 ${p.year}-01-03 休 元旦\n${p.year}-02-07 班 春节`}
            </pre>
            <p>
              日期写成“年-月-日”；范围也可写成 {p.year}-01-01~{p.year}-01-03、{p.year}-01-01..{p.year}-01-03 或 {p.year}-01-01-{p.year}-01-03。“休”为放假（周末也可列入），“班”为调休上班，只能是星期六或星期日。以 # 开头的行不计。保存后将整体替换{p.year}年原有的安排。
            </p>
          </div>
          {hasErrors ? (
            <div class="error-message" id="f-schedule-error">
              <span class="visually-hidden">错误：</span>
              <ul>
                {p.errors.map((e) => (
                  <li>{e}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <textarea
            id="f-schedule"
            name="schedule"
            rows={14}
            maxlength={5000}
            aria-required="true"
            aria-invalid={hasErrors ? 'true' : undefined}
            aria-describedby={hasErrors ? 'f-schedule-hint f-schedule-error' : 'f-schedule-hint'}
          >
            {p.schedule}
          </textarea>
        </div>
        <button type="submit">保存{p.year}年安排</button>
      </form>
    </>
  );
}
