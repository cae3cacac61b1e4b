// Walks the whole route table. For every route: without signing in, 401; as
// a plain user on an admin route, 403; as the right role, the route's real
// answer. Each route needs a sample request below: a route added without one
// fails the first test, so no route can escape an access decision. The
// Subsonic method table (/rest) is walked the same way, in its own terms:
// error 10/40 without credentials, 50 for a user on an admin method, and no
// credential error for the right role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guard } from '../../server/auth/guard.js';
import { createApiKey } from '../../server/auth/credentials.js';
import type { SubsonicMethod } from '../../server/subsonic/method.js';
import { subsonicMethods } from '../../server/subsonic/routes.js';
import { routeTable } from '../../server/http/app.js';
import type { RouteSpec } from '../../server/http/routes.js';
import {
  clientFetch,
  createAccount,
  rawRequest,
  signIn,
  type SignedIn,
} from '../helpers/auth.js';
import { startCorpusApp, type CorpusApp } from './corpus-app.js';

interface Sample {
  /** The concrete path (with query); default: the route's own path. */
  path?: string;
  body?: unknown;
  /** The body's Content-Type when it is text, not JSON. */
  type?: string;
  /** The status the right role gets. */
  status: number;
  /** Run as a freshly signed-in account (the request ends or changes it). */
  fresh?: boolean;
}

interface Context {
  app: CorpusApp;
  /** The account making the request (null for public routes). */
  as: SignedIn | null;
  /** A new plain user to edit or delete. */
  spareUser(): Promise<number>;
  /** A new playlist of the requesting account. */
  playlist(): Promise<number>;
}

type SampleOf = (c: Context) => Sample | Promise<Sample>;

const ok =
  (status = 200): SampleOf =>
  () => ({ status });
const at =
  (path: (c: Context) => string, status = 200): SampleOf =>
  (c) => ({
    path: path(c),
    status,
  });

/** One sample request per route, keyed "METHOD /path". */
const samples: Record<string, SampleOf> = {
  // System and first run.
  'GET /api/health': ok(),
  'GET /api/setup': ok(),
  'POST /api/setup': () => ({
    body: { username: 'late', password: 'long-enough' },
    status: 409,
  }),

  // Signing in and a user's own credentials.
  'POST /api/auth/login': (c) => ({
    body: { username: c.app.admin.username, password: c.app.admin.password },
    status: 200,
  }),
  'POST /api/auth/logout': () => ({ status: 204, fresh: true }),
  'GET /api/auth/me': ok(),
  'GET /api/auth/sessions': ok(),
  'PUT /api/auth/password': (c) => ({
    body: { currentPassword: c.as?.password, newPassword: 'another-password' },
    status: 204,
    fresh: true,
  }),
  'GET /api/auth/app-password': ok(),
  'POST /api/auth/app-password': ok(201),
  'DELETE /api/auth/app-password': ok(204),
  'GET /api/auth/api-keys': ok(),
  'POST /api/auth/api-keys': () => ({ body: { name: 'walk' }, status: 201 }),
  'DELETE /api/auth/api-keys/:id': async (c) => {
    const res = await c.as!.fetch('/api/auth/api-keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'to revoke' }),
    });
    const { apiKey } = (await res.json()) as { apiKey: { id: number } };
    return { path: `/api/auth/api-keys/${apiKey.id}`, status: 204 };
  },

  // User administration.
  'GET /api/users': ok(),
  'POST /api/users': () => ({
    body: { username: `walk-${Date.now()}`, password: 'long-enough' },
    status: 201,
  }),
  'GET /api/users/:id': async (c) => ({
    path: `/api/users/${await c.spareUser()}`,
    status: 200,
  }),
  'PATCH /api/users/:id': async (c) => ({
    path: `/api/users/${await c.spareUser()}`,
    body: { displayName: 'Edited' },
    status: 200,
  }),
  'PUT /api/users/:id/password': async (c) => ({
    path: `/api/users/${await c.spareUser()}/password`,
    body: { password: 'reset-password' },
    status: 204,
  }),
  'DELETE /api/users/:id': async (c) => ({
    path: `/api/users/${await c.spareUser()}`,
    status: 204,
  }),

  // The library.
  'GET /api/library/stats': ok(),
  'GET /api/scan': ok(),
  'POST /api/scan': ok(202),
  'GET /api/genres': ok(),
  'GET /api/artists': ok(),
  'GET /api/artists/:id': at((c) => `/api/artists/${c.app.ids.artist}`),
  'GET /api/albums': ok(),
  'GET /api/albums/:id': at((c) => `/api/albums/${c.app.ids.album}`),
  'GET /api/albums/:id/cover': at((c) => `/api/albums/${c.app.ids.coverAlbum}/cover`),
  'GET /api/tracks/:id/cover': at((c) => `/api/tracks/${c.app.ids.coverTrack}/cover`),
  'GET /api/tracks/:id': at((c) => `/api/tracks/${c.app.ids.track}`),
  'GET /api/tracks/:id/stream': at((c) => `/api/tracks/${c.app.ids.track}/stream`),
  'GET /api/folders': ok(),
  'GET /api/folders/:id': at((c) => `/api/folders/${c.app.ids.folder}`),
  'GET /api/search': at(() => '/api/search?q=beth'),

  // The player's lists, annotations, playlists and saved queue.
  'GET /api/tracks': ok(),
  'GET /api/tracks/:id/lyrics': at((c) => `/api/tracks/${c.app.ids.track}/lyrics`),
  'GET /api/history/albums': ok(),
  'GET /api/history/tracks': ok(),
  'GET /api/starred': ok(),
  'GET /api/annotations': at((c) => `/api/annotations?kind=track&ids=${c.app.ids.track}`),
  'PUT /api/annotations/star': (c) => ({
    body: { items: [{ kind: 'track', id: c.app.ids.track }], starred: true },
    status: 204,
  }),
  'PUT /api/annotations/rating': (c) => ({
    body: { kind: 'album', id: c.app.ids.album, rating: 4 },
    status: 204,
  }),
  'POST /api/plays': (c) => ({ body: { trackId: c.app.ids.track }, status: 204 }),
  'POST /api/now-playing': (c) => ({ body: { trackId: c.app.ids.track }, status: 204 }),
  'GET /api/playlists': ok(),
  'POST /api/playlists': (c) => ({
    body: { name: 'walk', trackIds: [c.app.ids.track] },
    status: 201,
  }),
  // An M3U with only its header makes an (empty) playlist.
  'POST /api/playlists/import': () => ({
    body: '#EXTM3U\n',
    type: 'audio/x-mpegurl',
    status: 201,
  }),
  'GET /api/playlists/:id': async (c) => ({
    path: `/api/playlists/${await c.playlist()}`,
    status: 200,
  }),
  'PATCH /api/playlists/:id': async (c) => ({
    path: `/api/playlists/${await c.playlist()}`,
    body: { name: 'renamed' },
    status: 200,
  }),
  'DELETE /api/playlists/:id': async (c) => ({
    path: `/api/playlists/${await c.playlist()}`,
    status: 204,
  }),
  'GET /api/playlists/:id/m3u': async (c) => ({
    path: `/api/playlists/${await c.playlist()}/m3u`,
    status: 200,
  }),
  'GET /api/queue': ok(),
  // Scrobbling links; the test app has no Last.fm key, and a token that fails
  // the schema never reaches ListenBrainz.
  'GET /api/me/scrobbling': ok(),
  'POST /api/me/scrobbling/lastfm': ok(409),
  'GET /api/me/scrobbling/lastfm/callback': at(
    () => '/api/me/scrobbling/lastfm/callback?token=abc123',
    409,
  ),
  'PUT /api/me/scrobbling/listenbrainz': () => ({ body: { token: '' }, status: 400 }),
  'DELETE /api/me/scrobbling/:service': at(() => '/api/me/scrobbling/lastfm', 404),
  'PUT /api/queue': (c) => ({
    body: { trackIds: [c.app.ids.track], currentIndex: 0 },
    status: 204,
  }),

  // The settings window's API.
  'GET /api/admin/settings': ok(),
  'PUT /api/admin/settings': () => ({ body: {}, status: 200 }),
  'GET /api/admin/capacity': ok(),
  'GET /api/admin/lan': ok(),

  // The admin control API in one process: nothing to resize or restart (409).
  'GET /api/admin/metrics': ok(),
  'GET /api/admin/metrics/stream': ok(),
  'PUT /api/admin/workers': () => ({ body: { workers: 2 }, status: 409 }),
  'POST /api/admin/workers/restart': ok(409),
  'GET /api/admin/jobs': ok(),
  // The test app runs no scheduler, so no job exists by that name.
  'POST /api/admin/jobs/:name/run': at(() => '/api/admin/jobs/scan/run', 404),
  'POST /api/admin/jobs/:name/cancel': at(() => '/api/admin/jobs/scan/cancel', 404),
};

/** Routes anyone may call. Adding one here is a security decision. */
const publicRoutes = [
  'GET /api/health',
  'GET /api/setup',
  'POST /api/setup',
  'POST /api/auth/login',
  'GET /rest/getOpenSubsonicExtensions',
  'GET /rest/getOpenSubsonicExtensions.view',
  'POST /rest/getOpenSubsonicExtensions',
  'POST /rest/getOpenSubsonicExtensions.view',
];

const keyOf = (spec: RouteSpec) => `${spec.method} ${spec.path}`;
/** The route's path with any parameter filled (the guard answers before parsing). */
const anyPath = (spec: RouteSpec) => spec.path.replace(/:\w+/g, 'x1');

let app: CorpusApp;
let user: SignedIn;
beforeAll(async () => {
  app = await startCorpusApp();
  user = await signIn(app, 'user');
});
afterAll(async () => app.close());

/** Creates a playlist as `as`; returns its id. */
async function newPlaylist(as: SignedIn | null): Promise<number> {
  const res = await as!.fetch('/api/playlists', {
    method: 'POST',
    body: JSON.stringify({ name: 'sample' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

/**
 * Sends a request and returns its status (bodies are drained, streams cut).
 * The body goes as JSON, or as it is when `type` is given.
 */
async function send(
  as: SignedIn | null,
  method: string,
  path: string,
  body?: unknown,
  type?: string,
): Promise<{ status: number; text: string }> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = type ? String(body) : JSON.stringify(body);
  if (type) init.headers = { 'Content-Type': type };
  const res = await (as ? as.fetch(path, init) : clientFetch(app.url)(path, init));
  const streaming = res.headers.get('content-type')?.startsWith('text/event-stream');
  const text = streaming ? (await res.body?.cancel(), '') : await res.text();
  return { status: res.status, text };
}

describe('the route table', () => {
  it('has a sample request for every route, and no stale samples', () => {
    const keys = routeTable().map(keyOf);
    const missing = keys.filter((key) => !(key in samples));
    expect(missing, 'add a sample request for each new route').toEqual([]);
    expect(Object.keys(samples).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('opens only the allowed routes to anonymous callers', () => {
    const open = routeTable().filter((spec) => spec.access === 'public');
    expect(open.map(keyOf).filter((key) => !publicRoutes.includes(key))).toEqual([]);
  });

  it('refuses to mount a route without an access decision', () => {
    const bad = { ...routeTable()[0]!, access: undefined } as unknown as RouteSpec;
    expect(() => guard(bad, app)).toThrow(/no access decision/);
  });

  it('answers 401 to anonymous callers on every non-public route', async () => {
    for (const spec of routeTable().filter((s) => s.access !== 'public')) {
      const res = await rawRequest(app.url + anyPath(spec), { method: spec.method });
      expect(res.status, keyOf(spec)).toBe(401);
      expect(JSON.parse(res.body), keyOf(spec)).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('answers 403 to a plain user on every admin route', async () => {
    for (const spec of routeTable().filter((s) => s.access === 'admin')) {
      const body = spec.method === 'GET' ? undefined : {};
      const res = await send(user, spec.method, anyPath(spec), body);
      expect(res.status, keyOf(spec)).toBe(403);
      expect(JSON.parse(res.text), keyOf(spec)).toMatchObject({ error: 'forbidden' });
    }
  });

  it('gives the right role the real answer on every route', async () => {
    let spare = 0;
    for (const spec of routeTable()) {
      const role = spec.access === 'public' ? null : spec.access;
      const base = role === 'admin' ? app.admin : role === 'user' ? user : null;
      const context: Context = {
        app,
        as: base,
        spareUser: async () =>
          (await createAccount(app, 'user', { username: `spare${++spare}` })).user.id,
        playlist: () => newPlaylist(base),
      };
      const first = await samples[keyOf(spec)]!(context);
      const as = first.fresh && role ? await signIn(app, role) : base;
      const sample =
        as === base ? first : await samples[keyOf(spec)]!({ ...context, as });
      const path = sample.path ?? spec.path;
      const res = await send(as, spec.method, path, sample.body, sample.type);
      expect(res.status, `${keyOf(spec)}: ${res.text.slice(0, 200)}`).toBe(sample.status);
    }
  });
});

type BuiltMethod = Extract<SubsonicMethod, { access: string }>;
const built = () =>
  subsonicMethods.filter(
    (m): m is BuiltMethod => 'access' in m && m.access !== undefined,
  );

/** Calls a /rest method; answers the Subsonic status and error code. */
async function rest(name: string, credentials: string, localAddress?: string) {
  const url = `${app.url}/rest/${name}?v=1.16.1&c=walk&f=json${credentials}`;
  const res = await rawRequest(url, { localAddress });
  const body = JSON.parse(res.body)['subsonic-response'] as {
    status: string;
    error?: { code: number; message: string };
  };
  return { status: body.status, code: body.error?.code, message: body.error?.message };
}

/** Codes that mean the credentials or the role were refused. */
const credentialCodes = [40, 41, 42, 43, 44, 50];

describe('the Subsonic method table', () => {
  let userKey = '';
  let adminKey = '';
  beforeAll(() => {
    userKey = `&apiKey=${createApiKey(app.db, user.user.id, 'walk').key}`;
    adminKey = `&apiKey=${createApiKey(app.db, app.admin.user.id, 'walk').key}`;
  });

  it('opens only getOpenSubsonicExtensions to anonymous callers', () => {
    const open = built()
      .filter((m) => m.access === 'public')
      .map((m) => m.name);
    expect(open).toEqual(['getOpenSubsonicExtensions']);
  });

  it('refuses callers without or with wrong credentials on every other method', async () => {
    for (const m of built().filter((x) => x.access !== 'public')) {
      expect(await rest(m.name, ''), m.name).toMatchObject({
        status: 'failed',
        code: 10,
      });
      // Wrong keys from their own address, whose throttle soon answers 40
      // ("too many attempts") instead of 44: a refusal either way.
      const wrong = await rest(m.name, '&apiKey=hearth_wrong', '127.0.0.7');
      expect(wrong.status, m.name).toBe('failed');
      expect([40, 44], m.name).toContain(wrong.code);
    }
  });

  it('refuses a plain user on every admin method with code 50', async () => {
    for (const m of built().filter((x) => x.access === 'admin')) {
      expect(await rest(m.name, userKey), m.name).toMatchObject({ code: 50 });
    }
  });

  it('lets the right role through on every method', async () => {
    for (const m of built()) {
      const key = m.access === 'admin' ? adminKey : m.access === 'user' ? userKey : '';
      const answer = await rest(m.name, key);
      expect(credentialCodes, `${m.name}: ${answer.message}`).not.toContain(answer.code);
      if (answer.code === 10)
        expect(answer.message, m.name).not.toMatch(/\b(u|t|s|apiKey)\b/);
    }
  });
});
