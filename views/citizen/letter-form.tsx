import { LETTER_CATEGORIES, LETTER_CATEGORY_LABELS } from '../../src/domain/codes.ts';
import { LETTER_LABELS, LIMITS } from '../../src/intake/forms.ts';
import { ATTACHMENTS_FIELD } from '../../src/domain/attachment-rules.ts';
import { Checkbox, ErrorSummary, RadioGroup, Select, TextArea, TextField, type TextFieldProps } from '../components/fields.tsx';
import { FileField } from '../components/file-field.tsx';
import { FormProblem } from './form-problem.tsx';
import { Honeypot } from './honeypot.tsx';

/** The fields htmx checks when they lose focus: described once, so the check answers with the very same field. */
export const LETTER_CHECKED_FIELDS: Record<'phone' | 'email', TextFieldProps> = {
  phone: {
    name: 'phone',
    label: LETTER_LABELS.phone,
    required: true,
    type: 'tel',
    inputMode: 'tel',
    autocomplete: 'tel',
    hint: '11位中国大陆手机号码，仅用于工作人员与您联系，不会公开。',
    validateUrl: '/validate/letter/phone',
  },
  email: {
    name: 'email',
    label: LETTER_LABELS.email,
    type: 'email',
    inputMode: 'email',
    autocomplete: 'email',
    maxLength: LIMITS.email,
    hint: '填写后，编号、查询码和答复通知将发送到此邮箱。',
    validateUrl: '/validate/letter/email',
  },
};

export interface LetterFormProps {
  channel: 'mayor_mailbox' | 'dept_mailbox';
  action: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  departments: Array<{ id: number; name: string }>;
  letterLimits: Array<{ category: string; days: number }>;
  /** A message about the whole submission (the database could not save it), shown above the fields. */
  problem?: string;
}

/** The form alone: the full page wraps it, an htmx submission swaps it in place. */
export function LetterForm(p: LetterFormProps) {
  const v = p.values;
  const e = p.errors;
  const limitFor = (c: string) => p.letterLimits.find((l) => l.category === c)?.days;
  return (
    <form
      method="post"
      action={p.action}
      enctype="multipart/form-data"
      novalidate
      hx-post={p.action}
      hx-encoding="multipart/form-data"
      hx-target="this"
      hx-swap="outerHTML"
      id="letter-form"
    >
      <FormProblem message={p.problem} />
      <ErrorSummary errors={e} labels={LETTER_LABELS} />
      {p.channel === 'dept_mailbox' ? (
        <Select
          name="department_id"
          label={LETTER_LABELS.department_id}
          required
          value={v.department_id}
          error={e.department_id}
          placeholder="请选择"
          options={p.departments.map((d) => ({ value: String(d.id), label: d.name }))}
        />
      ) : null}
      <TextField name="name" label={LETTER_LABELS.name} required value={v.name} error={e.name} maxLength={LIMITS.name} autocomplete="name" />
      <TextField {...LETTER_CHECKED_FIELDS.phone} value={v.phone} error={e.phone} />
      <TextField {...LETTER_CHECKED_FIELDS.email} value={v.email} error={e.email} />
      <RadioGroup
        name="category"
        label={LETTER_LABELS.category}
        required
        value={v.category}
        error={e.category}
        options={LETTER_CATEGORIES.map((c) => ({
          value: c,
          label: `${LETTER_CATEGORY_LABELS[c]}（${limitFor(c) ?? '—'}个工作日内答复）`,
        }))}
      />
      <TextField
        name="subject"
        label={LETTER_LABELS.subject}
        required
        value={v.subject}
        error={e.subject}
        maxLength={LIMITS.subject.max}
        hint={`${LIMITS.subject.min}至${LIMITS.subject.max}个字，简要概括您要反映的事情。`}
      />
      <TextArea
        name="content"
        label={LETTER_LABELS.content}
        required
        value={v.content}
        error={e.content}
        maxLength={LIMITS.content.max}
        rows={10}
        hint={`${LIMITS.content.min}至${LIMITS.content.max}个字。请写清时间、地点、事情经过和您的诉求。`}
      />
      <FileField name={ATTACHMENTS_FIELD} label="附件" error={e[ATTACHMENTS_FIELD]} chosen={v[ATTACHMENTS_FIELD]} />
      <Checkbox
        name="consent_publish"
        label="同意将我的来信和答复在网站上公开（不公开姓名、电话和邮箱）"
        checked={v.consent_publish === '1'}
        hint="默认不公开。"
      />
      <Honeypot />
      <button type="submit">提交</button>
    </form>
  );
}

export function LetterPage(p: LetterFormProps & { title: string; intro: string }) {
  return (
    <>
      <h1>{p.title}</h1>
      <p class="lead">{p.intro}</p>
      <p class="notice">
        请如实填写。涉及信访事项请通过信访渠道反映；申请获取政府信息请使用<a href="/disclosure">政府信息公开申请</a>。
      </p>
      <LetterForm {...p} />
    </>
  );
}
