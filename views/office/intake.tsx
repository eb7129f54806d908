// 受理与分办: the queue of new 区长信箱 letters and disclosure applications and of cases handed back,
// with a bulk form (tick cases, then 受理并分办 to a department or 标记无效) and per-row actions.
import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import { CHANNEL_LABELS, LETTER_CATEGORY_LABELS, type Channel, type LetterCategory } from '../../src/domain/codes.ts';
import { ErrorSummary, Section, Select, TextField, type Option } from '../components/fields.tsx';
import { RowSelect, RowTextInput } from './row-fields.tsx';

export interface IntakeRow {
  id: number;
  reference: string;
  channel: string;
  status: string;
  category: string | null;
  subject: string;
  applicant_name: string;
  submitted_at: string;
  handBackReason: string | null;
}

export interface IntakeValues {
  caseIds: string[];
  department_id: string;
  reason: string;
  note: string;
}

export interface IntakeProps {
  rows: IntakeRow[];
  /** How many cases the queue holds; more than rows.length when the list is cut. */
  total: number;
  lateDeptLetters: { total: number; perDepartment: Array<{ name: string; count: number }> };
  departments: Option[];
  reasons: Option[];
  values: IntakeValues;
  errors: Partial<Record<'case_ids' | 'department_id' | 'reason' | 'note', string>>;
}

const LABELS = { case_ids: '选择来信和申请', department_id: '承办单位', reason: '无效原因', note: '说明' };

export const EMPTY_INTAKE_VALUES: IntakeValues = { caseIds: [], department_id: '', reason: '', note: '' };

export function IntakeView(p: IntakeProps) {
  return (
    <>
      {p.lateDeptLetters.total > 0 ? <LateDeptLetters {...p.lateDeptLetters} /> : null}
      <p class="lead">
        区长信箱来信和政府信息公开申请在此受理并分办到承办单位；部门信箱来信由各部门直接受理，不在此列。共 {p.total} 件
        {p.total > p.rows.length ? `，按提交时间显示最早的 ${p.rows.length} 件` : ''}。
      </p>
      {p.rows.length === 0 ? <p>目前没有待受理或待分办的来信和申请。</p> : <IntakeForm {...p} />}
    </>
  );
}

function LateDeptLetters({ total, perDepartment }: IntakeProps['lateDeptLetters']) {
  return (
    <div class="notice" role="note" id="late-dept-letters">
      <p>
        <strong>提醒：</strong>有 {total} 件部门信箱来信提交已超过2个工作日，所属部门仍未受理：
        {perDepartment.map((d) => `${d.name} ${d.count} 件`).join('、')}。
      </p>
    </div>
  );
}

function IntakeForm(p: IntakeProps) {
  const ticked = new Set(p.values.caseIds);
  const pickError = p.errors.case_ids;
  return (
    <>
      <form method="post" action="/office/intake/dispatch" novalidate>
        <ErrorSummary errors={p.errors as Record<string, string>} labels={LABELS} />
        <fieldset
          class={pickError ? 'field field--error' : 'field'}
          id="f-case_ids"
          tabindex={-1}
          aria-describedby={pickError ? 'f-case_ids-hint f-case_ids-error' : 'f-case_ids-hint'}
        >
          <legend>{LABELS.case_ids}</legend>
          <p class="hint" id="f-case_ids-hint">
            勾选要办理的来信和申请，再在下方选择“受理并分办”或“标记无效”。已退回的案件重新分办即可。
          </p>
          {pickError ? (
            <p class="error-message" id="f-case_ids-error">
              <span class="visually-hidden">错误：</span>
              {pickError}
            </p>
          ) : null}
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">待受理和待分办的来信和申请，按提交时间从早到晚排列</caption>
              <thead>
                <tr>
                  <th scope="col">选择</th>
                  <th scope="col">编号</th>
                  <th scope="col">渠道</th>
                  <th scope="col">类别</th>
                  <th scope="col">标题</th>
                  <th scope="col">申请人</th>
                  <th scope="col">提交时间</th>
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <IntakeRowView row={r} ticked={ticked.has(String(r.id))} reasons={p.reasons} />
                ))}
              </tbody>
            </table>
          </div>
        </fieldset>
        <Section title="受理并分办">
          <p class="hint">尚未受理的先登记受理，再交承办单位办理；来信的办理期限自分办之日起算。</p>
          <Select
            name="department_id"
            label={LABELS.department_id}
            required
            placeholder="请选择"
            value={p.values.department_id}
            error={p.errors.department_id}
            options={p.departments}
          />
          <button type="submit">受理并分办</button>
        </Section>
        <Section title="标记为无效来信">
          <p class="hint">仅适用于尚未受理的来信（政府信息公开申请不能标记无效）；无效来信不计入受理数。</p>
          <Select name="reason" label={LABELS.reason} required placeholder="请选择" value={p.values.reason} error={p.errors.reason} options={p.reasons} />
          <TextField name="note" label={LABELS.note} value={p.values.note} error={p.errors.note} maxLength={500} />
          <button type="submit" formaction="/office/intake/invalidate">
            标记无效
          </button>
        </Section>
      </form>
      {/* The per-row actions are separate forms; their controls sit in the table and name their form. */}
      {p.rows.map((r) =>
        r.status === 'submitted' ? (
          <>
            <form id={`confirm-${r.id}`} method="post" action={`/cases/${r.id}/confirm`} hx-boost="false"></form>
            {r.channel !== 'disclosure' ? (
              <form id={`invalidate-${r.id}`} method="post" action={`/cases/${r.id}/invalidate`} hx-boost="false"></form>
            ) : null}
          </>
        ) : null,
      )}
    </>
  );
}

function IntakeRowView({ row: r, ticked, reasons }: { row: IntakeRow; ticked: boolean; reasons: Option[] }) {
  const category = r.category ? (LETTER_CATEGORY_LABELS[r.category as LetterCategory] ?? r.category) : '—';
  const status = r.status === 'submitted' ? '待受理' : r.handBackReason !== null ? '已退回，待重新分办' : '已受理，待分办';
  return (
    <tr>
      <td>
        <input type="checkbox" name="case_ids" value={String(r.id)} id={`pick-${r.id}`} checked={ticked} />
        <label for={`pick-${r.id}`} class="visually-hidden">
          选择 {r.reference}
        </label>
      </td>
      <th scope="row">
        <a href={`/cases/${r.id}`}>{r.reference}</a>
      </th>
      <td>{CHANNEL_LABELS[r.channel as Channel] ?? r.channel}</td>
      <td>{category}</td>
      <td>{r.subject}</td>
      <td>{r.applicant_name}</td>
      <td>
        <time datetime={r.submitted_at}>{formatChinaDateTime(r.submitted_at)}</time>
      </td>
      <td>
        {status}
        {r.handBackReason !== null ? <p>退回原因：{r.handBackReason}</p> : null}
      </td>
      <td>
        {r.status === 'submitted' ? (
          <button type="submit" form={`confirm-${r.id}`} class="link-button" aria-label={`受理 ${r.reference}`}>
            受理
          </button>
        ) : null}
        {r.status === 'submitted' && r.channel !== 'disclosure' ? (
          <details>
            <summary>标记无效</summary>
            <RowSelect id={`invalidate-${r.id}-reason`} name="reason" form={`invalidate-${r.id}`} label="无效原因" required placeholder="请选择" options={reasons} />
            <RowTextInput id={`invalidate-${r.id}-note`} name="note" form={`invalidate-${r.id}`} label="说明" maxLength={500} />
            <button type="submit" form={`invalidate-${r.id}`} class="link-button" aria-label={`确认标记无效 ${r.reference}`}>
              确认标记无效
            </button>
          </details>
        ) : null}
      </td>
    </tr>
  );
}
