import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  DELIVERY_FORM_LABELS,
  DELIVERY_FORMS,
  DELIVERY_METHOD_LABELS,
  DELIVERY_METHODS,
  ID_TYPE_LABELS,
  ID_TYPES,
} from '../../src/domain/codes.ts';
import { DISCLOSURE_LABELS as L, LIMITS } from '../../src/intake/forms.ts';
import { ATTACHMENTS_FIELD } from '../../src/domain/attachment-rules.ts';
import { ErrorSummary, RadioGroup, Section, Select, TextArea, TextField, type TextFieldProps } from '../components/fields.tsx';
import { FileField } from '../components/file-field.tsx';
import { FormProblem } from './form-problem.tsx';
import { Honeypot } from './honeypot.tsx';

/** The fields htmx checks when they lose focus: described once, so the check answers with the very same field. */
export const DISCLOSURE_CHECKED_FIELDS: Record<'credit_code' | 'phone' | 'email' | 'postcode', TextFieldProps> = {
  credit_code: {
    name: 'credit_code',
    label: L.credit_code,
    required: true,
    maxLength: 18,
    hint: '18位，见营业执照或登记证书。',
    validateUrl: '/validate/disclosure/credit_code',
  },
  phone: {
    name: 'phone',
    label: L.phone,
    required: true,
    type: 'tel',
    inputMode: 'tel',
    autocomplete: 'tel',
    hint: '手机号码，或带区号的座机号码。',
    validateUrl: '/validate/disclosure/phone',
  },
  email: {
    name: 'email',
    label: L.email,
    type: 'email',
    inputMode: 'email',
    autocomplete: 'email',
    maxLength: LIMITS.email,
    hint: '填写后，编号、查询码和办理通知将发送到此邮箱。',
    validateUrl: '/validate/disclosure/email',
  },
  postcode: {
    name: 'postcode',
    label: L.postcode,
    maxLength: 6,
    inputMode: 'numeric',
    autocomplete: 'postal-code',
    hint: '选择邮寄时必填。',
    validateUrl: '/validate/disclosure/postcode',
  },
};

export interface DisclosureFormProps {
  values: Record<string, string>;
  errors: Record<string, string>;
  /** A message about the whole submission (the database could not save it), shown above the fields. */
  problem?: string;
}

const orgTypes = APPLICANT_TYPES.filter((t) => t !== 'natural_person');

/** 条例第二十九条: who applies, how to reach them, what they seek, and in what form. */
export function DisclosureForm({ values: v, errors: e, problem }: DisclosureFormProps) {
  return (
    <form
      method="post"
      action="/disclosure"
      enctype="multipart/form-data"
      novalidate
      hx-post="/disclosure"
      hx-encoding="multipart/form-data"
      hx-target="this"
      hx-swap="outerHTML"
      id="disclosure-form"
    >
      <FormProblem message={problem} />
      <ErrorSummary errors={e} labels={L} />
      <Section title="一、申请人">
        <RadioGroup
          name="applicant_kind"
          label={L.applicant_kind}
          required
          inline
          value={v.applicant_kind || 'person'}
          error={e.applicant_kind}
          options={[
            { value: 'person', label: '自然人（公民个人）' },
            { value: 'org', label: '法人或其他组织' },
          ]}
        />
        <div class="section-person">
          <h3>自然人</h3>
          <TextField name="name" label={L.name} required value={v.name} error={e.name} maxLength={LIMITS.name} autocomplete="name" />
          <Select
            name="id_type"
            label={L.id_type}
            required
            value={v.id_type || 'resident_id'}
            error={e.id_type}
            options={ID_TYPES.map((t) => ({ value: t, label: ID_TYPE_LABELS[t] }))}
          />
          <TextField
            name="id_number"
            label={L.id_number}
            required
            value={v.id_number}
            error={e.id_number}
            maxLength={LIMITS.idNumber}
            hint="居民身份证为18位，最后一位可能是X。"
          />
        </div>
        <div class="section-org">
          <h3>法人或其他组织</h3>
          <Select
            name="org_type"
            label={L.org_type}
            required
            value={v.org_type}
            error={e.org_type}
            placeholder="请选择"
            options={orgTypes.map((t) => ({ value: t, label: APPLICANT_TYPE_LABELS[t] }))}
          />
          <TextField name="org_name" label={L.org_name} required value={v.org_name} error={e.org_name} maxLength={LIMITS.orgName} autocomplete="organization" />
          <TextField {...DISCLOSURE_CHECKED_FIELDS.credit_code} value={v.credit_code} error={e.credit_code} />
          <TextField name="legal_representative" label={L.legal_representative} required value={v.legal_representative} error={e.legal_representative} maxLength={LIMITS.name} />
          <TextField name="contact_name" label={L.contact_name} required value={v.contact_name} error={e.contact_name} maxLength={LIMITS.name} />
        </div>
      </Section>
      <Section title="二、联系方式">
        <TextField {...DISCLOSURE_CHECKED_FIELDS.phone} value={v.phone} error={e.phone} />
        <TextField {...DISCLOSURE_CHECKED_FIELDS.email} value={v.email} error={e.email} />
        <TextField name="address" label={L.address} value={v.address} error={e.address} maxLength={LIMITS.address} autocomplete="street-address" hint="选择邮寄时必填。" />
        <TextField {...DISCLOSURE_CHECKED_FIELDS.postcode} value={v.postcode} error={e.postcode} />
      </Section>
      <Section title="三、所需政府信息">
        <TextArea
          name="description"
          label={L.description}
          required
          value={v.description}
          error={e.description}
          maxLength={LIMITS.description.max}
          rows={8}
          hint={`${LIMITS.description.min}至${LIMITS.description.max}个字。请写明信息的名称、文号或者便于查找的其他特征性描述（条例第二十九条）。`}
        />
        <TextField name="doc_title" label={L.doc_title} value={v.doc_title} error={e.doc_title} maxLength={LIMITS.docTitle} />
        <TextField name="doc_number" label={L.doc_number} value={v.doc_number} error={e.doc_number} maxLength={LIMITS.docNumber} hint="例如：海政发〔2024〕12号" />
        <TextArea name="purpose" label={L.purpose} value={v.purpose} error={e.purpose} maxLength={LIMITS.purpose} rows={3} />
        <FileField name={ATTACHMENTS_FIELD} label="附件" error={e[ATTACHMENTS_FIELD]} chosen={v[ATTACHMENTS_FIELD]} />
      </Section>
      <Section title="四、获取方式">
        <RadioGroup
          name="delivery_form"
          label={L.delivery_form}
          required
          inline
          value={v.delivery_form}
          error={e.delivery_form}
          options={DELIVERY_FORMS.map((f) => ({ value: f, label: DELIVERY_FORM_LABELS[f] }))}
        />
        <RadioGroup
          name="delivery_method"
          label={L.delivery_method}
          required
          value={v.delivery_method}
          error={e.delivery_method}
          options={DELIVERY_METHODS.map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))}
        />
      </Section>
      <Honeypot />
      <button type="submit">提交申请</button>
    </form>
  );
}

export function DisclosurePage(p: DisclosureFormProps) {
  return (
    <>
      <h1>政府信息公开申请</h1>
      <p class="lead">
        依照《中华人民共和国政府信息公开条例》，您可以申请获取区政府及其部门在履行职责过程中制作或者获取的、以一定形式记录、保存的信息。
      </p>
      <p class="notice">
        本渠道不受理信访、投诉、举报事项（条例第三十九条），此类事项请通过<a href="/letters/mayor">区长信箱</a>反映。
      </p>
      <DisclosureForm {...p} />
    </>
  );
}
