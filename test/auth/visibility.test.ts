// Music-folder visibility over real HTTP: two music folders, a user an admin
// limited to one of them. Every route that names one item by id answers the
// other folder's items with the same 404 as a missing item, and the album,
// artist and folder lists and search leave them out; the visible folder and
// an admin are unaffected.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../server/library/scanner/index.js';
import { routeTable } from '../../server/http/app.js';
import { startTestApp, type SignedInTestApp } from '../helpers/app.js';
import { createAccount, signIn, type SignedIn } from '../helpers/auth.js';
import { buildLibrary } from '../http/fixture.js';

let app: SignedInTestApp;
let limited: SignedIn;
/** One id of each kind in the visible folder (`seen`) and in the other (`hidden`). */
const ids = { seen: {} as Record<string, string>, hidden: {} as Record<string, string> };

function idsUnder(folder: string): Record<string, string> {
  const row = app.db
    .prepare(
      `SELECT t.id AS track, t.album_id AS album, t.folder_id AS folder,
              (SELECT artist_id FROM track_artist WHERE track_id = t.id LIMIT 1) AS artist
       FROM track t WHERE t.path LIKE ? ORDER BY t.path LIMIT 1`,
    )
    .get(`${folder}/%`) as Record<string, string> | undefined;
  if (!row) throw new Error(`nothing scanned under ${folder}`);
  return row;
}

beforeAll(async () => {
  const lib = buildLibrary();
  const visible = path.join(lib.musicDir, 'Aurora Lane');
  const hidden = path.join(lib.musicDir, 'Björk Sæther');
  app = await startTestApp({
    settings: { musicFolders: [visible, hidden] },
    signIn: 'admin',
  });
  await scanLibrary({ db: app.db, folders: [visible, hidden], threads: 2 });
  const library = app.db
    .prepare('SELECT id FROM library WHERE path = ?')
    .get(visible) as {
    id: number;
  };
  const account = await createAccount(app, 'user', { libraries: [library.id] });
  limited = await signIn(app, account);
  ids.seen = idsUnder(visible);
  ids.hidden = idsUnder(hidden);
});
afterAll(async () => app?.close());

/** Every GET route that names one item, filled with the item of its kind. */
function itemPaths(of: Record<string, string>): string[] {
  return routeTable()
    .filter((spec) => spec.method === 'GET')
    .flatMap((spec) => {
      const kind = /^\/api\/(track|album|artist|folder)s\/:id/.exec(spec.path)?.[1];
      return kind ? [spec.path.replace(':id', of[kind]!)] : [];
    });
}

describe('music-folder visibility', () => {
  it('covers the detail, stream, cover and lyrics routes', () => {
    const paths = itemPaths({ track: 't', album: 'a', artist: 'r', folder: 'f' });
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/tracks/t',
        '/api/tracks/t/stream',
        '/api/tracks/t/cover',
        '/api/albums/a',
        '/api/albums/a/cover',
        '/api/artists/r',
        '/api/folders/f',
      ]),
    );
  });

  it('answers 404 for every item of a folder the user may not see', async () => {
    for (const itemPath of itemPaths(ids.hidden)) {
      const res = await limited.fetch(itemPath);
      const body = (await res.json()) as { error: string };
      expect(res.status, itemPath).toBe(404);
      expect(body.error, itemPath).toMatch(/^(track|album|artist|folder)_not_found$/);
    }
  });

  it('serves the folder the user may see, and everything to an admin', async () => {
    for (const itemPath of [
      `/api/tracks/${ids.seen.track}`,
      `/api/tracks/${ids.seen.track}/stream?format=raw`,
      `/api/albums/${ids.seen.album}`,
      `/api/artists/${ids.seen.artist}`,
      `/api/folders/${ids.seen.folder}`,
    ]) {
      const res = await limited.fetch(itemPath);
      await res.body?.cancel();
      expect(res.status, itemPath).toBe(200);
    }
    for (const kind of ['track', 'album', 'artist', 'folder']) {
      const itemPath = `/api/${kind}s/${ids.hidden[kind]}`;
      expect((await app.account.fetch(itemPath)).status, itemPath).toBe(200);
    }
  });

  it('still answers a malformed id with 400', async () => {
    expect((await limited.fetch('/api/tracks/bad!id')).status).toBe(400);
  });

  it('leaves the other folder out of lists and search, for that user only', async () => {
    const lists = async (as: SignedIn) => {
      const albums = (await (await as.fetch('/api/albums?limit=500')).json()) as {
        items: { id: string }[];
        total: number;
      };
      const artists = (await (await as.fetch('/api/artists?limit=500')).json()) as {
        items: { id: string }[];
      };
      const roots = (await (await as.fetch('/api/folders')).json()) as {
        folders: { id: string }[];
      };
      const found = (await (await as.fetch('/api/search?q=eclair')).json()) as {
        albums: { id: string }[];
        tracks: { id: string }[];
      };
      return {
        albums: albums.items.map((a) => a.id),
        total: albums.total,
        artists: artists.items.map((a) => a.id),
        roots: roots.folders.length,
        found: [...found.albums, ...found.tracks].length,
      };
    };
    const mine = await lists(limited);
    expect(mine.albums).toContain(ids.seen.album);
    expect(mine.albums).not.toContain(ids.hidden.album);
    expect(mine.total).toBe(mine.albums.length);
    expect(mine.artists).not.toContain(ids.hidden.artist);
    expect(mine.roots).toBe(1);
    expect(mine.found).toBe(0);

    const all = await lists(app.account);
    expect(all.albums).toContain(ids.hidden.album);
    expect(all.artists).toContain(ids.hidden.artist);
    expect(all.roots).toBe(2);
    expect(all.found).toBeGreaterThan(0);
  });

  it('counts tracks and genres over the visible folder only', async () => {
    const tracks = (await (await limited.fetch('/api/tracks?limit=500')).json()) as {
      items: { id: string }[];
      total: number;
    };
    const listed = tracks.items.map((t) => t.id);
    expect(listed).toContain(ids.seen.track);
    expect(listed).not.toContain(ids.hidden.track);
    expect(tracks.total).toBe(listed.length);

    const genres = async (as: SignedIn) => {
      const res = await as.fetch('/api/genres');
      const body = (await res.json()) as { genres: { trackCount: number }[] };
      return body.genres.reduce((sum, g) => sum + g.trackCount, 0);
    };
    expect(await genres(limited)).toBeLessThanOrEqual(tracks.total);
    expect(await genres(limited)).toBeLessThan(await genres(app.account));
  });
});
