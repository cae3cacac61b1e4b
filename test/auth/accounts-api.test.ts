// What admins do with users, and what each user does with their Subsonic
// credentials, through the real HTTP API.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateSubsonic } from '../../server/auth/subsonic.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';

let app: TestApp;
let admin: SignedIn;
let libraries: number[];
beforeAll(async () => {
  app = await startTestApp();
  admin = await signIn(app, 'admin');
  const insert = app.db.prepare('INSERT INTO library (path) VALUES (?)');
  libraries = ['/srv/music/kids', '/srv/music/parents'].map((p) =>
    Number(insert.run(p).lastInsertRowid),
  );
});
afterAll(async () => app.close());

const json = (body: unknown, method = 'POST') => ({ method, body: JSON.stringify(body) });

describe('user administration', () => {
  it('creates a user who sees chosen folders, edits, disables and deletes them', async () => {
    const created = await admin.fetch(
      '/api/users',
      json({ username: 'kid', password: 'kid-password', libraries: [libraries[0]] }),
    );
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as {
      user: Record<string, unknown> & { id: number };
    };
    expect(user).toMatchObject({
      username: 'kid',
      role: 'user',
      allLibraries: false,
      libraryIds: [libraries[0]],
    });

    // The new user signs in; an admin disabling them ends that session.
    const kid = await signIn(app, {
      user: user as never,
      username: 'kid',
      password: 'kid-password',
    });
    expect((await kid.fetch('/api/users')).status).toBe(403);
    const disabled = await admin.fetch(
      `/api/users/${user.id}`,
      json({ disabled: true }, 'PATCH'),
    );
    expect(disabled.status).toBe(200);
    expect((await kid.fetch('/api/auth/me')).status).toBe(401);

    // Re-enable with every folder, reset the password, then delete.
    const edited = await admin.fetch(
      `/api/users/${user.id}`,
      json({ disabled: false, libraries: 'all', role: 'admin' }, 'PATCH'),
    );
    expect(await edited.json()).toMatchObject({
      user: { disabled: false, allLibraries: true, libraryIds: [], role: 'admin' },
    });
    const again = await signIn(app, {
      user: user as never,
      username: 'kid',
      password: 'kid-password',
    });
    const reset = await admin.fetch(
      `/api/users/${user.id}/password`,
      json({ password: 'reset-pass-1' }, 'PUT'),
    );
    expect(reset.status).toBe(204);
    expect((await again.fetch('/api/auth/me')).status).toBe(401);
    expect(
      (await admin.fetch(`/api/users/${user.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await admin.fetch(`/api/users/${user.id}`)).status).toBe(404);
  });

  it.each([
    [{ username: 'bad name', password: 'long-enough' }, 400, 'invalid_input'],
    [{ username: 'ok', password: 'short' }, 400, 'invalid_input'],
    [
      { username: 'ok2', password: 'long-enough', libraries: [99999] },
      400,
      'invalid_input',
    ],
    [{ username: 'ok3', password: 'long-enough', role: 'root' }, 400, 'invalid_input'],
  ])('refuses %j', async (body, status, error) => {
    const res = await admin.fetch('/api/users', json(body));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toBe(error);
  });

  it('refuses a taken username without regard to case, and losing the last admin', async () => {
    const taken = await admin.fetch(
      '/api/users',
      json({ username: admin.username.toUpperCase(), password: 'long-enough' }),
    );
    expect(taken.status).toBe(409);
    const demote = await admin.fetch(
      `/api/users/${admin.user.id}`,
      json({ role: 'user' }, 'PATCH'),
    );
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { error: string }).error).toBe('last_admin');
    const remove = await admin.fetch(`/api/users/${admin.user.id}`, { method: 'DELETE' });
    expect(remove.status).toBe(409);
  });
});

describe('Subsonic credentials', () => {
  it('shows a generated app password once, keeps it sealed, and accepts its token', async () => {
    const u = await signIn(app, 'user');
    expect(await (await u.fetch('/api/auth/app-password')).json()).toEqual({
      set: false,
    });
    const res = await u.fetch('/api/auth/app-password', { method: 'POST' });
    expect(res.status).toBe(201);
    const { appPassword } = (await res.json()) as { appPassword: string };
    expect(appPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await (await u.fetch('/api/auth/app-password')).json()).toEqual({ set: true });

    // At rest it is sealed, not readable.
    const row = app.db
      .prepare('SELECT app_password FROM user WHERE id = ?')
      .get(u.user.id);
    expect(JSON.stringify(row)).not.toContain(appPassword);

    const salt = 'c19b2d';
    const t = createHash('md5')
      .update(appPassword + salt)
      .digest('hex');
    const ok = authenticateSubsonic(app, { u: u.username, t, s: salt }, '10.1.1.1');
    expect(ok).toMatchObject({ ok: true, via: 'token', user: { id: u.user.id } });

    // Removing it stops token sign-in.
    expect((await u.fetch('/api/auth/app-password', { method: 'DELETE' })).status).toBe(
      204,
    );
    const after = authenticateSubsonic(app, { u: u.username, t, s: salt }, '10.1.1.1');
    expect(after).toMatchObject({ ok: false, code: 40 });
  });

  it('creates an API key shown once, lists it by hint, and revokes it', async () => {
    const u = await signIn(app, 'user');
    const other = await signIn(app, 'user');
    const res = await u.fetch('/api/auth/api-keys', json({ name: 'Phone' }));
    expect(res.status).toBe(201);
    const { apiKey } = (await res.json()) as {
      apiKey: { id: number; key: string; hint: string; name: string };
    };
    expect(apiKey.key).toMatch(/^hearth_[\w-]{43}$/);
    expect(apiKey.hint).toBe(apiKey.key.slice(-4));

    const list = await (await u.fetch('/api/auth/api-keys')).text();
    expect(list).toContain('Phone');
    expect(list).not.toContain(apiKey.key);
    expect(JSON.stringify(app.db.prepare('SELECT * FROM api_key').all())).not.toContain(
      apiKey.key,
    );
    expect(authenticateSubsonic(app, { apiKey: apiKey.key }, '10.1.1.2')).toMatchObject({
      ok: true,
      via: 'apiKey',
      user: { id: u.user.id },
    });

    // Another user cannot revoke it; its owner can.
    expect(
      (await other.fetch(`/api/auth/api-keys/${apiKey.id}`, { method: 'DELETE' })).status,
    ).toBe(404);
    expect(
      (await u.fetch(`/api/auth/api-keys/${apiKey.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect(authenticateSubsonic(app, { apiKey: apiKey.key }, '10.1.1.2')).toMatchObject({
      ok: false,
      code: 44,
    });
  });
});
