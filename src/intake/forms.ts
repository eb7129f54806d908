// What the citizen forms accept. Each rule answers in Chinese, keyed by the form field it concerns.
import { z } from 'zod';
import {
  APPLICANT_TYPES,
  DELIVERY_FORMS,
  DELIVERY_METHODS,
  ID_TYPES,
  LETTER_CATEGORIES,
  type ApplicantType,
  type DeliveryForm,
  type DeliveryMethod,
  type IdType,
  type LetterCategory,
} from '../domain/codes.ts';
import { creditCodeProblem, normalizeCreditCode } from '../domain/credit-code.ts';
import { mobileProblem, normalizeMobile, postcodeProblem } from '../domain/phone.ts';
import { normalizeResidentId, residentIdProblem } from '../domain/resident-id.ts';

export const LIMITS = {
  name: 30,
  subject: { min: 4, max: 50 },
  content: { min: 10, max: 2000 },
  email: 100,
  address: 100,
  idNumber: 30,
  orgName: 100,
  description: { min: 10, max: 2000 },
  docTitle: 100,
  docNumber: 50,
  purpose: 500,
};

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

// Control characters other than tab and newlines have no place in a letter; they usually mean a bot or a broken paste.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;
// A plain check that catches typos; the mail server is the final judge.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const text = (label: string, max: number, min = 1) =>
  z
    .string()
    .trim()
    // An empty field asks to be filled in; a short one says how long it must be.
    .min(1, `请填写${label}`)
    .min(min, `${label}至少${min}个字`)
    .max(max, `${label}不能超过${max}个字`)
    .refine((s) => !CONTROL.test(s), `${label}包含无法识别的字符，请删除后重试`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过${max}个字`)
    .refine((s) => !CONTROL.test(s), `${label}包含无法识别的字符，请删除后重试`)
    .transform((s) => (s === '' ? null : s));

const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.string().refine((v): v is T[number] => (values as readonly string[]).includes(v), message);

const mobile = z
  .string()
  .superRefine((s, ctx) => {
    const problem = mobileProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => normalizeMobile(s) as string);

const optionalEmail = z
  .string()
  .trim()
  .max(LIMITS.email, `电子邮箱不能超过${LIMITS.email}个字符`)
  .refine((s) => s === '' || EMAIL.test(s), '电子邮箱格式不正确，例如 name@example.com')
  .transform((s) => (s === '' ? null : s.toLowerCase()));

/** The hidden field of views/citizen/honeypot.tsx: people leave it empty, simple bots fill in every field they find. */
export const HONEYPOT_FIELD = 'website';

export const isHoneypotFilled = (values: FormValues) => (values[HONEYPOT_FIELD] ?? '').trim() !== '';

/** Neutral on purpose: a bot learns nothing, a person (whose browser filled the hidden field) just submits again. */
export const HONEYPOT_MESSAGE = '本次提交未能受理，请核对填写的内容后重新提交。';

function firstErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Every field the schema knows, as a string: missing fields are empty, never undefined. */
function pick(values: FormValues, names: string[]): FormValues {
  return Object.fromEntries(names.map((n) => [n, values[n] ?? '']));
}

// ---------------------------------------------------------------- letters

export interface LetterInput {
  name: string;
  phone: string;
  email: string | null;
  category: LetterCategory;
  subject: string;
  content: string;
  departmentId: number | null;
  consentPublish: boolean;
}

export const LETTER_FIELDS = ['name', 'phone', 'email', 'category', 'subject', 'content', 'department_id', 'consent_publish'];

export const LETTER_LABELS: Record<string, string> = {
  name: '姓名',
  phone: '手机号码',
  email: '电子邮箱',
  category: '来信类别',
  subject: '标题',
  content: '来信内容',
  department_id: '收信部门',
  consent_publish: '同意公开',
};

// Built once: a zod schema costs far more to build than to run, and intake runs this on every letter.
const letterSchema = z.object({
  name: text('姓名', LIMITS.name),
  phone: mobile,
  email: optionalEmail,
  category: choice(LETTER_CATEGORIES, '请选择来信类别'),
  subject: text('标题', LIMITS.subject.max, LIMITS.subject.min),
  content: text('来信内容', LIMITS.content.max, LIMITS.content.min),
  department_id: z.string(),
  consent_publish: z.string(),
});

export function validateLetter(values: FormValues, opts: { needsDepartment: boolean; departmentIds: number[] }): FormResult<LetterInput> {
  const result = letterSchema.safeParse(pick(values, LETTER_FIELDS));
  const errors = result.success ? {} : firstErrors(result.error);
  if (opts.needsDepartment && !opts.departmentIds.includes(Number(values.department_id ?? ''))) errors.department_id = '请选择收信部门';
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const v = result.data;
  return {
    ok: true,
    data: {
      name: v.name,
      phone: v.phone,
      email: v.email,
      category: v.category as LetterCategory,
      subject: v.subject,
      content: v.content,
      departmentId: opts.needsDepartment ? Number(v.department_id) : null,
      consentPublish: v.consent_publish === '1',
    },
  };
}

// ---------------------------------------------------------------- disclosure applications (条例第二十九条)

export interface DisclosureInput {
  applicantType: ApplicantType;
  /** The person's name, or the organisation's. */
  name: string;
  idType: IdType | null;
  idNumber: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  phone: string;
  email: string | null;
  address: string | null;
  postcode: string | null;
  description: string;
  docTitle: string | null;
  docNumber: string | null;
  purpose: string | null;
  deliveryForm: DeliveryForm;
  deliveryMethod: DeliveryMethod;
}

export const DISCLOSURE_FIELDS = [
  'applicant_kind',
  'org_type',
  'name',
  'id_type',
  'id_number',
  'org_name',
  'credit_code',
  'legal_representative',
  'contact_name',
  'phone',
  'email',
  'address',
  'postcode',
  'description',
  'doc_title',
  'doc_number',
  'purpose',
  'delivery_form',
  'delivery_method',
];

export const DISCLOSURE_LABELS: Record<string, string> = {
  applicant_kind: '申请人类型',
  org_type: '组织类别',
  name: '姓名',
  id_type: '证件类型',
  id_number: '证件号码',
  org_name: '名称',
  credit_code: '统一社会信用代码',
  legal_representative: '法定代表人或负责人',
  contact_name: '联系人',
  phone: '联系电话',
  email: '电子邮箱',
  address: '通信地址',
  postcode: '邮政编码',
  description: '所需政府信息的内容描述',
  doc_title: '文件名称',
  doc_number: '文号',
  purpose: '用途',
  delivery_form: '信息的提供形式',
  delivery_method: '获取信息的方式',
};

const ORG_TYPES = APPLICANT_TYPES.filter((t) => t !== 'natural_person') as Exclude<ApplicantType, 'natural_person'>[];

// Organisations often give an office landline (e.g. 0513-12345678) rather than a mobile number.
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
const mobileOrLandline = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    if (LANDLINE.test(s.replace(/\s/g, ''))) return;
    const problem = mobileProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem === '请填写手机号码' ? '请填写联系电话' : `${problem}（座机请写区号，如0513-12345678）` });
  })
  .transform((s) => normalizeMobile(s) ?? s.replace(/\s/g, ''));

const disclosureBase = z.object({
  applicant_kind: choice(['person', 'org'] as const, '请选择申请人类型'),
  phone: mobileOrLandline,
  email: optionalEmail,
  address: optionalText('通信地址', LIMITS.address),
  postcode: z.string().trim(),
  description: text('所需政府信息的内容描述', LIMITS.description.max, LIMITS.description.min),
  doc_title: optionalText('文件名称', LIMITS.docTitle),
  doc_number: optionalText('文号', LIMITS.docNumber),
  purpose: optionalText('用途', LIMITS.purpose),
  delivery_form: choice(DELIVERY_FORMS, '请选择信息的提供形式'),
  delivery_method: choice(DELIVERY_METHODS, '请选择获取信息的方式'),
});
const disclosurePerson = z.object({
  name: text('姓名', LIMITS.name),
  id_type: choice(ID_TYPES, '请选择证件类型'),
  id_number: text('证件号码', LIMITS.idNumber),
});
const disclosureOrg = z.object({
  org_type: choice(ORG_TYPES as unknown as readonly [string, ...string[]], '请选择组织类别'),
  org_name: text('名称', LIMITS.orgName),
  credit_code: z.string(),
  legal_representative: text('法定代表人或负责人', LIMITS.name),
  contact_name: text('联系人', LIMITS.name),
});

export function validateDisclosure(values: FormValues, now: Date): FormResult<DisclosureInput> {
  const v = pick(values, DISCLOSURE_FIELDS);
  const isOrg = v.applicant_kind === 'org';
  const errors: FieldErrors = {};
  const baseResult = disclosureBase.safeParse(v);
  if (!baseResult.success) Object.assign(errors, firstErrors(baseResult.error));
  const partResult = isOrg ? disclosureOrg.safeParse(v) : v.applicant_kind === 'person' ? disclosurePerson.safeParse(v) : null;
  if (partResult && !partResult.success) Object.assign(errors, firstErrors(partResult.error));

  // Rules that look at more than one field.
  if (v.applicant_kind === 'person' && v.id_type === 'resident_id' && !errors.id_number) {
    const problem = residentIdProblem(v.id_number, now);
    if (problem) errors.id_number = problem;
  }
  if (isOrg && !errors.credit_code) {
    const problem = creditCodeProblem(v.credit_code);
    if (problem) errors.credit_code = problem;
  }
  if (v.delivery_method === 'email' && v.email.trim() === '' && !errors.email) {
    errors.email = '选择以电子邮件获取信息时，请填写电子邮箱';
  }
  if (v.delivery_method === 'post') {
    if (v.address.trim() === '' && !errors.address) errors.address = '选择邮寄时，请填写通信地址';
    if (v.postcode.trim() === '' && !errors.postcode) errors.postcode = '选择邮寄时，请填写邮政编码';
  }
  if (v.postcode.trim() !== '' && !errors.postcode) {
    const problem = postcodeProblem(v.postcode);
    if (problem) errors.postcode = problem;
  }

  if (Object.keys(errors).length > 0 || !baseResult.success || (partResult && !partResult.success)) {
    return { ok: false, errors };
  }
  const b = baseResult.data;
  const p = partResult!.data as Record<string, string>;
  return {
    ok: true,
    data: {
      applicantType: isOrg ? (p.org_type as ApplicantType) : 'natural_person',
      name: isOrg ? p.org_name : p.name,
      idType: isOrg ? null : (p.id_type as IdType),
      idNumber: isOrg ? null : p.id_type === 'resident_id' ? normalizeResidentId(p.id_number) : p.id_number,
      creditCode: isOrg ? normalizeCreditCode(p.credit_code) : null,
      legalRepresentative: isOrg ? p.legal_representative : null,
      contactName: isOrg ? p.contact_name : null,
      phone: b.phone,
      email: b.email,
      address: b.address,
      postcode: b.postcode === '' ? null : b.postcode,
      description: b.description,
      docTitle: b.doc_title,
      docNumber: b.doc_number,
      purpose: b.purpose,
      deliveryForm: b.delivery_form as DeliveryForm,
      deliveryMethod: b.delivery_method as DeliveryMethod,
    },
  };
}

/** Checks one field alone, for htmx's check when a field loses focus. Null: valid, or no rule of its own. */
export function validateSingleField(form: 'letter' | 'disclosure', field: string, value: string): string | null {
  const schemas: Record<string, z.ZodType> = {
    phone: form === 'letter' ? mobile : mobileOrLandline,
    email: optionalEmail,
  };
  if (field === 'credit_code') return value.trim() === '' ? null : creditCodeProblem(value);
  if (field === 'postcode') return value.trim() === '' ? null : postcodeProblem(value);
  const schema = schemas[field];
  return schema ? (schema.safeParse(value).error?.issues[0]?.message ?? null) : null;
}
