// Cases filed the way citizens file them (through the forms), for tests of the staff side.
import { findCaseByReference } from '../../src/cases/queries.ts';
import { cookiesFrom, postForm, type TestApp } from './test-app.ts';

export interface FiledCase {
  id: number;
  reference: string;
  queryCode: string;
}

export const LETTER = {
  name: '张三',
  phone: '13812345678',
  email: 'zhangsan@example.com',
  category: 'complaint',
  subject: '小区门口道路破损',
  content: '幸福路与民主路交叉口的路面破损已有两个月，雨天积水，请尽快维修。',
};

export const DISCLOSURE_PERSON = {
  applicant_kind: 'person',
  name: '李四',
  id_type: 'resident_id',
  id_number: '11010519491231002X',
  phone: '13912345678',
  email: 'lisi@example.com',
  address: '示例区人民路1号',
  postcode: '226100',
  description: '请公开2025年本区老旧小区改造项目的资金安排和实施清单。',
  delivery_form: 'electronic',
  delivery_method: 'email',
};

async function file(t: TestApp, path: string, values: Record<string, string>): Promise<FiledCase> {
  const res = await postForm(t, path, values);
  if (res.status !== 303) throw new Error(`filing failed with ${res.status}: ${await res.text()}`);
  const [reference, queryCode] = decodeURIComponent(cookiesFrom(res).replace(/^receipt=/, '')).split(':');
  const row = await findCaseByReference(t.db, reference!);
  return { id: row!.id, reference: reference!, queryCode: queryCode! };
}

export function fileMayorLetter(t: TestApp, overrides: Record<string, string> = {}) {
  return file(t, '/letters/mayor', { ...LETTER, ...overrides });
}

export function fileDeptLetter(t: TestApp, departmentId: number, overrides: Record<string, string> = {}) {
  return file(t, '/letters/department', { ...LETTER, department_id: String(departmentId), ...overrides });
}

export function fileDisclosure(t: TestApp, overrides: Record<string, string> = {}) {
  return file(t, '/disclosure', { ...DISCLOSURE_PERSON, ...overrides });
}

export async function departmentId(t: TestApp, shortName: string): Promise<number> {
  const row = await t.db.selectFrom('departments').select('id').where('short_name', '=', shortName).executeTakeFirstOrThrow();
  return row.id;
}
