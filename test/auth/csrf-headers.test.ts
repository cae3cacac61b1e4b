// Cross-site request defences for cookie sessions, and the security headers
// on pages and API answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, rawRequest, signIn, type SignedIn } from '../helpers/auth.js';

let app: TestApp;
let user: SignedIn;
beforeAll(async () => {
  app = await startTestApp();
  user = await signIn(app, 'user');
});
afterAll(async () => app.close());

/** A state change with the session cookie and the given extra headers. */
const createKey = (headers: Record<string, string>) =>
  rawRequest(`${app.url}/api/auth/api-keys`, {
    method: 'POST',
    headers: { Cookie: user.cookie, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'csrf probe' }),
  });

describe('cross-site requests', () => {
  const port = () => new URL(app.url).port;

  it.each([
    ['another site', { Origin: 'http://evil.example' }],
    ['another port on this host', { Origin: `http://127.0.0.1:1` }],
    ['an opaque origin', { Origin: 'null' }],
    ['no Origin and no Referer', {}],
    ['a foreign Referer only', { Referer: 'http://evil.example/page' }],
  ])('refuses a cookie state change from %s', async (_name, headers) => {
    const res = await createKey(headers);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      error: 'cross_site_refused',
      message: 'cross-site request refused',
    });
  });

  it('accepts the same origin, by Origin or by Referer', async () => {
    expect((await createKey({ Origin: app.url })).status).toBe(201);
    const referer = await createKey({ Referer: `http://127.0.0.1:${port()}/#/settings` });
    expect(referer.status).toBe(201);
    // Nothing was created by the refused requests.
    const list = await user.fetch('/api/auth/api-keys');
    expect(((await list.json()) as { apiKeys: unknown[] }).apiKeys).toHaveLength(2);
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const victim = await createAccount(app, 'user');
    const res = await rawRequest(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: victim.username, password: victim.password }),
    });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('does not read a form-encoded body as JSON', async () => {
    const res = await createKey({
      Origin: app.url,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
  });
});

describe('security headers', () => {
  it('gives API answers a deny-all, sandboxed CSP and nosniff', async () => {
    for (const path of ['/api/health', '/api/auth/me', '/api/nope']) {
      const res = await rawRequest(app.url + path);
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'; sandbox",
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('gives pages a CSP allowing only their own scripts, and no framing', async () => {
    const res = await rawRequest(`${app.url}/`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });
});
