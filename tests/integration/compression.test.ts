// Pages are gzipped whole with their length (compress-pages.ts); everything else keeps hono's compress().
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressPages } from '../../src/http/compress-pages.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.destroy());

describe('the portal’s pages', () => {
  it('are sent gzipped with their length, and unzip to the page a client without gzip gets', async () => {
    for (const path of ['/', '/letters/mayor', '/no-such-page']) {
      const zipped = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(zipped.headers.get('content-encoding'), path).toBe('gzip');
      expect(zipped.headers.get('vary'), path).toMatch(/accept-encoding/i);
      const bytes = Buffer.from(await zipped.arrayBuffer());
      expect(zipped.headers.get('content-length'), path).toBe(String(bytes.byteLength));
      const page = gunzipSync(bytes).toString('utf8');

      const plain = await t.app.request(path, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.status, path).toBe(zipped.status);
      expect(plain.headers.get('content-encoding'), path).toBeNull();
      expect(plain.headers.get('vary'), path).toMatch(/accept-encoding/i);
      const plainPage = await plain.text();
      expect(plainPage, path).toContain('<html lang="zh-CN"');
      // The same page but for the one-time form token, which differs between any two renderings.
      const withoutToken = (html: string) => html.replace(/name="_token" value="[^"]*"/g, '');
      expect(withoutToken(page), path).toBe(withoutToken(plainPage));
    }
  });

  it('go to a client that takes only deflate through compress(), and a HEAD gets no body', async () => {
    const deflated = await t.app.request('/', { headers: { 'accept-encoding': 'deflate' } });
    expect(deflated.headers.get('content-encoding')).toBe('deflate');
    expect(gunzipSafe(Buffer.from(await deflated.arrayBuffer()))).toBeNull();

    const head = await t.app.request('/', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-encoding')).toBeNull();
  });
});

describe('compressPages on its own', () => {
  const app = new Hono();
  app.use(compress());
  app.use(compressPages());
  app.get('/small', (c) => c.html('<p>短</p>'));
  app.get('/big', (c) => {
    c.header('Set-Cookie', 'a=1; Path=/', { append: true });
    c.header('Set-Cookie', 'b=2; Path=/', { append: true });
    return c.html(`<p>${'长页面'.repeat(1000)}</p>`);
  });
  app.get('/raw', (c) => {
    c.header('Cache-Control', 'no-transform');
    return c.html(`<p>${'原样'.repeat(1000)}</p>`);
  });
  app.get('/json', (c) => c.json({ text: '数据'.repeat(1000) }));

  it('keeps every header of the page, cookies included', async () => {
    const res = await app.request('/big', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(`<p>${'长页面'.repeat(1000)}</p>`);
  });

  it('sends a page under 1 KB and a no-transform page as they are', async () => {
    const small = await app.request('/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.text()).toBe('<p>短</p>');

    const raw = await app.request('/raw', { headers: { 'accept-encoding': 'gzip' } });
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(await raw.text()).toBe(`<p>${'原样'.repeat(1000)}</p>`);
  });

  it('leaves other types to compress()', async () => {
    const res = await app.request('/json', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // compress() streams: no length is known in advance.
    expect(res.headers.get('content-length')).toBeNull();
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString())).toEqual({ text: '数据'.repeat(1000) });
  });
});

function gunzipSafe(bytes: Buffer): string | null {
  try {
    return gunzipSync(bytes).toString();
  } catch {
    return null;
  }
}
