// The artwork cache over the real corpus: every corpus file with cover art
// (MANIFEST.tsv's cover_art column) serves a thumbnail at each cached size
// in WebP and JPEG, with the right longest edge (the size, or the picture's
// own when it is smaller) and ETag/Cache-Control. A corrupt folder image is
// recorded in artwork_failure and answered as "no cover", and the pre-warm
// job makes every album's thumbnails, counts the broken one, and resumes
// from its checkpoint after a stop.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listFailures } from '../../server/artwork/failures.js';
import { thumbnailFormats, thumbnailSizes } from '../../server/artwork/sizes.js';
import { artworkOf } from '../../server/artwork/thumbnails.js';
import { scanLibrary } from '../../server/library/scanner/index.js';
import { artworkJob } from '../../server/worker/jobs/artwork.js';
import type { JobContext } from '../../server/worker/scheduler.js';
import { startTestApp, type SignedInTestApp } from '../helpers/app.js';
import { corpusDir, tempDir } from '../helpers/paths.js';
import { rawRequest } from '../http/library-app.js';

/** Corpus files whose manifest says they carry cover art. */
function filesWithCovers(): string[] {
  const rows = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n');
  const header = rows[0]!.split('\t');
  const file = header.indexOf('file');
  const cover = header.indexOf('cover_art');
  return rows
    .slice(1)
    .map((row) => row.split('\t'))
    .filter((cells) => cells[cover]?.startsWith('yes'))
    .map((cells) => cells[file]!);
}

const covered = filesWithCovers();
const music = tempDir('hearth-art-music-');
const brokenDir = path.join(music, 'Broken Cover');
let app: SignedInTestApp;

beforeAll(async () => {
  // 1. The covered corpus files, each in its own album folder.
  for (const name of covered) {
    const dir = path.join(music, 'Corpus', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(corpusDir, name), path.join(dir, name));
  }
  // 2. An album with no embedded picture and a truncated folder cover.jpg.
  fs.mkdirSync(brokenDir);
  fs.copyFileSync(
    path.join(corpusDir, 'id3v1_Blood_Sugar.mp3'),
    path.join(brokenDir, 'a.mp3'),
  );
  const jpeg = fs.readFileSync(path.join(corpusDir, 'flac.flac.jpg'));
  fs.writeFileSync(path.join(brokenDir, 'cover.jpg'), jpeg.subarray(0, jpeg.length / 3));

  app = await startTestApp({ settings: { musicFolders: [music] }, signIn: 'user' });
  await scanLibrary({ db: app.db, folders: [music], threads: 2 });
}, 60_000);

afterAll(() => app?.close());

function trackIdOf(file: string): string {
  const row = app.db.prepare('SELECT id FROM track WHERE path = ?').get(file) as
    { id: string } | undefined;
  if (!row) throw new Error(`not indexed: ${file}`);
  return row.id;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await app.account.fetch(url, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('cover thumbnails', () => {
  test('the corpus lists files with cover art', () => {
    expect(covered.length).toBeGreaterThanOrEqual(50);
  });

  test('every corpus file with cover art serves each size in WebP and JPEG', async () => {
    const failures: string[] = [];
    for (const name of covered) {
      const id = trackIdOf(path.join(music, 'Corpus', name, name));
      const whole = await get(`/api/tracks/${id}/cover`);
      if (whole.res.status !== 200) {
        failures.push(`${name}: original ${whole.res.status}`);
        continue;
      }
      const source = await sharp(whole.body).metadata();
      const sourceEdge = Math.max(source.width ?? 0, source.height ?? 0);
      for (const size of thumbnailSizes) {
        for (const format of thumbnailFormats) {
          const { res, body } = await get(
            `/api/tracks/${id}/cover?size=${size}&format=${format}`,
          );
          const meta = res.status === 200 ? await sharp(body).metadata() : null;
          const edge = Math.max(meta?.width ?? 0, meta?.height ?? 0);
          const ok =
            res.status === 200 &&
            res.headers.get('content-type') === `image/${format}` &&
            meta?.format === format &&
            edge === Math.min(size, sourceEdge);
          if (!ok)
            failures.push(
              `${name} ${size} ${format}: ${res.status} ${meta?.format} ${edge}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  test('sizes round up to the next cached one; WebP when Accept allows it', async () => {
    const id = trackIdOf(path.join(music, 'Corpus', 'flac.flac', 'flac.flac'));
    const webp = await get(`/api/tracks/${id}/cover?size=100`, {
      Accept: 'image/webp,*/*',
    });
    expect(webp.res.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(webp.body).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(300);
    const jpeg = await get(`/api/tracks/${id}/cover?size=5000`);
    expect(jpeg.res.status).toBe(400); // above the bound of the size parameter
    const big = await get(`/api/tracks/${id}/cover?size=2000`, { Accept: 'image/jpeg' });
    expect(big.res.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(big.body).metadata()).format).toBe('jpeg');
  });

  test('an ETag and Cache-Control; the same ETag again is a 304', async () => {
    const id = trackIdOf(path.join(music, 'Corpus', 'flac.flac', 'flac.flac'));
    const first = await get(`/api/tracks/${id}/cover?size=64&format=jpeg`);
    const etag = first.res.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    // (rawRequest: fetch may add its own cache headers.)
    const again = await rawRequest(app, `/api/tracks/${id}/cover?size=64&format=jpeg`, {
      headers: { 'If-None-Match': etag! },
    });
    expect(again.status).toBe(304);
  });
});

describe('a broken cover', () => {
  test('is recorded and answered as "no cover", twice without a new decode', async () => {
    const id = trackIdOf(path.join(brokenDir, 'a.mp3'));
    for (let i = 0; i < 2; i++) {
      const { res, body } = await get(`/api/tracks/${id}/cover?size=300`);
      expect(res.status).toBe(404);
      expect(JSON.parse(body.toString())).toMatchObject({ error: 'cover_not_found' });
    }
    const failures = listFailures(app.db);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ source: path.join(brokenDir, 'cover.jpg') });
    expect(failures[0]!.reason).toMatch(/jpeg/i);
  });
});

/** A JobContext that keeps its checkpoint in memory, aborted after `stopAfter` saves. */
function fakeContext(checkpoint: unknown, stopAfter = Infinity) {
  const controller = new AbortController();
  const state = { checkpoint, saves: 0 };
  const ctx: JobContext = {
    signal: controller.signal,
    checkpoint,
    options: {},
    save: (saved) => {
      state.checkpoint = saved;
      if (++state.saves >= stopAfter) controller.abort(new Error('limit'));
    },
    progress: () => {},
  };
  return { ctx, state };
}

describe('the pre-warm job', () => {
  test('stopped part way, it resumes after its checkpoint and makes every thumbnail', async () => {
    const job = artworkJob({ db: app.db, settings: app.settings, dataDir: app.dataDir });
    const albums = (
      app.db.prepare('SELECT count(*) AS n FROM album').get() as { n: number }
    ).n;

    // 1. A run stopped after five albums keeps the last one as its checkpoint.
    const first = fakeContext(null, 5);
    await expect(job.run(first.ctx)).rejects.toThrow('limit');
    expect(first.state.checkpoint).toMatchObject({ after: expect.any(String) });

    // 2. The next run starts after it and does the rest; the broken cover is counted.
    const second = fakeContext(first.state.checkpoint);
    const result = (await job.run(second.ctx)) as Record<string, number | string>;
    expect(result.resumedFrom).toBe((first.state.checkpoint as { after: string }).after);
    expect(result.albums).toBe(albums - 5);
    expect(result.broken).toBe(1);

    // 3. Every album with a usable cover now has all eight files cached.
    const art = artworkOf({ db: app.db, dataDir: app.dataDir, settings: app.settings });
    const rerun = (await job.run(fakeContext(null).ctx)) as Record<
      'made' | 'cached' | 'broken' | 'none',
      number
    >;
    expect(rerun.made).toBe(0);
    expect(rerun.cached + rerun.broken + rerun.none).toBe(albums);
    // An album whose original cover is served is cached, or is the broken one.
    const ids = app.db.prepare('SELECT id FROM album').all() as { id: string }[];
    let withCover = 0;
    for (const { id } of ids)
      if ((await get(`/api/albums/${id}/cover`)).res.status === 200) withCover++;
    expect(rerun.cached + rerun.broken).toBe(withCover);
    expect(rerun.broken).toBe(1);
    expect(art.store.size()).toBeGreaterThan(0);
  }, 120_000);

  test('the cache is trimmed to artworkCacheMb', () => {
    const art = artworkOf({
      db: app.db,
      dataDir: app.dataDir,
      settings: { ...app.settings, artworkCacheMb: 1 },
    });
    art.store.trim();
    expect(art.store.size()).toBeLessThanOrEqual(1024 * 1024);
  });
});
