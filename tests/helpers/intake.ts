// Valid citizen submissions and the receipt they lead to, shared by the intake integration tests.
import { expect } from 'vitest';
import { byId, textOf } from './html.ts';
import { cookiesFrom, postForm, type TestApp } from './test-app.ts';

/** A 区长信箱 letter a citizen could really send; phone typed with spaces, e-mail in mixed case. */
export const LETTER: Record<string, string> = {
  name: '张三',
  phone: '138 1234 5678',
  email: 'Zhang.San@Example.com',
  category: 'complaint',
  subject: '小区门口路灯"长期"不亮 & 无人维修',
  content: '海门街道人民路88号小区门口的三盏路灯自2月中旬起一直不亮，晚上出行很不安全，请尽快安排维修。',
  consent_publish: '1',
};

/** 11010519491231002X: a valid 居民身份证号码 (born 1949-12-31, check character X). */
export const RESIDENT_ID = '11010519491231002X';
/** 91350100M000100Y43: a valid 统一社会信用代码. */
export const CREDIT_CODE = '91350100M000100Y43';

export const PERSON_APPLICATION: Record<string, string> = {
  applicant_kind: 'person',
  name: '王小明',
  id_type: 'resident_id',
  id_number: '11010519491231002x',
  phone: '139-1234-5678',
  email: 'wxm@example.cn',
  address: '江苏省南通市海门区人民中路1号',
  postcode: '226100',
  description: '请公开2025年本区老旧小区改造项目的清单、实施单位及资金安排。',
  doc_title: '2025年老旧小区改造计划',
  doc_number: '海政办发〔2025〕3号',
  purpose: '了解本人所住小区是否列入改造计划',
  delivery_form: 'electronic',
  delivery_method: 'email',
};

export const ORG_APPLICATION: Record<string, string> = {
  applicant_kind: 'org',
  org_type: 'business',
  org_name: '南通市海门区某某建材有限公司',
  credit_code: CREDIT_CODE,
  legal_representative: '李四',
  contact_name: '王五',
  phone: '0513-12345678',
  email: '',
  address: '江苏省南通市海门区工业园区8号',
  postcode: '226100',
  description: '请公开本区2025年建设工程招标投标监督检查结果。',
  delivery_form: 'paper',
  delivery_method: 'post',
};

/** Query codes as the receipt shows them: three groups of four, without 0, 1, I and O. */
export const FORMATTED_CODE = /\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b/;

export interface Receipt {
  reference: string;
  /** As shown, e.g. ABCD-EFGH-JKLM. */
  code: string;
  html: string;
}

/** Submits a valid form, follows the redirect to /receipt with the cookie and reads what the citizen sees. */
export async function submitAndReadReceipt(t: Pick<TestApp, 'app'>, path: string, values: Record<string, string>): Promise<Receipt> {
  const posted = await postForm(t, path, values);
  expect(posted.status, await posted.clone().text()).toBe(303);
  expect(posted.headers.get('location')).toBe('/receipt');
  const page = await t.app.request('/receipt', { headers: { cookie: cookiesFrom(posted) } });
  expect(page.status).toBe(200);
  const html = await page.text();
  return { ...readReceipt(html), html };
}

export function readReceipt(html: string): { reference: string; code: string } {
  const main = textOf(byId(html, 'main')?.inner ?? '');
  const reference = /编号 ([A-Z]+\d{4}-\d{6})/.exec(main)?.[1];
  const code = /查询码 ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(main)?.[1];
  if (!reference || !code) throw new Error(`receipt without reference or code: ${main}`);
  return { reference, code };
}
