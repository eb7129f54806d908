// The citizen forms: 区长信箱, 部门信箱 and 政府信息公开申请, with their receipt page.
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { findCaseByReference, findEventPayload, listActiveDepartments } from '../cases/queries.ts';
import { verifyQueryCode } from '../cases/query-code.ts';
import { CHANNEL_LABELS, type Channel } from '../domain/codes.ts';
import type { AppDeps } from '../deps.ts';
import { isHtmx, readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { TextField, type TextFieldProps } from '../../views/components/fields.tsx';
import { DISCLOSURE_CHECKED_FIELDS, DisclosureForm, DisclosurePage } from '../../views/citizen/disclosure-form.tsx';
import { LETTER_CHECKED_FIELDS, LetterForm, LetterPage } from '../../views/citizen/letter-form.tsx';
import { ReceiptPage } from '../../views/citizen/receipt.tsx';
import { validateDisclosure, validateLetter, validateSingleField } from './forms.ts';
import { letterLimits } from './queries.ts';
import { submitDisclosure, submitLetter, type Submitted } from './service.ts';

const RECEIPT_COOKIE = 'receipt';

type LetterChannel = 'mayor_mailbox' | 'dept_mailbox';

const LETTER_PAGES: Record<LetterChannel, { path: string; title: string; intro: string }> = {
  mayor_mailbox: {
    path: '/letters/mayor',
    title: '区长信箱',
    intro: '您的来信由区政府办公室登记，转交承办单位办理，区政府办公室跟踪督办。',
  },
  dept_mailbox: {
    path: '/letters/department',
    title: '部门信箱',
    intro: '您的来信直接送达所选部门，由该部门受理并答复。',
  },
};

export function intakeRoutes(deps: AppDeps) {
  const app = new Hono();
  const page = (c: Context, title: string, body: Child, status: 200 | 422 = 200) =>
    renderPage(c, { districtName: deps.config.districtName, title, status }, body);

  async function letterFormData() {
    const [departments, limits] = await Promise.all([listActiveDepartments(deps.db), letterLimits(deps.db)]);
    return { departments: departments.filter((d) => !d.is_office), letterLimits: limits };
  }

  for (const channel of ['mayor_mailbox', 'dept_mailbox'] as const) {
    const meta = LETTER_PAGES[channel];
    app.get(meta.path, async (c) => {
      const data = await letterFormData();
      const values = { department_id: c.req.query('department_id') ?? '' };
      return page(c, meta.title, <LetterPage channel={channel} action={meta.path} values={values} errors={{}} {...data} {...meta} />);
    });

    app.post(meta.path, async (c) => {
      c.header('Vary', 'HX-Request');
      const values = await readForm(c);
      const data = await letterFormData();
      const result = validateLetter(values, {
        needsDepartment: channel === 'dept_mailbox',
        departmentIds: data.departments.map((d) => d.id),
      });
      if (!result.ok) {
        const form = <LetterForm channel={channel} action={meta.path} values={values} errors={result.errors} {...data} />;
        if (isHtmx(c)) return c.html(form, 422);
        return page(c, `${meta.title}（请修改后提交）`, <LetterPage channel={channel} action={meta.path} values={values} errors={result.errors} {...data} {...meta} />, 422);
      }
      const submitted = await submitLetter(deps, channel, result.data);
      return toReceipt(c, submitted);
    });
  }

  app.get('/disclosure', (c) => page(c, '政府信息公开申请', <DisclosurePage values={{}} errors={{}} />));

  app.post('/disclosure', async (c) => {
    c.header('Vary', 'HX-Request');
    const values = await readForm(c);
    const result = validateDisclosure(values, deps.clock.now());
    if (!result.ok) {
      if (isHtmx(c)) return c.html(<DisclosureForm values={values} errors={result.errors} />, 422);
      return page(c, '政府信息公开申请（请修改后提交）', <DisclosurePage values={values} errors={result.errors} />, 422);
    }
    const submitted = await submitDisclosure(deps, result.data);
    return toReceipt(c, submitted);
  });

  // htmx checks a single field when it loses focus; the full check still runs on submit.
  // The answer is the same field as the form renders it, with the message or without.
  app.post('/validate/:form/:field', async (c) => {
    const form = c.req.param('form');
    const field = c.req.param('field');
    if (form !== 'letter' && form !== 'disclosure') return c.notFound();
    const fields: Record<string, TextFieldProps> = form === 'letter' ? LETTER_CHECKED_FIELDS : DISCLOSURE_CHECKED_FIELDS;
    const props = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!props) return c.notFound();
    const value = (await readForm(c))[field] ?? '';
    const error = validateSingleField(form, field, value) ?? undefined;
    return c.html(<TextField {...props} value={value} error={error} />);
  });

  // POST/redirect/GET: the query code travels once in a short-lived cookie, never in a URL.
  function toReceipt(c: Context, s: Submitted) {
    setCookie(c, RECEIPT_COOKIE, `${s.reference}:${s.queryCode}`, {
      path: '/receipt',
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.config.publicUrl.startsWith('https:'),
      maxAge: 600,
    });
    if (isHtmx(c)) {
      c.header('HX-Redirect', '/receipt');
      return c.body(null, 200);
    }
    return c.redirect('/receipt', 303);
  }

  app.get('/receipt', async (c) => {
    c.header('Cache-Control', 'no-store');
    const cookie = getCookie(c, RECEIPT_COOKIE) ?? '';
    const [reference, code] = cookie.split(':');
    const found = reference && code ? await findCaseByReference(deps.db, reference) : undefined;
    if (!found || !verifyQueryCode(code!, found.query_code_hash)) return c.redirect('/lookup', 303);
    deleteCookie(c, RECEIPT_COOKIE, { path: '/receipt' });
    const nextStep = String((await findEventPayload(deps.db, found.id, 'submitted'))?.message ?? '');
    return page(
      c,
      '提交成功',
      <ReceiptPage
        reference={found.reference}
        channelLabel={CHANNEL_LABELS[found.channel as Channel]}
        queryCode={code!}
        nextStep={nextStep}
        emailSent={Boolean(found.email)}
      />,
    );
  });

  return app;
}
