// Every library endpoint through the real app over a real library on disk:
// the happy path, then bad input. Expectations come from the tags the
// fixture wrote into its files.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  albumNamed,
  getJson,
  rawRequest,
  startLibraryApp,
  type LibraryApp,
} from './library-app.js';

let app: LibraryApp;
beforeAll(async () => {
  app = await startLibraryApp();
});
afterAll(() => app?.close());

interface Ref {
  id: string;
  name: string;
}
interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}
interface Album extends Ref {
  artist: string;
  artists: Ref[];
  year: number | null;
  createdAt: number;
  compilation: boolean;
  trackCount: number;
  discCount: number;
  hasCover: boolean;
}
interface Track {
  id: string;
  title: string;
  artist: string;
  artists: Ref[];
  trackNo: number | null;
  discNo: number | null;
  duration: number;
  contentType: string;
}
interface Artist extends Ref {
  albumCount: number;
  trackCount: number;
}

/** Asks for a path and expects a 400 naming the bad field. */
async function expectInvalid(path: string, field: string): Promise<void> {
  const body = await getJson<{ error: string; fields: Record<string, string> }>(
    app,
    path,
    400,
  );
  expect(body.error).toBe('invalid_input');
  expect(Object.keys(body.fields), path).toContain(field);
}

async function artistNamed(name: string, role = 'albumartist'): Promise<Artist> {
  const page = await getJson<Page<Artist>>(app, `/api/artists?role=${role}&limit=500`);
  const artist = page.items.find((item) => item.name === name);
  if (!artist) throw new Error(`no artist ${name}`);
  return artist;
}

describe('health and stats', () => {
  test('health answers ok with the track count', async () => {
    const body = await getJson<{ status: string; tracks: number }>(app, '/api/health');
    expect(body.status).toBe('ok');
    expect(body.tracks).toBeGreaterThan(10);
  });

  test('stats count what the library holds', async () => {
    const stats = await getJson<Record<string, number>>(app, '/api/library/stats');
    const count = (table: string) =>
      (app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    for (const table of ['track', 'album', 'artist', 'genre', 'folder']) {
      expect(stats[`${table}s`], table).toBe(count(table));
    }
    expect(stats.duration).toBeGreaterThan(60);
    expect(stats.size).toBeGreaterThan(5_000_000);
  });
});

describe('scan', () => {
  test('status has progress fields', async () => {
    const status = await getJson<Record<string, unknown>>(app, '/api/scan');
    expect(typeof status.running).toBe('boolean');
    expect(typeof status.done).toBe('number');
  });

  test('POST starts a scan (202); the status follows it to its result', async () => {
    const res = await app.account.fetch('/api/scan?full=1', { method: 'POST' });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { started: boolean }).started).toBe(true);
    let status: Record<string, unknown> = { running: true };
    for (let i = 0; i < 300 && status.running; i++) {
      status = await getJson(app, '/api/scan');
      expect(String(status.currentFolder)).not.toContain(app.lib.musicDir);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status.running).toBe(false);
    expect(status.finishedAt as number).toBeGreaterThanOrEqual(
      status.startedAt as number,
    );
    expect((status.lastResult as { files: number }).files).toBeGreaterThan(10);
  });

  test('POST with a bad flag: 400 naming it', async () => {
    const bad = await app.account.fetch('/api/scan?full=maybe', {
      method: 'POST',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: object }).fields).toHaveProperty('full');
  });
});

describe('albums', () => {
  test('by name, paged: pages are disjoint and add up to the total', async () => {
    const all = await getJson<Page<Album>>(app, '/api/albums?limit=500');
    const names = all.items.map((album) => album.name);
    expect(names.indexOf('Northern Lights')).toBeLessThan(names.indexOf('Summer Mix'));
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = await getJson<Page<Album>>(
        app,
        `/api/albums?limit=2&offset=${offset}`,
      );
      expect(page).toMatchObject({ offset, limit: 2, total: all.total });
      seen.push(...page.items.map((album) => album.id));
    }
    expect(seen).toEqual(all.items.map((album) => album.id));
  });

  test('recent, year, artist and random orders', async () => {
    const recent = await getJson<Page<Album>>(app, '/api/albums?sort=recent&limit=500');
    const times = recent.items.map((album) => album.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byYear = await getJson<Page<Album>>(app, '/api/albums?sort=year&limit=500');
    const years = byYear.items.map((album) => album.year ?? -1).filter((y) => y >= 0);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(byYear.items.at(-1)?.year ?? null).toBe(
      years.length === byYear.total ? years.at(-1) : null,
    );
    const byArtist = await getJson<Page<Album>>(app, '/api/albums?sort=artist&limit=500');
    const artists = byArtist.items
      .map((album) => album.artist.toLowerCase())
      .filter((a) => /^[a-z ]+$/.test(a));
    expect(artists).toEqual([...artists].sort());
    const random = await getJson<Page<Album>>(app, '/api/albums?sort=random&limit=3');
    expect(random.items).toHaveLength(3);
    expect(random.total).toBe(recent.total);
  });

  test('filtered by album artist and by genre', async () => {
    const aurora = await artistNamed('Aurora Lane');
    const byArtist = await getJson<Page<Album>>(app, `/api/albums?artist=${aurora.id}`);
    expect(byArtist.items.map((album) => album.name)).toEqual(['Northern Lights']);
    const genres = await getJson<{ genres: Ref[] }>(app, '/api/genres');
    const jazz = genres.genres.find((genre) => genre.name === 'Jazz');
    const byGenre = await getJson<Page<Album>>(app, `/api/albums?genre=${jazz?.id}`);
    expect(byGenre.items.map((album) => album.name)).toEqual(['Éclair']);
    const none = await getJson<Page<Album>>(app, '/api/albums?artist=nobody');
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  test('an album: facts, genres, and tracks in disc then track order', async () => {
    const { id } = await albumNamed(app, 'Northern Lights');
    const album = await getJson<Album & { tracks: Track[]; genres: Ref[] }>(
      app,
      `/api/albums/${id}`,
    );
    expect(album).toMatchObject({
      name: 'Northern Lights',
      artist: 'Aurora Lane',
      year: 2001,
      trackCount: 3,
      discCount: 2,
      compilation: false,
      hasCover: true,
    });
    expect(album.artists.map((artist) => artist.name)).toEqual(['Aurora Lane']);
    expect(album.genres.map((genre) => genre.name)).toEqual(['Ambient']);
    const order = album.tracks.map((t) => [t.discNo, t.trackNo, t.title]);
    expect(order).toEqual([
      [1, 1, 'Dawn'],
      [1, 2, 'Morning'],
      [2, 1, 'Dusk'],
    ]);
  });

  test('a compilation is one album with each track’s own artist', async () => {
    const { id } = await albumNamed(app, 'Summer Mix');
    const album = await getJson<Album & { tracks: Track[] }>(app, `/api/albums/${id}`);
    expect(album.compilation).toBe(true);
    expect(album.tracks.map((t) => t.artists.map((a) => a.name))).toEqual([
      ['Aurora Lane'],
      ['Marlow Reed'],
    ]);
  });

  test('bad input: 400 naming the field; unknown album: 404', async () => {
    await expectInvalid('/api/albums?sort=loudest', 'sort');
    await expectInvalid('/api/albums?limit=0', 'limit');
    await expectInvalid('/api/albums?limit=501', 'limit');
    await expectInvalid('/api/albums?offset=-1', 'offset');
    await expectInvalid('/api/albums?offset=ten', 'offset');
    await expectInvalid('/api/albums?limit=1&limit=2', 'limit');
    await expectInvalid('/api/albums?artist=..%2F..', 'artist');
    await expectInvalid('/api/albums?genre=a%20b', 'genre');
    await expectInvalid('/api/albums/a.b', 'id');
    const missing = await getJson<{ error: string }>(app, '/api/albums/nosuchalbum', 404);
    expect(missing.error).toBe('album_not_found');
  });
});

describe('artists', () => {
  test('album artists by default; performers with role=artist; by genre', async () => {
    const albumArtists = await getJson<Page<Artist>>(app, '/api/artists?limit=500');
    const names = albumArtists.items.map((artist) => artist.name);
    expect(names).toEqual(expect.arrayContaining(['Aurora Lane', 'Björk Sæther']));
    expect(names).not.toContain('Marlow Reed');
    const performers = await getJson<Page<Artist>>(
      app,
      '/api/artists?role=artist&limit=500',
    );
    expect(performers.items.map((artist) => artist.name)).toContain('Marlow Reed');
    const pop = (await getJson<{ genres: Ref[] }>(app, '/api/genres')).genres.find(
      (genre) => genre.name === 'Pop',
    );
    const popArtists = await getJson<Page<Artist>>(
      app,
      `/api/artists?role=artist&genre=${pop?.id}`,
    );
    const popNames = popArtists.items.map((artist) => artist.name);
    expect(popNames).toEqual(expect.arrayContaining(['Aurora Lane', 'Marlow Reed']));
    expect(popNames).not.toContain('Björk Sæther');
    const random = await getJson<Page<Artist>>(app, '/api/artists?sort=random&limit=2');
    expect(random.items).toHaveLength(2);
  });

  test('an artist: albums led, albums appeared on, counts', async () => {
    const aurora = await artistNamed('Aurora Lane');
    const detail = await getJson<Artist & { albums: Album[]; appearsOn: Album[] }>(
      app,
      `/api/artists/${aurora.id}`,
    );
    expect(detail.albums.map((album) => album.name)).toEqual(['Northern Lights']);
    expect(detail.appearsOn.map((album) => album.name)).toEqual(['Summer Mix']);
    expect(detail).toMatchObject({ albumCount: 1, trackCount: 4 });
  });

  test('bad input: 400 naming the field; unknown artist: 404', async () => {
    await expectInvalid('/api/artists?role=..%2Fx', 'role');
    await expectInvalid('/api/artists?sort=recent', 'sort');
    await expectInvalid('/api/artists?limit=1000', 'limit');
    await expectInvalid('/api/artists?genre=%00', 'genre');
    await expectInvalid('/api/artists/%2Fetc', 'id');
    const missing = await getJson<{ error: string }>(app, '/api/artists/nobody', 404);
    expect(missing.error).toBe('artist_not_found');
  });
});

describe('genres and tracks', () => {
  test('genres with track and album counts', async () => {
    const { genres } = await getJson<{ genres: (Ref & Record<string, number>)[] }>(
      app,
      '/api/genres',
    );
    const byName = Object.fromEntries(genres.map((g) => [g.name, g]));
    expect(byName.Ambient).toMatchObject({ trackCount: 3, albumCount: 1 });
    // The corpus copies bring Pop tracks of their own.
    expect(byName.Pop?.trackCount).toBeGreaterThanOrEqual(2);
    expect(byName.Jazz).toMatchObject({ trackCount: 1, albumCount: 1 });
  });

  test('a track: tags, audio facts, links', async () => {
    const { id } = await albumNamed(app, 'Northern Lights');
    const album = await getJson<{ tracks: Track[] }>(app, `/api/albums/${id}`);
    const dawn = album.tracks[0]!;
    const track = await getJson<Record<string, unknown>>(app, `/api/tracks/${dawn.id}`);
    expect(track).toMatchObject({
      title: 'Dawn',
      artist: 'Aurora Lane',
      album: 'Northern Lights',
      trackNo: 1,
      trackTotal: 2,
      discNo: 1,
      discTotal: 2,
      suffix: 'flac',
      contentType: 'audio/flac',
      lossless: true,
      genres: [expect.objectContaining({ name: 'Ambient' })],
      contributors: expect.arrayContaining([
        expect.objectContaining({ name: 'Aurora Lane', role: 'artist' }),
      ]),
    });
    expect(track.duration as number).toBeCloseTo(8, 0);
    expect(track.sampleRate).toBe(44100);
  });

  test('bad input: 400; unknown track: 404', async () => {
    await expectInvalid('/api/tracks/a%20b', 'id');
    const missing = await getJson<{ error: string }>(app, '/api/tracks/nosuchtrack', 404);
    expect(missing.error).toBe('track_not_found');
    const stream = await getJson<{ error: string }>(
      app,
      '/api/tracks/nosuch/stream',
      404,
    );
    expect(stream.error).toBe('track_not_found');
  });
});

describe('folders', () => {
  interface Folder extends Ref {
    folderCount: number;
    trackCount: number;
    parents: Ref[];
    folders: Folder[];
    tracks: Track[];
  }

  test('from the root down to a disc folder, by name', async () => {
    const { folders: roots } = await getJson<{ folders: Folder[] }>(app, '/api/folders');
    expect(roots.map((folder) => folder.name)).toEqual(['music']);
    let folder = await getJson<Folder>(app, `/api/folders/${roots[0]!.id}`);
    for (const name of ['Aurora Lane', 'Northern Lights', 'CD1']) {
      const child = folder.folders.find((f) => f.name === name);
      expect(child, name).toBeDefined();
      folder = await getJson<Folder>(app, `/api/folders/${child!.id}`);
    }
    expect(folder.parents.map((p) => p.name)).toEqual([
      'music',
      'Aurora Lane',
      'Northern Lights',
    ]);
    expect(folder.tracks.map((t) => t.title)).toEqual(['Dawn', 'Morning']);
    expect(folder.trackCount).toBe(2);
  });

  test('bad input: 400; unknown folder: 404', async () => {
    await expectInvalid('/api/folders/..%2F..', 'id');
    const missing = await getJson<{ error: string }>(app, '/api/folders/nosuch', 404);
    expect(missing.error).toBe('folder_not_found');
  });
});

describe('covers', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

  async function cover(path: string) {
    const res = await rawRequest(app, path);
    return { ...res, type: res.headers['content-type'] };
  }

  test("an album's folder image: bytes, type, validators, 304", async () => {
    const { id } = await albumNamed(app, 'Northern Lights');
    const res = await cover(`/api/albums/${id}/cover`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/jpeg');
    expect(res.body.equals(fs.readFileSync(app.lib.coverImage))).toBe(true);
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    const etag = String(res.headers.etag);
    const again = await rawRequest(app, `/api/albums/${id}/cover`, {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  test('an embedded cover, for the album and for its track', async () => {
    const { id } = await albumNamed(app, 'Éclair');
    const album = await cover(`/api/albums/${id}/cover`);
    expect(album.status).toBe(200);
    expect(album.type).toBe('image/png');
    expect(album.body.subarray(0, 4).equals(png)).toBe(true);
    const detail = await getJson<{ tracks: Track[] }>(app, `/api/albums/${id}`);
    const track = await cover(`/api/tracks/${detail.tracks[0]!.id}/cover`);
    expect(track.body.equals(album.body)).toBe(true);
  });

  test("a track in a disc folder gets the album folder's image", async () => {
    const { id } = await albumNamed(app, 'Northern Lights');
    const detail = await getJson<{ tracks: (Track & { hasCover: boolean })[] }>(
      app,
      `/api/albums/${id}`,
    );
    const dusk = detail.tracks.find((t) => t.title === 'Dusk')!;
    expect(dusk.hasCover).toBe(true);
    const res = await cover(`/api/tracks/${dusk.id}/cover`);
    expect(res.body.equals(fs.readFileSync(app.lib.coverImage))).toBe(true);
  });

  test('no cover: 404 cover_not_found; unknown: 404; bad id: 400', async () => {
    const { id } = await albumNamed(app, 'Summer Mix');
    const none = await getJson<{ error: string }>(app, `/api/albums/${id}/cover`, 404);
    expect(none.error).toBe('cover_not_found');
    const unknown = await getJson<{ error: string }>(
      app,
      '/api/albums/nosuch/cover',
      404,
    );
    expect(unknown.error).toBe('album_not_found');
    const track = await getJson<{ error: string }>(app, '/api/tracks/nosuch/cover', 404);
    expect(track.error).toBe('track_not_found');
    await expectInvalid('/api/albums/a%2Fb/cover', 'id');
    await expectInvalid('/api/tracks/a%00/cover', 'id');
  });
});

describe('search', () => {
  interface Result {
    artists: Artist[];
    albums: Album[];
    tracks: Track[];
  }
  const search = (q: string, extra = '') =>
    getJson<Result>(app, `/api/search?q=${encodeURIComponent(q)}${extra}`);

  test('accents and case are ignored, words match as prefixes', async () => {
    for (const q of ['cafe', 'CAFÉ', 'Café Crè', 'caf']) {
      const result = await search(q);
      expect(
        result.tracks.map((t) => t.title),
        q,
      ).toContain('Café Crème');
    }
    expect((await search('BJORK sæth')).artists.map((a) => a.name)).toContain(
      'Björk Sæther',
    );
    expect((await search('northern lig')).albums.map((a) => a.name)).toEqual([
      'Northern Lights',
    ]);
    expect((await search('aur')).artists.map((a) => a.name)).toContain('Aurora Lane');
    expect(await search('zzzznothing')).toEqual({ artists: [], albums: [], tracks: [] });
  });

  test('limit caps each kind', async () => {
    const result = await search('a', '&limit=1');
    for (const list of [result.artists, result.albums, result.tracks]) {
      expect(list.length).toBeLessThanOrEqual(1);
    }
  });

  test('FTS syntax in the query is plain text, never an error', async () => {
    for (const q of ['"', 'NEAR(a b)', 'a OR', '*', 'title:x', '-dawn', '^', "'", '()']) {
      await search(q);
    }
  });

  test('bad input: 400 naming the field', async () => {
    await expectInvalid('/api/search', 'q');
    await expectInvalid('/api/search?q=', 'q');
    await expectInvalid(`/api/search?q=${'x'.repeat(201)}`, 'q');
    await expectInvalid('/api/search?q=a&limit=0', 'limit');
    await expectInvalid('/api/search?q=a&limit=101', 'limit');
  });
});

describe('unknown routes and methods', () => {
  test('unknown /api paths: JSON 404', async () => {
    for (const path of ['/api/nope', '/api', '/api/albums/x/y/z']) {
      const body = await getJson<{ error: string }>(app, path, 404);
      expect(body.error).toBe('route_not_found');
    }
  });

  test('a known path with another method: JSON 405 with Allow', async () => {
    const res = await rawRequest(app, '/api/albums', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('GET');
    expect(JSON.parse(res.body.toString()).error).toBe('method_not_allowed');
  });
});

describe('no local paths leave the server', () => {
  test('no JSON body of any GET route contains the music or outside folder', async () => {
    const { id: albumId } = await albumNamed(app, 'Northern Lights');
    const album = await getJson<{ tracks: Track[] }>(app, `/api/albums/${albumId}`);
    const roots = await getJson<{ folders: Ref[] }>(app, '/api/folders');
    const paths = [
      '/api/health',
      '/api/library/stats',
      '/api/scan',
      '/api/genres',
      '/api/artists?limit=500',
      '/api/albums?limit=500',
      `/api/albums/${albumId}`,
      `/api/tracks/${album.tracks[0]!.id}`,
      `/api/folders/${roots.folders[0]!.id}`,
    ];
    for (const path of paths) {
      const text = await (await app.account.fetch(path)).text();
      expect(text, path).not.toContain(app.lib.musicDir);
      expect(text, path).not.toContain(app.lib.outsideDir);
    }
  });
});
