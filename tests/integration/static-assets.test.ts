// What a citizen's browser downloads besides the page: the stylesheet and htmx, compressed, cached for a
// day and then revalidated with a body-less 304.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.destroy());

it('serves the assets of the pages gzipped, cacheable, and answers a revalidation with 304', async () => {
  for (const path of ['/static/css/portal.css', '/static/htmx.min.js']) {
    const first = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(first.status, path).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(first.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=604800');
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"[0-9a-f]+"$/);
    await first.arrayBuffer();

    const again = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, br', 'if-none-match': tag! } });
    expect(again.status, path).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=604800');
    expect((await again.arrayBuffer()).byteLength).toBe(0);

    // Another version of the file (a stale tag) is sent whole.
    const stale = await t.app.request(path, { headers: { 'if-none-match': 'W/"0000"' } });
    expect(stale.status).toBe(200);
  }
});

it('compresses the citizen pages themselves', async () => {
  for (const path of ['/', '/letters/mayor']) {
    const res = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
  }
});
