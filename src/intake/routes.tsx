// The citizen forms: 区长信箱, 部门信箱 and 政府信息公开申请, with their receipt page.
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { findCaseByReference, findEventPayload, listActiveDepartments } from '../cases/queries.ts';
import { verifyQueryCode } from '../cases/query-code.ts';
import { checkAttachments, type CheckedAttachments } from '../attachments/service.ts';
import { ATTACHMENTS_FIELD } from '../domain/attachment-rules.ts';
import { CHANNEL_LABELS, type Channel } from '../domain/codes.ts';
import type { AppDeps } from '../deps.ts';
import { isTemporaryStorageError } from '../http/errors.tsx';
import { isHtmx, readFiles, readForm } from '../http/form.ts';
import { submissionLimit, submissionLimitMessage } from '../http/rate-limit.ts';
import { renderPage } from '../http/render.tsx';
import { TextField, type TextFieldProps } from '../../views/components/fields.tsx';
import { DISCLOSURE_CHECKED_FIELDS, DisclosureForm, DisclosurePage } from '../../views/citizen/disclosure-form.tsx';
import { LETTER_CHECKED_FIELDS, LetterForm, LetterPage } from '../../views/citizen/letter-form.tsx';
import { ReceiptPage } from '../../views/citizen/receipt.tsx';
import { HONEYPOT_MESSAGE, isHoneypotFilled, validateDisclosure, validateLetter, validateSingleField, type FieldErrors, type FormValues } from './forms.ts';
import { letterLimits } from './queries.ts';
import { SubmissionRateLimitedError, submitDisclosure, submitLetter, type Submitted } from './service.ts';

const RECEIPT_COOKIE = 'receipt';

const STORAGE_BUSY = '系统繁忙，您填写的内容已保留，请稍后重新提交';

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
  const page = (c: Context, title: string, body: Child, status: 200 | 422 | 429 | 503 = 200) =>
    renderPage(c, { districtName: deps.config.districtName, title, status }, body);

  /**
   * The posted form and its files. The browser cannot be handed the files back, so in a form that
   * comes back the file field's value is how many had been chosen (see FileField).
   */
  async function readSubmission(c: Context) {
    const values = await readForm(c);
    const files = await readFiles(c, ATTACHMENTS_FIELD);
    values[ATTACHMENTS_FIELD] = files.length > 0 ? String(files.length) : '';
    return { values, files };
  }

  async function letterFormData() {
    const [departments, limits] = await Promise.all([listActiveDepartments(deps.db), letterLimits(deps.db)]);
    return { departments: departments.filter((d) => !d.is_office), letterLimits: limits };
  }

  /** The form back as typed, with a message about the whole submission (honeypot, rate limit, storage fault) above it. */
  function letterWithProblem(c: Context, channel: LetterChannel, values: FormValues, problem: string, status: 422 | 429 | 503, data: Awaited<ReturnType<typeof letterFormData>>) {
    const meta = LETTER_PAGES[channel];
    if (isHtmx(c)) return c.html(<LetterForm channel={channel} action={meta.path} values={values} errors={{}} problem={problem} {...data} />, status);
    return page(c, meta.title, <LetterPage channel={channel} action={meta.path} values={values} errors={{}} problem={problem} {...data} {...meta} />, status);
  }

  function disclosureWithProblem(c: Context, values: FormValues, problem: string, status: 422 | 429 | 503) {
    if (isHtmx(c)) return c.html(<DisclosureForm values={values} errors={{}} problem={problem} />, status);
    return page(c, '政府信息公开申请', <DisclosurePage values={values} errors={{}} problem={problem} />, status);
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
      const { values, files } = await readSubmission(c);
      // Turned away before anything else, with a neutral message (see HONEYPOT_MESSAGE); nothing is stored.
      if (isHoneypotFilled(values)) return letterWithProblem(c, channel, values, HONEYPOT_MESSAGE, 422, await letterFormData());
      // The lists the form shows are read only when the form is shown again (or the department must be checked).
      const known = channel === 'dept_mailbox' ? await letterFormData() : null;
      const result = validateLetter(values, {
        needsDepartment: channel === 'dept_mailbox',
        departmentIds: known ? known.departments.map((d) => d.id) : [],
      });
      const attachments = await checkAttachments(files);
      if (!result.ok || !attachments.ok) {
        const errors = refusals(result, attachments);
        const data = known ?? (await letterFormData());
        const form = <LetterForm channel={channel} action={meta.path} values={values} errors={errors} {...data} />;
        if (isHtmx(c)) return c.html(form, 422);
        return page(c, `${meta.title}（请修改后提交）`, <LetterPage channel={channel} action={meta.path} values={values} errors={errors} {...data} {...meta} />, 422);
      }
      const submitted = await whenStored(c, () => submitLetter(deps, channel, result.data, attachments.files, submissionLimit(c, deps)));
      if (!submitted) return letterWithProblem(c, channel, values, STORAGE_BUSY, 503, known ?? (await letterFormData()));
      if ('waitSeconds' in submitted) {
        const message = submissionLimitMessage(deps.config.submissionRateLimit, submitted.waitSeconds);
        return letterWithProblem(c, channel, values, message, 429, known ?? (await letterFormData()));
      }
      return toReceipt(c, submitted);
    });
  }

  app.get('/disclosure', (c) => page(c, '政府信息公开申请', <DisclosurePage values={{}} errors={{}} />));

  app.post('/disclosure', async (c) => {
    c.header('Vary', 'HX-Request');
    const { values, files } = await readSubmission(c);
    if (isHoneypotFilled(values)) return disclosureWithProblem(c, values, HONEYPOT_MESSAGE, 422);
    const result = validateDisclosure(values, deps.clock.now());
    const attachments = await checkAttachments(files);
    if (!result.ok || !attachments.ok) {
      const errors = refusals(result, attachments);
      if (isHtmx(c)) return c.html(<DisclosureForm values={values} errors={errors} />, 422);
      return page(c, '政府信息公开申请（请修改后提交）', <DisclosurePage values={values} errors={errors} />, 422);
    }
    const submitted = await whenStored(c, () => submitDisclosure(deps, result.data, attachments.files, submissionLimit(c, deps)));
    if (!submitted) return disclosureWithProblem(c, values, STORAGE_BUSY, 503);
    if ('waitSeconds' in submitted) {
      return disclosureWithProblem(c, values, submissionLimitMessage(deps.config.submissionRateLimit, submitted.waitSeconds), 429);
    }
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

  // A full disk or a locked database rolls the whole write back (no case, no reference used):
  // undefined tells the route to give the citizen the form back with everything typed.
  /** The stored submission; over the cap, the seconds to wait; undefined when storage failed for now. */
  async function whenStored<T>(c: Context, write: () => Promise<T>): Promise<T | SubmissionRateLimitedError | undefined> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof SubmissionRateLimitedError) {
        c.header('Retry-After', String(error.waitSeconds));
        return error;
      }
      if (!isTemporaryStorageError(error)) throw error;
      deps.logger.error({ err: error, path: c.req.path }, 'submission not stored');
      c.header('Retry-After', '30');
      return undefined;
    }
  }

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

/** Every message at once, the file field's beside the others: the citizen corrects everything in one go. */
function refusals(result: { ok: true } | { ok: false; errors: FieldErrors }, attachments: CheckedAttachments): FieldErrors {
  return { ...(result.ok ? {} : result.errors), ...(attachments.ok ? {} : { [ATTACHMENTS_FIELD]: attachments.error }) };
}
