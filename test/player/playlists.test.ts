// Playlists through the player API over real HTTP: create, read, rename,
// add, remove, reorder, delete; only the owner changes one, others read it
// when public; and the M3U round trip: export, import of the same text, and
// import of a foreign file whose entries match by path tail or by tags; a
// body that is not M3U (JSON, prose) is refused and makes no playlist.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clientFetch } from '../helpers/auth.js';
import { json, send, startPlayerApp, type PlayerApp } from './player-app.js';

let app: PlayerApp;

beforeAll(async () => {
  app = await startPlayerApp();
});

afterAll(async () => {
  await app?.close();
});

interface Detail {
  id: number;
  name: string;
  public: boolean;
  mine: boolean;
  owner: string;
  trackCount: number;
  duration: number;
  trackIds: string[];
  tracks: { id: string; title: string; position: number }[];
}

const create = async (body: unknown) =>
  json<Detail>(await app.alice.fetch('/api/playlists', send('POST', body)), 201);

const patch = async (id: number, body: unknown, status = 200) =>
  json<Detail>(
    await app.alice.fetch(`/api/playlists/${id}`, send('PATCH', body)),
    status,
  );

describe('playlist changes', () => {
  test('create, rename, append, remove, reorder, delete', async () => {
    const { ids } = app;
    const made = await create({ name: 'Evening', trackIds: [ids.dawn, ids.morning] });
    expect(made).toMatchObject({ name: 'Evening', mine: true, trackCount: 2 });
    expect(made.duration).toBeGreaterThan(11);

    const renamed = await patch(made.id, { name: 'Late evening' });
    expect(renamed.name).toBe('Late evening');
    const appended = await patch(made.id, { append: [ids.dusk, ids.cafe] });
    expect(appended.trackIds).toEqual([ids.dawn, ids.morning, ids.dusk, ids.cafe]);
    const removed = await patch(made.id, { removePositions: [1] });
    expect(removed.trackIds).toEqual([ids.dawn, ids.dusk, ids.cafe]);
    const reordered = await patch(made.id, { trackIds: [ids.cafe, ids.dawn, ids.dusk] });
    expect(reordered.tracks.map((t) => [t.title, t.position])).toEqual([
      ['Café Crème', 0],
      ['Dawn', 1],
      ['Dusk', 2],
    ]);

    const list = await json<{ playlists: Detail[] }>(
      await app.alice.fetch('/api/playlists'),
    );
    expect(list.playlists.map((p) => [p.name, p.trackCount])).toContainEqual([
      'Late evening',
      3,
    ]);
    const gone = await app.alice.fetch(`/api/playlists/${made.id}`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    expect((await app.alice.fetch(`/api/playlists/${made.id}`)).status).toBe(404);
  });

  test('others read a public playlist but cannot change it; private stays hidden', async () => {
    const { bob, ids } = app;
    const shared = await create({ name: 'Shared', public: true, trackIds: [ids.dawn] });
    const secret = await create({ name: 'Secret', trackIds: [ids.dusk] });

    const seen = await json<Detail>(await bob.fetch(`/api/playlists/${shared.id}`));
    expect(seen).toMatchObject({ mine: false, owner: app.alice.username });
    const change = await bob.fetch(
      `/api/playlists/${shared.id}`,
      send('PATCH', { name: 'Mine now' }),
    );
    expect(change.status).toBe(403);
    expect((await bob.fetch(`/api/playlists/${secret.id}`)).status).toBe(404);
    const bobs = await json<{ playlists: Detail[] }>(await bob.fetch('/api/playlists'));
    expect(bobs.playlists.map((p) => p.name)).toContain('Shared');
    expect(bobs.playlists.map((p) => p.name)).not.toContain('Secret');
  });

  test('bad input: no name, unknown track, anonymous', async () => {
    const empty = await app.alice.fetch('/api/playlists', send('POST', { name: ' ' }));
    expect((await json<{ fields: object }>(empty, 400)).fields).toHaveProperty('name');
    const unknown = await app.alice.fetch(
      '/api/playlists',
      send('POST', { name: 'x', trackIds: ['nope'] }),
    );
    expect(unknown.status).toBe(400);
    const anonymous = await clientFetch(app.url)('/api/playlists');
    expect(anonymous.status).toBe(401);
  });
});

describe('M3U', () => {
  test('export then import gives the same tracks in the same order', async () => {
    const { ids } = app;
    const order = [ids.dusk, ids.cafe, ids.dawn, ids.dusk];
    const made = await create({ name: 'Round trip', trackIds: order });

    const res = await app.alice.fetch(`/api/playlists/${made.id}/m3u`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^audio\/x-mpegurl/);
    expect(res.headers.get('content-disposition')).toMatch(/Round%20trip\.m3u8/);
    const text = await res.text();
    expect(text.split('\n').slice(0, 4)).toEqual([
      '#EXTM3U',
      '#PLAYLIST:Round trip',
      '#EXTINF:4,Aurora Lane - Dusk',
      'Aurora Lane/Northern Lights/CD2/01 Dusk.flac',
    ]);

    const back = await json<{ playlist: Detail; unmatched: string[] }>(
      await app.alice.fetch('/api/playlists/import?name=Back', {
        method: 'POST',
        body: text,
        headers: { 'Content-Type': 'audio/x-mpegurl' },
      }),
      201,
    );
    expect(back.unmatched).toEqual([]);
    expect(back.playlist.name).toBe('Back');
    expect(back.playlist.trackIds).toEqual(order);
  });

  test('a foreign file matches by path tail, file URL, or artist and title', async () => {
    const foreign = [
      '\uFEFF#EXTM3U',
      '#EXTINF:8,Whatever - Unknown',
      'D:\\Music\\Aurora Lane\\Northern Lights\\CD1\\01 Dawn.flac',
      '#EXTINF:4,Björk Sæther - Café Crème',
      '/elsewhere/renamed.mp3',
      'file:///home/x/Music/Aurora%20Lane/Northern%20Lights/CD1/02%20Morning.flac',
      '#EXTINF:3,Nobody - Nothing',
      'missing/file.mp3',
      '',
    ].join('\r\n');
    const imported = await json<{ playlist: Detail; unmatched: string[] }>(
      await app.alice.fetch('/api/playlists/import', {
        method: 'POST',
        body: foreign,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      }),
      201,
    );
    expect(imported.playlist.name).toBe('Imported');
    expect(imported.playlist.trackIds).toEqual([
      app.ids.dawn,
      app.ids.cafe,
      app.ids.morning,
    ]);
    expect(imported.unmatched).toEqual(['missing/file.mp3']);
  });

  test.each([
    ['{bad', 'application/json', 415, 'unsupported_media_type'],
    ['[1,2]', 'application/json', 415, 'unsupported_media_type'],
    ['name=x', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
    ['{bad', 'text/plain', 400, 'invalid_playlist'],
    ['[1,2]', 'audio/x-mpegurl', 400, 'invalid_playlist'],
    ['just some words\nand more', 'text/plain', 400, 'invalid_playlist'],
    ['', 'text/plain', 400, 'invalid_playlist'],
  ])('%j as %s is refused (%i %s) and makes nothing', async (body, type, status, id) => {
    const count = async () =>
      (await json<{ playlists: unknown[] }>(await app.alice.fetch('/api/playlists')))
        .playlists.length;
    const before = await count();
    const res = await app.alice.fetch('/api/playlists/import', {
      method: 'POST',
      body,
      headers: { 'Content-Type': type },
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: id });
    expect(await count()).toBe(before);
  });

  test('an M3U with only its header, or with paths that match nothing, is a playlist', async () => {
    for (const body of ['#EXTM3U\n', 'gone/away.mp3\n']) {
      const res = await app.alice.fetch('/api/playlists/import', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'audio/x-mpegurl' },
      });
      expect(res.status, body).toBe(201);
    }
  });

  test('a private playlist of another user cannot be exported', async () => {
    const secret = await create({ name: 'Mine alone', trackIds: [app.ids.dawn] });
    const res = await app.bob.fetch(`/api/playlists/${secret.id}/m3u`);
    expect(res.status).toBe(404);
  });
});
