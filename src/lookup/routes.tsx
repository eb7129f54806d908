import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { clientIp } from '../http/client-ip.ts';
import { isHtmx, readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { CaseStatus, LookupForm, LookupPage, type LookupFormProps } from '../../views/citizen/lookup.tsx';
import { lookupCase } from './service.ts';

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

    const result = await lookupCase(deps.db, clientIp(c, deps.config.trustProxy), reference, code, deps.clock.now());
    if (result.kind === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return form(c, { values: { reference }, errors: {}, retryAfterSeconds: result.retryAfterSeconds }, 429);
    }
    if (result.kind === 'not_found') return form(c, { values: { reference }, errors: {}, notFound: true }, 404);
    const view = <CaseStatus {...result.view} />;
    if (isHtmx(c)) return c.html(view);
    return renderPage(c, { districtName: district, title: `办理进度 ${result.view.reference}` }, <><h1>查询办理进度</h1>{view}</>);
  });

  function form(c: Context, props: LookupFormProps, status: 404 | 422 | 429) {
    if (isHtmx(c)) return c.html(<LookupForm {...props} />, status);
    return renderPage(c, { districtName: district, title: '查询办理进度', status }, <LookupPage {...props} />);
  }

  return app;
}
