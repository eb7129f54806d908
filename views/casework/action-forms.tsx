// The action forms of the case page: one small form per move the case's state and the user's role allow.
import type { Child } from 'hono/jsx';
import { INVALID_REASONS } from '../../src/cases/service.ts';
import type { CasePageModel, OfferedForm, PageForm } from '../../src/casework/service.ts';
import { OUTCOME_GROUPS, OUTCOMES } from '../../src/domain/outcomes.ts';
import { ActionInput, ActionRadios, ActionSelect, ActionTextArea, actionFieldId, type Option } from './action-fields.tsx';

/** The form that was just posted and refused, to show again with what was typed and why. */
export interface ActiveForm {
  form: PageForm;
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** The fields each form posts; an error on any other key belongs to the form as a whole. */
export const FORM_FIELDS: Record<PageForm, readonly string[]> = {
  confirm: ['received_on'],
  invalidate: ['reason', 'note'],
  dispatch: ['department_id', 'note'],
  hand_back: ['reason'],
  transfer: ['department_id', 'reason'],
  request_supplement: ['missing'],
  record_supplement: ['content', 'received_on'],
  close_no_supplement: [],
  start_consultation: ['party', 'note'],
  end_consultation: ['note'],
  request_extension: ['days', 'reason'],
  decide_extension: ['decision', 'comment'],
  save_draft: ['outcome', 'reply_text'],
  submit_for_review: [],
  return_draft: ['comment'],
  approve: [],
  reopen: ['reason'],
  add_note: ['note'],
};

/** Moves that need no input: a button, without a form to open. */
const BUTTON_ONLY: ReadonlySet<PageForm> = new Set(['close_no_supplement', 'submit_for_review', 'approve']);

const OUTCOME_OPTIONS = OUTCOME_GROUPS.map((g) => ({
  label: g.label,
  options: OUTCOMES.filter((o) => o.group === g.group).map((o) => ({ value: o.code, label: o.label })),
}));

const INVALID_OPTIONS: Option[] = Object.entries(INVALID_REASONS).map(([value, label]) => ({ value, label }));

interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

function stateOf(m: CasePageModel, form: PageForm, active: ActiveForm | null): FormState {
  if (active?.form === form) return { values: active.values, errors: active.errors };
  return { values: m.defaults[form] ?? {}, errors: {} };
}

/** Errors that belong to no field of the form (e.g. "补正期限尚未届满"). */
function FormErrors({ form, errors }: { form: PageForm; errors: Record<string, string> }) {
  const general = Object.entries(errors).filter(([field]) => !FORM_FIELDS[form].includes(field));
  if (general.length === 0) return null;
  return (
    <div class="error-summary">
      {general.map(([, message]) => (
        <p class="error-message">{message}</p>
      ))}
    </div>
  );
}

function PostForm({ f, state, children }: { f: OfferedForm; state: FormState; children?: Child }) {
  return (
    <form method="post" action={f.action} hx-post={f.action} hx-target="#case" hx-swap="outerHTML" novalidate>
      <FormErrors form={f.form} errors={state.errors} />
      {children}
      <button type="submit">{f.label}</button>
    </form>
  );
}

export function ActionForms({ m, active }: { m: CasePageModel; active: ActiveForm | null }) {
  const forms = m.forms.filter((f) => f.form !== 'add_note');
  if (forms.length === 0) return <p>当前状态下没有您可以办理的操作。</p>;
  return (
    <>
      {forms.map((f) => {
        const state = stateOf(m, f.form, active);
        if (BUTTON_ONLY.has(f.form)) {
          return (
            <div class="case-action" id={`action-${f.slug}`}>
              <PostForm f={f} state={state} />
            </div>
          );
        }
        return (
          <details class="case-action" id={`action-${f.slug}`} open={active?.form === f.form}>
            <summary>{f.label}</summary>
            <PostForm f={f} state={state}>
              <Fields m={m} f={f} s={state} />
            </PostForm>
          </details>
        );
      })}
    </>
  );
}

export function NoteForm({ m, active }: { m: CasePageModel; active: ActiveForm | null }) {
  const f = m.forms.find((x) => x.form === 'add_note');
  if (!f) return null;
  const state = stateOf(m, 'add_note', active);
  return (
    <PostForm f={f} state={state}>
      <Fields m={m} f={f} s={state} />
    </PostForm>
  );
}

function Fields({ m, f, s }: { m: CasePageModel; f: OfferedForm; s: FormState }) {
  const common = (name: string) => ({ form: f.slug, name, value: s.values[name] ?? '', error: s.errors[name] });
  const departments = (exclude: number | null) =>
    m.departments.filter((d) => d.id !== exclude).map((d) => ({ value: String(d.id), label: d.name }));

  switch (f.form) {
    case 'confirm':
      return (
        <ActionInput
          {...common('received_on')}
          type="date"
          label={m.channel === 'disclosure' ? '收到申请之日' : '受理日期'}
          required
          hint={
            m.channel === 'disclosure'
              ? '依条例第三十一条，在线提交的申请以提交之日为收到申请之日，非工作日提交的为其后第一个工作日；答复期限自次日起计算。'
              : '默认为今天。'
          }
        />
      );
    case 'invalidate':
      return (
        <>
          <ActionRadios {...common('reason')} label="无效原因" required options={INVALID_OPTIONS} hint="标记为无效的来信不计入受理数。" />
          <ActionTextArea {...common('note')} label="说明" rows={3} maxLength={500} />
        </>
      );
    case 'dispatch':
      return (
        <>
          <ActionSelect
            {...common('department_id')}
            label="承办单位"
            required
            placeholder="请选择承办单位"
            options={departments(null)}
            hint={m.status === 'submitted' ? '将以默认的受理日期登记后交由所选单位办理。' : undefined}
          />
          <ActionTextArea {...common('note')} label="交办说明" rows={3} maxLength={500} />
        </>
      );
    case 'hand_back':
      return <ActionTextArea {...common('reason')} label="退回原因" required rows={3} maxLength={500} hint="例如：不属于本单位职责，建议交由某单位办理。" />;
    case 'transfer':
      return (
        <>
          <ActionSelect {...common('department_id')} label="转交单位" required placeholder="请选择转交单位" options={departments(m.departmentId)} />
          <ActionTextArea {...common('reason')} label="转办原因" required rows={3} maxLength={500} />
        </>
      );
    case 'request_supplement':
      return (
        <ActionTextArea
          {...common('missing')}
          label="需要补正的内容"
          required
          rows={5}
          maxLength={2000}
          hint={`请一次性写明需要补正的全部事项（条例第三十条），补正通知只能发出一次${m.supplementWindowEnd ? `，最迟于${m.supplementWindowEnd}发出` : ''}。`}
        />
      );
    case 'record_supplement':
      return (
        <>
          <ActionTextArea {...common('content')} label="补正的内容" required rows={5} maxLength={2000} />
          <ActionInput {...common('received_on')} type="date" label="收到补正材料之日" required hint="答复期限自次日起重新计算20个工作日。" />
        </>
      );
    case 'start_consultation':
      return (
        <>
          <ActionRadios
            {...common('party')}
            label="征求意见的对象"
            required
            options={[
              { value: 'third_party', label: '第三方（条例第三十二条）' },
              { value: 'agency', label: '有关行政机关（条例第三十四条）' },
            ]}
            hint="征求意见所需时间不计算在答复期限内，结束后按剩余工作日恢复计时。"
          />
          <ActionTextArea {...common('note')} label="征求谁的意见、为何征求" required rows={3} maxLength={500} />
        </>
      );
    case 'end_consultation':
      return <ActionTextArea {...common('note')} label="征求意见结果" rows={3} maxLength={500} />;
    case 'request_extension':
      return (
        <>
          <ActionInput {...common('days')} type="number" min={1} max={20} label="延长的工作日数" required hint="1至20个工作日，由区政府办公室审批，只能延长一次（条例第三十三条第二款）。" />
          <ActionTextArea {...common('reason')} label="延期理由" required rows={3} maxLength={500} />
        </>
      );
    case 'decide_extension':
      return (
        <>
          {m.extensionRequest ? (
            <p>
              申请延长{m.extensionRequest.days}个工作日。理由：{m.extensionRequest.reason}
            </p>
          ) : null}
          <ActionRadios
            {...common('decision')}
            label="审批意见"
            required
            options={[
              { value: 'approve', label: '批准延期' },
              { value: 'refuse', label: '不予批准' },
            ]}
          />
          <ActionTextArea {...common('comment')} label="说明" rows={3} maxLength={1000} />
        </>
      );
    case 'save_draft':
      return (
        <>
          {m.channel === 'disclosure' ? (
            <ActionSelect {...common('outcome')} label="答复结果" required placeholder="请选择答复结果" groups={OUTCOME_OPTIONS} hint="对应年度报告表三的办理结果。" />
          ) : null}
          <ActionTextArea
            {...common('reply_text')}
            label="答复内容"
            required={m.channel !== 'disclosure'}
            rows={10}
            maxLength={10000}
            hint={m.channel === 'disclosure' ? '部分公开须说明不予公开部分的理由，其他处理须写明处理决定；其余结果可补充具体内容。' : '答复将在审核通过后发送给来信人。'}
          />
        </>
      );
    case 'return_draft':
      return <ActionTextArea {...common('comment')} label="修改意见" required rows={4} maxLength={1000} />;
    case 'reopen':
      return <ActionTextArea {...common('reason')} label="重新办理的要求" required rows={4} maxLength={1000} />;
    case 'add_note':
      return <ActionTextArea {...common('note')} label="备注内容" required rows={3} maxLength={2000} hint="内部备注只有工作人员可见。" />;
    case 'close_no_supplement':
    case 'submit_for_review':
    case 'approve':
      return null;
  }
}

/** Where the summary at the top of the page sends the reader for an error. */
export function errorTarget(form: OfferedForm, field: string): string {
  return FORM_FIELDS[form.form].includes(field) ? `#${actionFieldId(form.slug, field)}` : `#action-${form.slug}`;
}
