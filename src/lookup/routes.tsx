import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { sendAttachment } from '../attachments/routes.tsx';
import { attachmentForApplicant } from '../attachments/service.ts';
import { normalizeQueryCode } from '../cases/query-code.ts';
import { rateReply } from '../cases/service.ts';
import { ValidationError } from '../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { clientIp } from '../http/client-ip.ts';
import { isHtmx, readForm } from '../http/form.ts';
import { rateLimitWait } from '../http/rate-limit.ts';
import { renderPage } from '../http/render.tsx';
import { CaseStatus, LookupForm, LookupPage, type CaseStatusProps, type LookupFormProps, type RatingFormState } from '../../views/citizen/lookup.tsx';
import { citizenView, findCaseForApplicant, lookupCase } from './service.ts';

const ACCESS_COOKIE = 'case_access';

export function lookupRoutes(deps: AppDeps) {
  const app = new Hono();
  const district = deps.config.districtName;

  app.get('/lookup', (c) => renderPage(c, { districtName: district, title: '查询办理进度' }, <LookupPage values={{}} errors={{}} />));

  // The answer is rendered from the POST (no redirect): the query code must not end up in a URL.
  app.post('/lookup', async (c) => {
    c.header('Vary', 'HX-Request');
    c.header('Cache-Control', 'no-store');
    const values = await readForm(c);
    const reference = (values.reference ?? '').trim();
    const code = (values.code ?? '').trim();
    const errors: Record<string, string> = {};
    if (!reference) errors.reference = '请填写编号';
    if (!code) errors.code = '请填写查询码';
    if (Object.keys(errors).length) return form(c, { values: { reference }, errors }, 422);
    // Every lookup counts here, right or wrong; failures alone also slow down in lookupCase.
    const wait = await rateLimitWait(c, deps, 'lookup');
    if (wait > 0) return form(c, { values: { reference }, errors: {}, retryAfterSeconds: wait }, 429);

    const result = await lookupCase(deps.db, clientIp(c, deps.config.trustProxy), reference, code, deps.clock.now(), district);
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return form(c, { values: { reference }, errors: {}, retryAfterSeconds: result.retryAfterSeconds }, 429);
    }
    if (result.kind === 'not_found') return form(c, { values: { reference }, errors: {}, notFound: true }, 404);
    // Lets the applicant come back (after rating, or a refresh) for half an hour without retyping the code.
    setCookie(c, ACCESS_COOKIE, `${result.view.reference}:${normalizeQueryCode(code)}`, {
      path: '/lookup',
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.config.publicUrl.startsWith('https:'),
      maxAge: 1800,
    });
    const view = <CaseStatus {...result.view} />;
    if (isHtmx(c)) return c.html(view);
    return statusPage(c, result.view);
  });

  app.get('/lookup/case', async (c) => {
    c.header('Cache-Control', 'no-store');
    const found = await caseFromCookie(c);
    if (!found) return c.redirect('/lookup', 303);
    return statusPage(c, await citizenView(deps.db, found, district));
  });

  // The applicant's own files, and the reply's once approved; the access cookie proves the query code.
  app.get('/lookup/attachments/:attachmentId{[0-9]+}', async (c) => {
    const found = await caseFromCookie(c);
    if (!found) return c.redirect('/lookup', 303);
    return sendAttachment(c, await attachmentForApplicant(deps, found, Number(c.req.param('attachmentId'))));
  });

  app.post('/lookup/rate', async (c) => {
    c.header('Cache-Control', 'no-store');
    const found = await caseFromCookie(c);
    if (!found) return c.redirect('/lookup', 303);
    const values = await readForm(c);
    try {
      await rateReply(deps, found.id, { rating: values.rating ?? '', comment: values.comment });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const view = await citizenView(deps.db, found, district);
      return statusPage(c, view, { values, errors: error.fields }, 422);
    }
    return c.redirect('/lookup/case', 303);
  });

  async function caseFromCookie(c: Context) {
    const [reference, code] = (getCookie(c, ACCESS_COOKIE) ?? '').split(':');
    return reference && code ? findCaseForApplicant(deps.db, reference, code) : null;
  }

  function statusPage(c: Context, view: CaseStatusProps, ratingForm?: RatingFormState, status: 200 | 422 = 200) {
    return renderPage(
      c,
      { districtName: district, title: `办理进度 ${view.reference}`, status },
      <>
        <h1>查询办理进度</h1>
        <CaseStatus {...view} ratingForm={ratingForm} />
      </>,
    );
  }

  function form(c: Context, props: LookupFormProps, status: 404 | 422 | 429) {
    if (isHtmx(c)) return c.html(<LookupForm {...props} />, status);
    return renderPage(c, { districtName: district, title: '查询办理进度', status }, <LookupPage {...props} />);
  }

  return app;
}
