// Path traversal, table-driven over the route table: every path parameter of
// every route, and every id-like query parameter, gets hostile values (dot-dot,
// percent- and double-encoded forms, backslashes, absolute paths, NUL bytes,
// overlong UTF-8). The answer is always 404 or 400, never bytes from outside
// the music folder. Symlinks leading out of the library are not indexed, and
// database rows naming outside files (those links included) are refused. A
// new route is covered by being in the table. The Subsonic API (/rest) gets
// the same values in every id-like parameter of every method it builds.
import fs from 'node:fs';
import path from 'node:path';
import querystring from 'node:querystring';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey } from '../../server/auth/credentials.js';
import { routeTable } from '../../server/http/app.js';
import type { RouteSpec } from '../../server/http/routes.js';
import { fileInside } from '../../server/stream/raw.js';
import { subsonicMethods } from '../../server/subsonic/routes.js';
import { repoRoot, tempDir } from '../helpers/paths.js';
import {
  albumNamed,
  rawRequest,
  startLibraryApp,
  type RawResponse,
  trackIdOf,
  type LibraryApp,
} from './library-app.js';

let app: LibraryApp;
let validTrack: string;
beforeAll(async () => {
  app = await startLibraryApp();
  validTrack = trackIdOf(app, 'Corpus/29 - Dominator.mp3');
});
afterAll(() => app?.close());

/** Values put, as raw URL text, where a route expects an id or a name. */
function hostileValues(): string[] {
  const { secretFile, musicDir } = app.lib;
  return [
    '..',
    '.',
    '...',
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%2e%2e',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '%252e%252e%252fetc%252fpasswd',
    '..%252f..%252fpackage.json',
    '..%5C..%5Cetc%5Cpasswd',
    '..\\..\\etc\\passwd',
    '%2Fetc%2Fpasswd',
    encodeURIComponent(secretFile),
    encodeURIComponent(path.join(musicDir, 'Escapes', '01 Link Out.mp3')),
    'C:%5CWindows%5Cwin.ini',
    '%00',
    `${validTrack}%00`,
    `${validTrack}%00.mp3`,
    `${validTrack}%2F..%2F..`,
    '%c0%ae%c0%ae%c0%af',
    '%E0%A4%A',
    '%',
    '%20',
    'a'.repeat(300),
  ];
}

/** Literal slashes change the route; these must still find nothing. */
const literalPaths = ['../../etc/passwd', '..%2F../package.json', '/etc/passwd'];

/** Byte strings that must never appear in a response body. */
function forbiddenBytes(): Buffer[] {
  const secret = fs.readFileSync(app.lib.secretFile);
  const image = fs.readFileSync(app.lib.secretImage);
  return [
    secret.subarray(secret.length - 256),
    image.subarray(image.length - 64),
    Buffer.from(fs.readFileSync(path.join(repoRoot, 'package.json')).subarray(0, 40)),
    Buffer.from('root:x:0:0'),
  ];
}

function expectSafe(res: { status: number; body: Buffer }, what: string): void {
  expect([400, 404], `${what} -> ${res.status} ${res.body.subarray(0, 200)}`).toContain(
    res.status,
  );
  for (const bytes of forbiddenBytes()) {
    expect(res.body.includes(bytes), `${what} leaked bytes`).toBe(false);
  }
  expect(res.body.toString('latin1')).not.toContain(app.lib.musicDir);
}

/** The route's path with one parameter replaced by a raw value, the others valid. */
function fill(spec: RouteSpec, param: string, value: string): string {
  return spec.path.replace(/:(\w+)/g, (_, name: string) =>
    name === param ? value : validTrack,
  );
}

const paramRoutes = () => routeTable().filter((spec) => spec.path.includes(':'));

describe('hostile path parameters, on every route that has one', () => {
  test('the table has routes that name files by id (stream, covers, folders)', () => {
    const paths = paramRoutes().map((spec) => spec.path);
    expect(paths).toContain('/api/tracks/:id/stream');
    expect(paths).toContain('/api/folders/:id');
  });

  test('each parameter, each hostile value: 400 or 404, no outside bytes', async () => {
    for (const spec of paramRoutes()) {
      for (const [, param] of spec.path.matchAll(/:(\w+)/g)) {
        for (const value of [...hostileValues(), ...literalPaths]) {
          const url = fill(spec, param!, value);
          const res = await rawRequest(app, url, { method: spec.method });
          expectSafe(res, `${spec.method} ${url}`);
        }
      }
    }
  });
});

/** True for a field declared with the library id pattern (see routes/input.ts). */
function isIdField(field: z.ZodType): boolean {
  const json = z.toJSONSchema(z.object({ field }), {
    io: 'input',
    unrepresentable: 'any',
  });
  return JSON.stringify(json).includes('A-Za-z0-9_-');
}

describe('hostile id-like query parameters', () => {
  /** Query fields declared with the library id pattern in some route's schema. */
  function idQueryFields(): [RouteSpec, string][] {
    return routeTable().flatMap((spec) =>
      Object.entries(spec.input?.query?.shape ?? {})
        .filter(([, field]) => isIdField(field))
        .map(([name]): [RouteSpec, string] => [spec, name]),
    );
  }

  test('there are some (artist and genre filters)', () => {
    expect(idQueryFields().length).toBeGreaterThanOrEqual(3);
  });

  test('each gets 400 for every hostile value', async () => {
    for (const [spec, name] of idQueryFields()) {
      for (const value of hostileValues()) {
        const url = `${spec.path}?${name}=${value}`;
        const res = await rawRequest(app, url, { method: spec.method });
        expectSafe(res, url);
        if (res.status !== 400) expect.fail(`${url} gave ${res.status}`);
      }
    }
  });
});

describe('hostile page paths (the static player files)', () => {
  const pagePaths = [
    '/../../etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/package.json',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/%252e%252e/package.json',
    '/index.html%00',
    '/index.html%00.js',
    '//etc/passwd',
    '/./../package.json',
    '/%c0%ae%c0%ae/package.json',
  ];

  test.each(pagePaths)('%s: 400 or 404, nothing from outside', async (url) => {
    expectSafe(await rawRequest(app, url), url);
    expectSafe(
      await rawRequest(
        app,
        url.replace('/', '/' + encodeURIComponent(app.lib.outsideDir)),
      ),
      url,
    );
  });
});

/** Track rows naming these files, as a library scanned elsewhere might hold; their ids. */
function insertTracks(prefix: string, files: string[]): string[] {
  const folderId = (
    app.db.prepare('SELECT id FROM folder LIMIT 1').get() as { id: string }
  ).id;
  const albumId = (app.db.prepare('SELECT id FROM album LIMIT 1').get() as { id: string })
    .id;
  const insert = app.db.prepare(`INSERT OR REPLACE INTO track (id, path, folder_id,
    album_id, title, sort_title, artist_name, suffix, size, mtime, fingerprint,
    created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x', 'x', 'mp3', 1, 0, 'x', 0, 0)`);
  return files.map((file, i) => {
    insert.run(`${prefix}${i}`, file, folderId, albumId);
    return `${prefix}${i}`;
  });
}

/** The symlinked file and the file in a symlinked folder that lead out. */
const linksOut = () => [
  path.join(app.lib.musicDir, 'Escapes', '01 Link Out.mp3'),
  path.join(app.lib.musicDir, 'Linked Folder', '01 Secret.mp3'),
];

describe('symlinks and rows that lead out of the library', () => {
  test('a symlinked file or folder pointing outside is not indexed, but recorded', () => {
    const { musicDir } = app.lib;
    const reason = 'links outside the music folders';
    const linked = [
      path.join(musicDir, 'Escapes', '01 Link Out.mp3'),
      path.join(musicDir, 'Leaky Cover', 'cover.jpg'),
      path.join(musicDir, 'Linked Folder'),
    ];
    const failures = app.db
      .prepare('SELECT path, reason FROM scan_failure WHERE reason = ? ORDER BY path')
      .all(reason);
    expect(failures).toEqual(linked.map((file) => ({ path: file, reason })));
    expect(() => trackIdOf(app, 'Escapes/01 Link Out.mp3')).toThrow(/not indexed/);
    expect(() => trackIdOf(app, 'Linked Folder/01 Secret.mp3')).toThrow(/not indexed/);
  });

  test('rows naming a symlink that leads outside are not streamed', async () => {
    for (const id of insertTracks('linkout', linksOut())) {
      expectSafe(await rawRequest(app, `/api/tracks/${id}/stream`), id);
    }
  });

  test('a cover image that is a symlink pointing outside is not served', async () => {
    const album = await albumNamed(app, 'Leaky Cover');
    expectSafe(await rawRequest(app, `/api/albums/${album.id}/cover`), 'album cover');
    const track = trackIdOf(app, 'Leaky Cover/01 Leak.mp3');
    expectSafe(await rawRequest(app, `/api/tracks/${track}/cover`), 'track cover');
  });

  test('rows naming outside files, dot-dot paths, NUL bytes or folders: 404', async () => {
    const { musicDir, secretFile } = app.lib;
    const paths = [
      secretFile,
      `${musicDir}/../outside/Secret Album/01 Secret.mp3`,
      `${musicDir}/Corpus/../../outside/Secret Album/01 Secret.mp3`,
      `${musicDir}-evil/01.mp3`,
      '/etc/passwd',
      `${musicDir}/Corpus/29 - Dominator.mp3\0`,
      musicDir,
      'outside/Secret Album/01 Secret.mp3',
    ];
    for (const [i, id] of insertTracks('hostile', paths).entries()) {
      expectSafe(await rawRequest(app, `/api/tracks/${id}/stream`), paths[i]!);
    }
  });

  test('fileInside: real paths, symlinked roots, sibling-prefix folders', () => {
    const root = tempDir('hearth-inside-');
    const music = path.join(root, 'music');
    fs.mkdirSync(music);
    fs.mkdirSync(path.join(root, 'music-evil'));
    fs.writeFileSync(path.join(music, 'a.mp3'), 'a');
    fs.writeFileSync(path.join(root, 'music-evil', 'b.mp3'), 'b');
    fs.symlinkSync(music, path.join(root, 'link'));
    return Promise.all([
      expect(fileInside(path.join(root, 'link', 'a.mp3'), [music])).resolves.toBe(
        fs.realpathSync(path.join(music, 'a.mp3')),
      ),
      expect(
        fileInside(path.join(music, 'a.mp3'), [path.join(root, 'link')]),
      ).resolves.toBeTruthy(),
      expect(
        fileInside(path.join(root, 'music-evil', 'b.mp3'), [music]),
      ).resolves.toBeNull(),
      expect(fileInside(music, [music])).resolves.toBeNull(),
      expect(
        fileInside(path.join(music, 'a.mp3'), [path.join(root, 'gone')]),
      ).resolves.toBeNull(),
    ]);
  });
});

describe('the Subsonic API (/rest)', () => {
  const idParams = ['id', 'songId', 'albumId', 'artistId', 'playlistId', 'musicFolderId'];
  let key = '';
  beforeAll(() => {
    key = createApiKey(app.db, app.account.user.id, 'traversal').key;
  });

  /** A /rest call as the admin; the answer must be a Subsonic answer with no outside bytes. */
  async function restSafe(name: string, query: string): Promise<RawResponse> {
    const url = `/rest/${name}?v=1.16.1&c=t&f=json&apiKey=${key}&${query}`;
    const res = await rawRequest(app, url);
    expect(res.status, url).toBeLessThan(500);
    for (const bytes of forbiddenBytes()) {
      expect(res.body.includes(bytes), `${url} leaked bytes`).toBe(false);
    }
    // An error may repeat what the client sent; nothing else names the folder.
    const sent = querystring.unescape(query);
    if (!sent.includes(app.lib.musicDir)) {
      expect(res.body.toString('latin1'), url).not.toContain(app.lib.musicDir);
    }
    return res;
  }

  test('every method, every id-like parameter, every hostile value', async () => {
    const built = subsonicMethods.filter((m) => 'access' in m);
    expect(built.length).toBeGreaterThan(40);
    for (const method of built) {
      for (const param of idParams) {
        for (const value of hostileValues())
          await restSafe(method.name, `${param}=${value}`);
      }
    }
  });

  test('stream, download and cover art refuse files that lead out of the library', async () => {
    for (const id of insertTracks('linkout', linksOut())) {
      for (const name of ['stream', 'download']) {
        const res = await restSafe(name, `id=${id}&format=raw`);
        expect(res.headers['content-type'], `${name} ${id}`).toMatch(/json/);
        expect(JSON.parse(res.body.toString())['subsonic-response'].status).toBe(
          'failed',
        );
      }
    }
    const album = await albumNamed(app, 'Leaky Cover');
    const track = trackIdOf(app, 'Leaky Cover/01 Leak.mp3');
    for (const id of [album.id, track, `al-${album.id}`]) {
      const res = await restSafe('getCoverArt', `id=${id}`);
      expect(res.headers['content-type'], `cover ${id}`).not.toMatch(/^image\//);
    }
  });
});
