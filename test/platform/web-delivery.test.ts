import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

// How the server hands out the web app: a strict policy for the browser, the app shell for every screen's
// address, nothing inline. (The build is made by test/browser/build-web.ts before the run.)

const WEB_DIR = join('dist', 'web');

describe('the web app as served', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('answers every screen address with the app shell in Japanese', async () => {
    for (const path of ['/', '/report', '/review', '/dashboard', '/admin/users', '/audit', '/incidents/x']) {
      const page = await get(path);
      expect(page.statusCode, path).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toMatch(/<html lang="ja">/);
    }
  });

  it('sends a strict Content-Security-Policy and the secure headers', async () => {
    const page = await get('/');
    const csp = String(page.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('style-src')).toBe("style-src 'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('base-uri')).toBe("base-uri 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('ships no inline script or style, and every asset is a file of its own', () => {
    const html = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b|\sstyle=/);
    const assets = readdirSync(join(WEB_DIR, 'assets'));
    expect(assets.some((f) => f.endsWith('.js'))).toBe(true);
    for (const file of assets.filter((f) => f.endsWith('.js')))
      expect(readFileSync(join(WEB_DIR, 'assets', file), 'utf8'), file).not.toMatch(/data:text\/javascript/);
  });

  it('sends assets compressed to browsers that take it, cached for good; the shell is always asked again', async () => {
    const script = readdirSync(join(WEB_DIR, 'assets')).find((f) => /^index-.*\.js$/.test(f));
    expect(script).toBeDefined();
    const plain = readFileSync(join(WEB_DIR, 'assets', String(script)));
    const url = `/assets/${script}`;

    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).equals(plain)).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(plain.length / 2);

    const gz = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(plain)).toBe(true);

    const none = await t.app.inject({ method: 'GET', url });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.rawPayload.equals(plain)).toBe(true);

    for (const path of ['/', '/dashboard'])
      expect((await get(path)).headers['cache-control'], path).toBe('no-cache');
  });

  it('refuses API paths it does not know instead of answering with the app', async () => {
    const missing = await get('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
