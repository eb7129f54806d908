// 政府信息公开申请 (条例第二十九条) through the real app on a freshly migrated database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyQueryCode } from '../../src/cases/query-code.ts';
import { residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { allElements, byId, controls, describedText, formValue, textOf } from '../helpers/html.ts';
import { CREDIT_CODE, ORG_APPLICATION, PERSON_APPLICATION, RESIDENT_ID, submitAndReadReceipt } from '../helpers/intake.ts';
import { createTestApp, postForm, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.destroy();
});

const countCases = async () => Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const onlyCase = () => t.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();

describe('the application form', () => {
  it('is a Chinese HTML5 page asking what 条例第二十九条 requires, each field labelled', async () => {
    const res = await t.app.request('/disclosure');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<html lang="zh-CN">/);
    const elements = allElements(html);
    const labelFor = (name: string) => {
      const id = controls(html, name)[0].attrs.get('id');
      const label = elements.find((e) => e.tag === 'label' && e.attrs.get('for') === id);
      return label ? textOf(label.inner) : undefined;
    };
    expect(labelFor('name')).toContain('姓名');
    expect(labelFor('id_type')).toContain('证件类型');
    expect(labelFor('id_number')).toContain('证件号码');
    expect(labelFor('org_name')).toContain('名称');
    expect(labelFor('credit_code')).toContain('统一社会信用代码');
    expect(labelFor('legal_representative')).toContain('法定代表人');
    expect(labelFor('contact_name')).toContain('联系人');
    expect(labelFor('postcode')).toContain('邮政编码');
    expect(labelFor('description')).toContain('所需政府信息的内容描述');
    expect(labelFor('doc_number')).toContain('文号');
    const optionTexts = (name: string) => {
      const c = controls(html, name);
      return c[0].tag === 'select'
        ? allElements(c[0].inner).filter((e) => e.tag === 'option').map((e) => textOf(e.inner))
        : elements.filter((e) => e.tag === 'label' && c.some((r) => e.inner.includes(`id="${r.attrs.get('id')}"`))).map((e) => textOf(e.inner));
    };
    expect(optionTexts('org_type')).toEqual(['请选择', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    expect(optionTexts('delivery_form')).toEqual(['纸质', '电子文本', '其他']);
    expect(optionTexts('delivery_method')).toEqual(['邮寄', '电子邮件', '自行领取', '在线查看']);
    expect(optionTexts('applicant_kind')).toEqual(['自然人（公民个人）', '法人或其他组织']);
  });
});

describe('a valid application', () => {
  it('from a person with a resident ID: stored as natural_person, YSQ2026-000001, deadline in plain words', async () => {
    const receipt = await submitAndReadReceipt(t, '/disclosure', PERSON_APPLICATION);
    expect(receipt.reference).toBe('YSQ2026-000001');
    const main = textOf(byId(receipt.html, 'main')!.inner);
    expect(main).toContain('政府信息公开申请已收到');
    expect(main).toContain('第三十三条');
    expect(main).toContain('20个工作日内答复');
    // Monday 2 March 2026 is a working day; the 20th working day after it (no holiday in March 2026) is Monday 30 March.
    expect(main).toContain('收到申请之日为2026年3月2日');
    expect(main).toContain('预计最迟于2026年3月30日前答复');

    const row = await onlyCase();
    expect(row).toMatchObject({
      reference: 'YSQ2026-000001',
      channel: 'disclosure',
      status: 'submitted',
      applicant_type: 'natural_person',
      applicant_name: '王小明',
      id_type: 'resident_id',
      id_number: RESIDENT_ID,
      credit_code: null,
      phone: '13912345678',
      email: 'wxm@example.cn',
      address: PERSON_APPLICATION.address,
      postcode: '226100',
      content: PERSON_APPLICATION.description,
      doc_title: PERSON_APPLICATION.doc_title,
      doc_number: PERSON_APPLICATION.doc_number,
      purpose: PERSON_APPLICATION.purpose,
      delivery_form: 'electronic',
      delivery_method: 'email',
      department_id: null,
      consent_publish: 0,
    });
    expect(verifyQueryCode(receipt.code, row.query_code_hash)).toBe(true);
    const events = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).execute();
    expect(events.map((e) => [e.type, e.visibility])).toEqual([['submitted', 'applicant']]);
    const mails = await t.db.selectFrom('outbox').selectAll().execute();
    expect(mails.map((m) => m.to_address)).toEqual(['wxm@example.cn']);
    expect(mails[0].text_body).toContain('2026年3月30日');
  });

  it('from an organisation (法人或其他组织, 商业企业): applicant_type business, the name is the organisation', async () => {
    const receipt = await submitAndReadReceipt(t, '/disclosure', ORG_APPLICATION);
    expect(receipt.reference).toBe('YSQ2026-000001');
    const row = await onlyCase();
    expect(row).toMatchObject({
      applicant_type: 'business',
      applicant_name: '南通市海门区某某建材有限公司',
      credit_code: CREDIT_CODE,
      legal_representative: '李四',
      contact_name: '王五',
      id_type: null,
      id_number: null,
      phone: '0513-12345678',
      email: null,
      delivery_method: 'post',
    });
    // No e-mail given: nothing to send.
    expect(await t.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it('stores each organisation sub-type by its stable code', async () => {
    for (const type of ['research', 'public_interest', 'legal_service', 'other_org']) {
      const res = await postForm(t, '/disclosure', { ...ORG_APPLICATION, org_type: type });
      expect(res.status, type).toBe(303);
    }
    const rows = await t.db.selectFrom('cases').select(['reference', 'applicant_type']).orderBy('id').execute();
    expect(rows).toEqual([
      { reference: 'YSQ2026-000001', applicant_type: 'research' },
      { reference: 'YSQ2026-000002', applicant_type: 'public_interest' },
      { reference: 'YSQ2026-000003', applicant_type: 'legal_service' },
      { reference: 'YSQ2026-000004', applicant_type: 'other_org' },
    ]);
  });

  it('accepts a passport number without the resident-ID check', async () => {
    const res = await postForm(t, '/disclosure', { ...PERSON_APPLICATION, id_type: 'passport', id_number: 'E12345678' });
    expect(res.status).toBe(303);
    expect(await onlyCase()).toMatchObject({ id_type: 'passport', id_number: 'E12345678', applicant_type: 'natural_person' });
  });

  it('a person does not need the organisation fields, nor an organisation the personal ones', async () => {
    const person = await postForm(t, '/disclosure', { ...PERSON_APPLICATION, org_type: '', org_name: '', credit_code: 'whatever' });
    expect(person.status).toBe(303);
    const org = await postForm(t, '/disclosure', { ...ORG_APPLICATION, name: '', id_number: '123' });
    expect(org.status).toBe(303);
    expect(await countCases()).toBe(2);
  });
});

describe('an invalid application comes back with the message beside the bad field', () => {
  const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  const cases: Array<{ title: string; values: Record<string, string>; errors: Record<string, string> }> = [
    {
      title: 'resident ID with a wrong check character',
      values: { ...PERSON_APPLICATION, id_number: wrongCheck(RESIDENT_ID) },
      errors: { id_number: '身份证号码校验位不正确' },
    },
    {
      title: 'resident ID with 17 characters',
      values: { ...PERSON_APPLICATION, id_number: RESIDENT_ID.slice(0, 17) },
      errors: { id_number: '身份证号码应为18位' },
    },
    {
      title: 'resident ID with an impossible birth date (1949-02-30)',
      values: { ...PERSON_APPLICATION, id_number: `11010519490230002${residentIdCheckChar('11010519490230002')}` },
      errors: { id_number: '出生日期无效' },
    },
    {
      title: 'credit code with a wrong check character',
      values: { ...ORG_APPLICATION, credit_code: '91350100M000100Y44' },
      errors: { credit_code: '统一社会信用代码校验位不正确' },
    },
    {
      title: 'missing credit code',
      values: { ...ORG_APPLICATION, credit_code: '' },
      errors: { credit_code: '请填写统一社会信用代码' },
    },
    {
      title: 'organisation without its sub-type',
      values: { ...ORG_APPLICATION, org_type: '' },
      errors: { org_type: '请选择组织类别' },
    },
    {
      title: 'delivery by e-mail without an e-mail address',
      values: { ...PERSON_APPLICATION, email: '' },
      errors: { email: '选择以电子邮件获取信息时，请填写电子邮箱' },
    },
    {
      title: 'delivery by post without address and postcode',
      values: { ...ORG_APPLICATION, address: '', postcode: '' },
      errors: { address: '选择邮寄时，请填写通信地址', postcode: '选择邮寄时，请填写邮政编码' },
    },
    {
      title: 'postcode of five digits',
      values: { ...ORG_APPLICATION, postcode: '22610' },
      errors: { postcode: '邮政编码应为6位数字' },
    },
    {
      title: 'missing description',
      values: { ...PERSON_APPLICATION, description: '' },
      errors: { description: '请填写所需政府信息的内容描述' },
    },
    {
      title: 'description too short',
      values: { ...PERSON_APPLICATION, description: '请公开预算' },
      errors: { description: '所需政府信息的内容描述至少10个字' },
    },
    {
      title: 'missing delivery form',
      values: { ...PERSON_APPLICATION, delivery_form: '' },
      errors: { delivery_form: '请选择信息的提供形式' },
    },
    {
      title: 'missing delivery method',
      values: { ...ORG_APPLICATION, delivery_method: '' },
      errors: { delivery_method: '请选择获取信息的方式' },
    },
    {
      title: 'missing name of a person',
      values: { ...PERSON_APPLICATION, name: '' },
      errors: { name: '请填写姓名' },
    },
    {
      title: 'bad phone',
      values: { ...PERSON_APPLICATION, phone: '12345' },
      errors: { phone: '请填写11位手机号码' },
    },
  ];

  for (const c of cases) {
    it(`${c.title} → 422`, async () => {
      const res = await postForm(t, '/disclosure', c.values);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(/^<!DOCTYPE html>/);
      for (const [field, message] of Object.entries(c.errors)) assertFieldError(html, field, message);
      // Only the fields in error are marked invalid.
      const invalid = new Set(allElements(html).filter((e) => e.attrs.get('aria-invalid') === 'true').map((e) => e.attrs.get('name')));
      expect([...invalid].sort()).toEqual(Object.keys(c.errors).sort());
      for (const [name, value] of Object.entries(c.values)) {
        expect(formValue(html, name), `value of ${name}`).toBe(value);
      }
      expect(await countCases()).toBe(0);
    });
  }

  it('with htmx the 422 answer is only the form', async () => {
    const values = { ...ORG_APPLICATION, credit_code: '91350100M000100Y44' };
    const res = await postForm(t, '/disclosure', values, { htmx: true });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toMatch(/<html|<!DOCTYPE/i);
    expect(html).toMatch(/^<form[^>]*id="disclosure-form"/);
    assertFieldError(html, 'credit_code', '统一社会信用代码校验位不正确');
    for (const [name, value] of Object.entries(values)) expect(formValue(html, name), name).toBe(value);
  });

  it('the check when a field loses focus answers with the same field as the form, plus its message', async () => {
    const page = await (await t.app.request('/disclosure')).text();
    const SAME = (html: string, name: string) =>
      Object.fromEntries([...controls(html, name)[0].attrs].filter(([k]) => !['value', 'aria-invalid', 'aria-describedby'].includes(k)));
    const checks: Array<[string, string, string | null]> = [
      ['credit_code', '91350100m000100y43', null],
      ['credit_code', '91350100M000100Y44', '统一社会信用代码校验位不正确'],
      ['postcode', '22610', '邮政编码应为6位数字'],
      ['postcode', '', null],
      ['phone', '0513-12345678', null],
      ['email', 'a@b', '电子邮箱格式不正确'],
    ];
    for (const [field, value, message] of checks) {
      const res = await postForm(t, `/validate/disclosure/${field}`, { [field]: value }, { htmx: true });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(SAME(html, field), field).toEqual(SAME(page, field));
      const wrapper = byId(html, `f-${field}-field`)!.attrs;
      expect(wrapper.get('class')).toBe(message ? 'field field--error' : 'field');
      wrapper.set('class', 'field');
      expect(wrapper).toEqual(byId(page, `f-${field}-field`)!.attrs);
      const input = controls(html, field)[0];
      expect(input.attrs.get('value')).toBe(value);
      const described = describedText(html, input);
      expect(described).toContain(describedText(page, controls(page, field)[0]));
      if (message) {
        expect(input.attrs.get('aria-invalid')).toBe('true');
        expect(described).toContain(message);
      } else {
        expect(input.attrs.has('aria-invalid'), `${field}=${value}`).toBe(false);
      }
    }
  });

  it('a post from another site → 403, nothing stored', async () => {
    const res = await postForm(t, '/disclosure', PERSON_APPLICATION, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await countCases()).toBe(0);
  });
});

function assertFieldError(html: string, field: string, message: string) {
  const found = controls(html, field);
  for (const control of found) expect(control.attrs.get('aria-invalid'), `aria-invalid of ${field}`).toBe('true');
  const described = found[0].attrs.get('type') === 'radio' ? byId(html, `${found[0].attrs.get('id')}-field`)! : found[0];
  expect(describedText(html, described), `message of ${field}`).toContain(message);
}
