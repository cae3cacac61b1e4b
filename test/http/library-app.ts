// The app on a real port over the fixture library, with an admin signed in,
// plus small HTTP helpers for the tests: JSON GETs, raw requests whose path
// is sent byte for byte (fetch would normalize "..", backslashes and
// percent-escapes), and lookups. The helpers send the admin's session cookie.
import http from 'node:http';
import { expect } from 'vitest';
import { startTestApp, type SignedInTestApp, type TestApp } from '../helpers/app.js';
import type { SignedIn } from '../helpers/auth.js';
import { buildLibrary, type LibraryFixture } from './fixture.js';
import { scanLibrary } from '../../server/library/scanner/index.js';

export interface LibraryApp extends SignedInTestApp {
  lib: LibraryFixture;
}

/** A test app, signed in when it has an account. */
type AppWithSession = TestApp & { account?: SignedIn };

/** Builds the fixture library, starts the app on it, and scans it for real. */
export async function startLibraryApp(): Promise<LibraryApp> {
  const lib = buildLibrary();
  const app = await startTestApp({
    settings: { musicFolders: [lib.musicDir] },
    signIn: 'admin',
  });
  await scanLibrary({ db: app.db, folders: [lib.musicDir], threads: 2 });
  return { ...app, lib };
}

/** GETs JSON and checks the status. */
export async function getJson<T = Record<string, unknown>>(
  app: AppWithSession,
  path: string,
  status = 200,
): Promise<T> {
  const res = await (app.account ? app.account.fetch(path) : fetch(app.url + path));
  const body = await res.text();
  expect(res.status, `${path}: ${body}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return JSON.parse(body) as T;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with the path sent exactly as given, with the app's session. */
export function rawRequest(
  app: AppWithSession,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { port } = new URL(app.url);
  const headers = { ...options.headers };
  if (app.account) {
    headers.Cookie ??= app.account.cookie;
    headers.Origin ??= app.url;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The id of the track indexed from this file (path relative to the music folder). */
export function trackIdOf(app: LibraryApp, rel: string): string {
  const row = app.db
    .prepare('SELECT id FROM track WHERE path = ?')
    .get(`${app.lib.musicDir}/${rel}`) as { id: string } | undefined;
  if (!row) throw new Error(`not indexed: ${rel}`);
  return row.id;
}

interface Named {
  id: string;
  name: string;
}

/** The album with this name, through the API. */
export async function albumNamed(app: AppWithSession, name: string): Promise<Named> {
  const page = await getJson<{ items: Named[] }>(app, '/api/albums?limit=500');
  const album = page.items.find((item) => item.name === name);
  if (!album) throw new Error(`no album ${name}`);
  return album;
}
