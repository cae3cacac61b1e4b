// Raw streaming through the real app: every Range form, conditional requests
// and HEAD, on several real corpus files of different formats. Every byte
// returned is compared with the file on disk.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { corpusCopies } from './fixture.js';
import {
  rawRequest,
  startLibraryApp,
  trackIdOf,
  type LibraryApp,
} from './library-app.js';

let app: LibraryApp;
beforeAll(async () => {
  app = await startLibraryApp();
});
afterAll(() => app?.close());

const expectedType: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.webm': 'audio/webm',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

const files = [
  ...corpusCopies.map((name) => `Corpus/${name}`),
  'Aurora Lane/Northern Lights/CD1/01 Dawn.flac',
];

/**
 * Requests the track's stream with extra headers. Plain node:http, not fetch:
 * fetch adds "Cache-Control: no-cache" to conditional requests, which rightly
 * disables 304.
 */
async function stream(rel: string, headers: Record<string, string> = {}, method = 'GET') {
  const id = trackIdOf(app, rel);
  // format=raw: the original file, whatever the default transcode decision is.
  const url = `/api/tracks/${id}/stream?format=raw`;
  const res = await rawRequest(app, url, { method, headers });
  const header = (name: string) => {
    const value = res.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? null);
  };
  return { res: { status: res.status, headers: { get: header } }, body: res.body };
}

describe.each(files)('raw stream of %s', (rel) => {
  const file = () => fs.readFileSync(path.join(app.lib.musicDir, rel));

  test('the whole file: 200, length, type, validators, identical bytes', async () => {
    const bytes = file();
    const { res, body } = await stream(rel);
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('content-type')).toBe(expectedType[path.extname(rel)]);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('last-modified')).toBeTruthy();
    expect(body.equals(bytes)).toBe(true);
  });

  test('first bytes, middle, suffix and open-ended ranges: 206 with exact bytes', async () => {
    const bytes = file();
    const size = bytes.length;
    const mid = Math.floor(size / 2);
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      [`bytes=${mid}-${mid + 999}`, mid, mid + 999],
      ['bytes=-500', size - 500, size - 1],
      [`bytes=${size - 1234}-`, size - 1234, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
      [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const { res, body } = await stream(rel, { Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range'), range).toBe(
        `bytes ${start}-${end}/${size}`,
      );
      expect(res.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect(body.equals(bytes.subarray(start, end + 1)), range).toBe(true);
    }
  });

  test('a range past the end: 416 with the size in Content-Range', async () => {
    const size = file().length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`]) {
      const { res, body } = await stream(rel, { Range: range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
      expect(JSON.parse(body.toString()).error).toBe('range_not_satisfiable');
    }
  });

  test('If-None-Match and If-Modified-Since: 304 without a body', async () => {
    const { res: first } = await stream(rel, { Range: 'bytes=0-0' });
    const etag = first.headers.get('etag') ?? '';
    const modified = first.headers.get('last-modified') ?? '';
    for (const headers of [
      { 'If-None-Match': etag },
      { 'If-Modified-Since': modified },
    ] as Record<string, string>[]) {
      const { res, body } = await stream(rel, headers);
      expect(res.status).toBe(304);
      expect(body.length).toBe(0);
    }
    const { res: changed } = await stream(rel, { 'If-None-Match': '"other"' });
    expect(changed.status).toBe(200);
  });
});

describe('raw stream edge cases', () => {
  const rel = 'Corpus/29 - Dominator.mp3';

  test('HEAD gives the headers of the whole file and no body', async () => {
    const size = fs.statSync(path.join(app.lib.musicDir, rel)).size;
    const { res, body } = await stream(rel, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(size));
    expect(body.length).toBe(0);
  });

  test('several ranges, a malformed range, or a stale If-Range give the whole file', async () => {
    const bytes = fs.readFileSync(path.join(app.lib.musicDir, rel));
    for (const headers of [
      { Range: 'bytes=0-9,100-109' },
      { Range: 'bytes=abc' },
      { Range: 'bytes=0-9', 'If-Range': '"stale"' },
    ] as Record<string, string>[]) {
      const { res, body } = await stream(rel, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(body.equals(bytes)).toBe(true);
    }
  });

  test('a file changed on disk gets a new ETag', async () => {
    const { res: before } = await stream(rel, { Range: 'bytes=0-0' });
    const file = path.join(app.lib.musicDir, rel);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const { res: after } = await stream(rel, {
      'If-None-Match': before.headers.get('etag') ?? '',
    });
    expect(after.status).toBe(200);
  });

  test('a track whose file has gone: 404 file_not_found', async () => {
    const id = trackIdOf(app, 'Corpus/issue_62.ogg');
    fs.renameSync(
      path.join(app.lib.musicDir, 'Corpus/issue_62.ogg'),
      path.join(app.lib.musicDir, 'Corpus/issue_62.moved'),
    );
    const res = await app.account.fetch(`/api/tracks/${id}/stream?format=raw`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('file_not_found');
  });
});
