// Signing in and out over real HTTP: the cookie's attributes, rotation at
// sign-in, the same answer and time for unknown users, logout scopes,
// password change, disabled users, and sessions that outlive the process.
import { afterEach, describe, expect, it } from 'vitest';
import { updateUser } from '../../server/auth/users.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  clientFetch,
  createAccount,
  postJsonFrom,
  sessionCookieOf,
  signIn,
} from '../helpers/auth.js';

let app: TestApp;
afterEach(async () => app?.close());

const login = (a: TestApp, username: string, password: string, cookie?: string) =>
  clientFetch(a.url, cookie)('/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and answers the user without secrets', async () => {
    app = await startTestApp();
    const account = await createAccount(app, 'user', { username: 'Mia' });
    const res = await login(app, 'mia', account.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(
      /hearth_session=[\w-]{43}; path=\/; expires=.*; samesite=lax; httponly/i,
    );
    expect(setCookie).not.toMatch(/secure/i);
    const body = (await res.json()) as { user: Record<string, unknown> };
    expect(body.user).toMatchObject({ username: 'Mia', role: 'user', disabled: false });
    expect(JSON.stringify(body)).not.toMatch(/hash|scrypt|app_password/);

    // The cookie opens /api/auth/me; nothing else does.
    const me = await clientFetch(app.url, sessionCookieOf(res) ?? '')('/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: number } }).user.id).toBe(account.user.id);
    const anonymous = await fetch(`${app.url}/api/auth/me`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: 'unauthorized',
      message: 'authentication required',
    });
  });

  it('rotates the session id at each sign-in and ends the one presented', async () => {
    app = await startTestApp();
    const first = await signIn(app, 'user');
    const again = await login(app, first.username, first.password, first.cookie);
    const second = sessionCookieOf(again);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first.cookie);
    expect((await first.fetch('/api/auth/me')).status).toBe(401);
    expect((await clientFetch(app.url, second ?? '')('/api/auth/me')).status).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password, in the same time', async () => {
    app = await startTestApp();
    const account = await createAccount(app, 'user', { username: 'known' });
    const timed = async (username: string, i: number) => {
      const started = performance.now();
      const res = await postJsonFrom(
        app.url,
        '/api/auth/login',
        { username, password: 'not-the-password' },
        { localAddress: `127.0.0.${10 + i}` },
      );
      return { ms: performance.now() - started, status: res.status, body: res.body };
    };
    const known = [];
    const unknown = [];
    for (let i = 0; i < 6; i += 1) {
      known.push(await timed(account.username, i));
      unknown.push(await timed('nobody-here', i + 6));
    }
    for (const r of [...known, ...unknown]) {
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toEqual({
        error: 'invalid_credentials',
        message: 'wrong username or password',
      });
    }
    const median = (rs: Array<{ ms: number }>) =>
      rs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(rs.length / 2)] ?? 0;
    const ratio = median(known) / median(unknown);
    expect(ratio).toBeGreaterThan(0.67);
    expect(ratio).toBeLessThan(1.5);
  });

  it('logs out this session, the others, or all of them', async () => {
    app = await startTestApp();
    const a = await signIn(app, 'user');
    const b = await signIn(app, a);
    const c = await signIn(app, a);

    const others = await a.fetch('/api/auth/logout', {
      method: 'POST',
      body: JSON.stringify({ scope: 'others' }),
    });
    expect(others.status).toBe(204);
    expect((await a.fetch('/api/auth/me')).status).toBe(200);
    expect((await b.fetch('/api/auth/me')).status).toBe(401);
    expect((await c.fetch('/api/auth/me')).status).toBe(401);

    const self = await a.fetch('/api/auth/logout', { method: 'POST' });
    expect(self.status).toBe(204);
    expect(self.headers.getSetCookie().join()).toMatch(/hearth_session=;/);
    expect((await a.fetch('/api/auth/me')).status).toBe(401);
  });

  it('changes the password, ending other sessions and rotating this one', async () => {
    app = await startTestApp();
    const a = await signIn(app, 'user');
    const b = await signIn(app, a);
    const wrong = await a.fetch('/api/auth/password', {
      method: 'PUT',
      body: JSON.stringify({ currentPassword: 'nope', newPassword: 'new-password-1' }),
    });
    expect(wrong.status).toBe(401);
    const res = await a.fetch('/api/auth/password', {
      method: 'PUT',
      body: JSON.stringify({
        currentPassword: a.password,
        newPassword: 'new-password-1',
      }),
    });
    expect(res.status).toBe(204);
    const rotated = sessionCookieOf(res);
    expect(rotated).toBeTruthy();
    expect((await a.fetch('/api/auth/me')).status).toBe(401);
    expect((await b.fetch('/api/auth/me')).status).toBe(401);
    expect((await clientFetch(app.url, rotated ?? '')('/api/auth/me')).status).toBe(200);
    expect((await login(app, a.username, a.password)).status).toBe(401);
    expect((await login(app, a.username, 'new-password-1')).status).toBe(200);
  });

  it('refuses a disabled user with the same answer and ends their sessions', async () => {
    app = await startTestApp();
    await createAccount(app, 'admin');
    const u = await signIn(app, 'user');
    updateUser(app.db, u.user.id, { disabled: true });
    expect((await u.fetch('/api/auth/me')).status).toBe(401);
    const res = await login(app, u.username, u.password);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: 'invalid_credentials',
      message: 'wrong username or password',
    });
  });

  it('keeps a session valid across a restart on the same data folder', async () => {
    const first = await startTestApp();
    const u = await signIn(first, 'user');
    await first.close();
    app = await startTestApp({ dataDir: first.dataDir });
    const me = await clientFetch(app.url, u.cookie)('/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: number } }).user.id).toBe(u.user.id);
  });
});
