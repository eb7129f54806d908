import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Layout } from '../../views/layout.tsx';

export interface PageOptions {
  districtName: string;
  title: string;
  status?: ContentfulStatusCode;
}

export function renderPage(c: Context, opts: PageOptions, body: Child) {
  return c.html(
    <Layout title={opts.title} districtName={opts.districtName} staff={c.get('staff') ?? null}>
      {body}
    </Layout>,
    opts.status ?? 200,
  );
}
