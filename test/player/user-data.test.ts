// The player's user-data routes over real HTTP on the scanned fixture
// library: stars and ratings, plays and "now playing", the history lists,
// the all-tracks list, lyrics and the saved play queue. Each user sees only
// their own marks; anonymous calls get 401 and bad input names the field.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clientFetch, signIn } from '../helpers/auth.js';
import { json, send, startPlayerApp, type PlayerApp } from './player-app.js';

let app: PlayerApp;

beforeAll(async () => {
  app = await startPlayerApp();
});

afterAll(async () => {
  await app?.close();
});

interface Annotation {
  starredAt: number | null;
  rating: number;
  playCount: number;
  playedAt: number | null;
}
interface Page<T> {
  items: T[];
  total: number;
}
type Named = { id: string; name?: string; title?: string };

/** The album with this name, as alice sees it. */
async function albumNamed(name: string): Promise<Named> {
  const page = await json<Page<Named>>(await app.alice.fetch('/api/albums?limit=500'));
  const album = page.items.find((item) => item.name === name);
  if (!album) throw new Error(`no album ${name}`);
  return album;
}

const annotations = async (who: PlayerApp['alice'], kind: string, ids: string[]) =>
  (
    await json<{ annotations: Record<string, Annotation> }>(
      await who.fetch(`/api/annotations?kind=${kind}&ids=${ids.join(',')}`),
    )
  ).annotations;

describe('anonymous callers', () => {
  test.each([
    ['GET', '/api/tracks'],
    ['GET', '/api/history/albums'],
    ['GET', '/api/starred'],
    ['PUT', '/api/annotations/star'],
    ['POST', '/api/plays'],
    ['GET', '/api/queue'],
    ['PUT', '/api/queue'],
  ])('%s %s answers 401', async (method, path) => {
    const body = method === 'GET' ? undefined : '{}';
    const res = await clientFetch(app.url)(path, { method, body });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('unauthorized');
  });
});

describe('stars and ratings', () => {
  test('a star and a rating are the caller’s own', async () => {
    const { alice, bob, ids } = app;
    const album = await albumNamed('Northern Lights');
    const star = send('PUT', {
      starred: true,
      items: [
        { kind: 'track', id: ids.dawn },
        { kind: 'album', id: album.id },
      ],
    });
    expect((await alice.fetch('/api/annotations/star', star)).status).toBe(204);
    const rate = send('PUT', { kind: 'track', id: ids.dawn, rating: 4 });
    expect((await alice.fetch('/api/annotations/rating', rate)).status).toBe(204);

    const mine = await annotations(alice, 'track', [ids.dawn, ids.dusk]);
    expect(mine[ids.dawn]).toMatchObject({ rating: 4, playCount: 0 });
    expect(mine[ids.dawn]!.starredAt).toBeGreaterThan(0);
    expect(mine[ids.dusk]).toBeUndefined();
    expect(await annotations(bob, 'track', [ids.dawn])).toEqual({});

    // /api/starred lists both, for alice only.
    const starred = await json<{ albums: Named[]; tracks: Named[] }>(
      await alice.fetch('/api/starred'),
    );
    expect(starred.tracks.map((t) => t.id)).toEqual([ids.dawn]);
    expect(starred.albums.map((a) => a.id)).toEqual([album.id]);
    const bobs = await json<{ tracks: Named[] }>(await bob.fetch('/api/starred'));
    expect(bobs.tracks).toEqual([]);
  });

  test('unstarring and rating 0 clear the marks', async () => {
    const { alice, ids } = app;
    const unstar = send('PUT', {
      starred: false,
      items: [{ kind: 'track', id: ids.dawn }],
    });
    expect((await alice.fetch('/api/annotations/star', unstar)).status).toBe(204);
    const clear = send('PUT', { kind: 'track', id: ids.dawn, rating: 0 });
    expect((await alice.fetch('/api/annotations/rating', clear)).status).toBe(204);
    const mine = await annotations(alice, 'track', [ids.dawn]);
    expect(mine[ids.dawn]).toMatchObject({ starredAt: null, rating: 0 });
  });

  test('bad input: a rating of 6, an unknown item, an unknown kind', async () => {
    const { alice, ids } = app;
    const six = await alice.fetch(
      '/api/annotations/rating',
      send('PUT', { kind: 'track', id: ids.dawn, rating: 6 }),
    );
    const body = await json<{ error: string; fields?: unknown }>(six, 400);
    expect(body.error).toBe('invalid_input');
    expect(JSON.stringify(body)).toContain('rating');
    const unknown = await alice.fetch(
      '/api/annotations/star',
      send('PUT', { starred: true, items: [{ kind: 'album', id: 'nope' }] }),
    );
    expect(unknown.status).toBe(404);
    const kind = await alice.fetch('/api/annotations?kind=song&ids=x');
    expect(kind.status).toBe(400);
  });
});

describe('plays and history', () => {
  test('a play counts for the track, its album and its artists', async () => {
    const { alice, ids } = app;
    const plays = [ids.morning, ids.morning, ids.cafe, ids.dusk];
    let at = Date.now() - 10_000;
    for (const trackId of plays) {
      at += 1000;
      const res = await alice.fetch('/api/plays', send('POST', { trackId, at }));
      expect(res.status).toBe(204);
    }
    const counts = await annotations(alice, 'track', [ids.morning, ids.cafe]);
    expect(counts[ids.morning]?.playCount).toBe(2);
    expect(counts[ids.cafe]?.playCount).toBe(1);
    const album = await albumNamed('Northern Lights');
    const albums = await annotations(alice, 'album', [album.id]);
    expect(albums[album.id]?.playCount).toBe(3);
  });

  test('most played and recently played, per user', async () => {
    const { alice, bob, ids } = app;
    const frequent = await json<Page<Named>>(
      await alice.fetch('/api/history/tracks?order=frequent'),
    );
    expect(frequent.items[0]?.id).toBe(ids.morning);
    expect(frequent.total).toBe(3);
    const recent = await json<Page<Named>>(
      await alice.fetch('/api/history/tracks?order=recent'),
    );
    expect(recent.items.map((t) => t.id)).toEqual([ids.dusk, ids.cafe, ids.morning]);
    const albums = await json<Page<Named>>(
      await alice.fetch('/api/history/albums?order=frequent'),
    );
    expect(albums.items.map((a) => a.name)).toEqual(['Northern Lights', 'Éclair']);
    const none = await json<Page<Named>>(await bob.fetch('/api/history/albums'));
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  test('a late play never moves "last played" back', async () => {
    const { alice, ids } = app;
    const before = (await annotations(alice, 'track', [ids.dusk]))[ids.dusk]!;
    const old = send('POST', { trackId: ids.dusk, at: before.playedAt! - 60_000 });
    expect((await alice.fetch('/api/plays', old)).status).toBe(204);
    const after = (await annotations(alice, 'track', [ids.dusk]))[ids.dusk]!;
    expect(after.playCount).toBe(before.playCount + 1);
    expect(after.playedAt).toBe(before.playedAt);
  });

  test('now playing takes a known track only', async () => {
    const { alice, ids } = app;
    const ok = send('POST', { trackId: ids.dawn, player: 'test' });
    expect((await alice.fetch('/api/now-playing', ok)).status).toBe(204);
    const row = app.db
      .prepare('SELECT track_id FROM now_playing WHERE user_id = ?')
      .get(alice.user.id) as { track_id: string };
    expect(row.track_id).toBe(ids.dawn);
    const bad = send('POST', { trackId: 'missing' });
    expect((await alice.fetch('/api/now-playing', bad)).status).toBe(404);
    expect((await alice.fetch('/api/plays', bad)).status).toBe(404);
  });
});

describe('lists', () => {
  test('every track pages through in a stable order', async () => {
    const all = await json<Page<Named>>(
      await app.alice.fetch('/api/tracks?sort=title&limit=500'),
    );
    expect(all.total).toBe(all.items.length);
    const first = await json<Page<Named>>(
      await app.alice.fetch('/api/tracks?sort=title&limit=3'),
    );
    const next = await json<Page<Named>>(
      await app.alice.fetch('/api/tracks?sort=title&limit=3&offset=3'),
    );
    expect([...first.items, ...next.items].map((t) => t.id)).toEqual(
      all.items.slice(0, 6).map((t) => t.id),
    );
    const titles = all.items.map((t) => (t.title ?? '').toLowerCase());
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en')));
  });

  test('recently added and random albums for the home page', async () => {
    const recent = await json<Page<Named>>(
      await app.alice.fetch('/api/albums?sort=recent&limit=5'),
    );
    expect(recent.items.length).toBeGreaterThan(2);
    const random = await json<Page<Named>>(
      await app.alice.fetch('/api/albums?sort=random&limit=500'),
    );
    expect(random.items.map((a) => a.id).sort()).toEqual(
      (await json<Page<Named>>(await app.alice.fetch('/api/albums?limit=500'))).items
        .map((a) => a.id)
        .sort(),
    );
    const bad = await app.alice.fetch('/api/tracks?sort=loudest');
    expect(bad.status).toBe(400);
  });

  test('lyrics: none for a track without any, 404 for a missing track', async () => {
    const lyrics = await json(
      await app.alice.fetch(`/api/tracks/${app.ids.dawn}/lyrics`),
    );
    expect(lyrics).toEqual({ synced: false, text: null, lines: null });
    expect((await app.alice.fetch('/api/tracks/missing/lyrics')).status).toBe(404);
  });
});

describe('the saved play queue', () => {
  test('one device saves, another reads it back; others do not see it', async () => {
    const { alice, bob, ids } = app;
    const queue = {
      trackIds: [ids.dusk, ids.dawn, ids.cafe],
      currentIndex: 1,
      positionMs: 2500,
      device: 'laptop',
    };
    expect((await alice.fetch('/api/queue', send('PUT', queue))).status).toBe(204);

    // A second sign-in of the same account: another device.
    const phone = await signIn(app, alice);
    const saved = await json<Record<string, unknown> & { tracks: Named[] }>(
      await phone.fetch('/api/queue'),
    );
    expect(saved).toMatchObject({
      trackIds: queue.trackIds,
      currentIndex: 1,
      positionMs: 2500,
      changedBy: 'laptop',
    });
    expect(saved.tracks.map((t) => t.title)).toEqual(['Dusk', 'Dawn', 'Café Crème']);
    const empty = await json(await bob.fetch('/api/queue'));
    expect(empty).toMatchObject({ trackIds: [], currentIndex: null, positionMs: 0 });
  });

  test('an empty list clears it; unknown ids are refused', async () => {
    const { alice } = app;
    const unknown = send('PUT', { trackIds: ['nope'], currentIndex: 0 });
    expect((await alice.fetch('/api/queue', unknown)).status).toBe(400);
    const clear = send('PUT', { trackIds: [] });
    expect((await alice.fetch('/api/queue', clear)).status).toBe(204);
    const saved = await json(await alice.fetch('/api/queue'));
    expect(saved).toMatchObject({ trackIds: [], currentIndex: null });
  });

  test('a queue of 10,000 entries round-trips; 10,001 is refused', async () => {
    const { alice, ids } = app;
    const trackIds = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 ? ids.dawn : ids.dusk,
    );
    const big = send('PUT', { trackIds, currentIndex: 9_999, positionMs: 1 });
    expect((await alice.fetch('/api/queue', big)).status).toBe(204);
    const saved = await json<{ trackIds: string[] }>(await alice.fetch('/api/queue'));
    expect(saved.trackIds).toHaveLength(10_000);
    const tooMany = send('PUT', { trackIds: [...trackIds, ids.dawn] });
    expect((await alice.fetch('/api/queue', tooMany)).status).toBe(400);
  });
});
