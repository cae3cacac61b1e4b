// A transcode's life over real HTTP with real ffmpeg: seeking, the cache
// (a second play runs no ffmpeg and answers Range), a client that leaves
// (ffmpeg gone within a second, counted in /proc), and the caps (30 at once
// with a cap of 4: exactly 4 run, the rest 429 or the original).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paceLeadSeconds } from '../../server/transcode/pace.js';
import { transcodeEvents } from '../../server/transcode/runner.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/paths.js';
import {
  ffmpegPids,
  get,
  makeClip,
  open,
  probe,
  scan,
  trackId,
  userCookie,
  waitFor,
} from './helpers.js';

const music = tempDir('hearth-stream-music-');
const outDir = tempDir('hearth-stream-out-');
const clip = makeClip(path.join(music, 'clip.flac'), 60);
const cacheClip = makeClip(path.join(music, 'cached.flac'), 20, 330);
// Long enough that no transcode of it finishes while a test looks.
const long = makeClip(path.join(music, 'long.flac'), 1200, 440);

let app: TestApp;
let cookie: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({
    settings: { musicFolders: [music], transcodeMax: 4, transcodeMaxPerUser: 64 },
  });
  cookie = await userCookie(app);
  await scan(app.db, [music]);
  for (const file of [clip, cacheClip, long])
    ids[path.basename(file)] = trackId(app.db, file);
});

afterAll(async () => {
  await app?.close();
  // No ffmpeg started by this process outlives the tests.
  await waitFor(
    () => ffmpegPids(process.pid).length === 0,
    2000,
    'ffmpeg gone after all',
  );
});

const url = (file: string, query: string) =>
  `${app.url}/api/tracks/${ids[file]}/stream?${query}`;
const headers = () => ({ Cookie: cookie });

/** Saves a body and probes it. */
function probed(body: Buffer, name: string) {
  const file = path.join(outDir, name);
  fs.writeFileSync(file, body);
  return probe(file);
}

describe('seek', () => {
  it.each(['mp3_192', 'opus_128', 'aac_128'])(
    '%s from the middle lasts the remaining time (±1 s)',
    async (profile) => {
      const res = await get(url('clip.flac', `format=${profile}&timeOffset=30`), {
        headers: headers(),
      });
      expect(res.status).toBe(200);
      expect(res.headers['x-hearth-transcode']).toMatch(new RegExp(`^${profile}`));
      const out = probed(res.body, `seek.${profile}`);
      expect(Math.abs(out.duration - 30), `duration ${out.duration}`).toBeLessThan(1);
    },
  );

  it('a seek at or past the end is 416 range_not_satisfiable, before any ffmpeg', async () => {
    const { duration } = app.db
      .prepare('SELECT duration FROM track WHERE id = ?')
      .get(ids['clip.flac']) as { duration: number };
    let starts = 0;
    const count = () => (starts += 1);
    transcodeEvents.on('change', count);
    for (const offset of [duration, 90]) {
      const res = await get(url('clip.flac', `format=mp3_192&timeOffset=${offset}`), {
        headers: headers(),
      });
      expect(res.status, `timeOffset=${offset}`).toBe(416);
      expect(JSON.parse(res.body.toString())).toEqual({
        error: 'range_not_satisfiable',
        message: 'timeOffset is past the end of the track',
      });
      expect(res.headers['x-request-id']).toBeTruthy();
    }
    transcodeEvents.off('change', count);
    expect(starts, 'ffmpeg runs for a seek past the end').toBe(0);
    // The last second still plays.
    const lastSecond = url('clip.flac', `format=mp3_192&timeOffset=${duration - 1}`);
    const last = await get(lastSecond, { headers: headers() });
    expect(last.status).toBe(200);
    expect(probed(last.body, 'last.mp3').duration).toBeGreaterThan(0.5);
  });
});

describe('cache', () => {
  it('serves a second play from the cache: no ffmpeg, same bytes, correct Range', async () => {
    const first = await get(url('cached.flac', 'format=opus_96'), { headers: headers() });
    expect(first.status).toBe(200);
    expect(first.headers['x-hearth-cache']).toBe('miss');
    expect(Math.abs(probed(first.body, 'first.opus').duration - 20)).toBeLessThan(1);

    // The finished transcode moves into the cache just after the last byte.
    let starts = 0;
    const count = (running: number) => (starts += running > 0 ? 1 : 0);
    const cacheDir = path.join(app.dataDir, 'transcode-cache');
    await waitFor(() => hasFile(cacheDir, '.opus'), 5000, 'cache commit');
    transcodeEvents.on('change', count);
    try {
      const second = await get(url('cached.flac', 'format=opus_96'), {
        headers: headers(),
      });
      expect(second.status).toBe(200);
      expect(second.headers['x-hearth-cache']).toBe('hit');
      expect(second.headers['accept-ranges']).toBe('bytes');
      expect(Number(second.headers['content-length'])).toBe(first.body.length);
      expect(second.body.equals(first.body)).toBe(true);
      await checkRanges(url('cached.flac', 'format=opus_96'), first.body);
    } finally {
      transcodeEvents.off('change', count);
    }
    expect(starts, 'ffmpeg runs during cached plays').toBe(0);
  });

  it('concurrent first plays of the same file and profile share one ffmpeg', async () => {
    const before = ffmpegPids(process.pid).length;
    const opened = await Promise.all(
      [1, 2, 3].map(() =>
        open(url('long.flac', 'format=mp3_128'), { headers: headers() }),
      ),
    );
    expect(opened.map((o) => o.res.statusCode)).toEqual([200, 200, 200]);
    expect(opened.map((o) => o.res.headers['x-hearth-cache']).sort()).toEqual([
      'miss',
      'shared',
      'shared',
    ]);
    expect(ffmpegPids(process.pid).length - before).toBe(1);
    for (const { req } of opened) req.destroy();
    await waitFor(
      () => ffmpegPids(process.pid).length === before,
      2000,
      'shared ffmpeg gone',
    );
  });
});

/** First bytes, middle, suffix, open-ended, and past the end. */
async function checkRanges(address: string, whole: Buffer) {
  const size = whole.length;
  const cases: [string, number, number][] = [
    ['bytes=0-99', 0, 99],
    [`bytes=${size >> 1}-${(size >> 1) + 999}`, size >> 1, (size >> 1) + 999],
    ['bytes=-500', size - 500, size - 1],
    [`bytes=${size - 1000}-`, size - 1000, size - 1],
  ];
  for (const [range, start, end] of cases) {
    const res = await get(address, { headers: { ...headers(), Range: range } });
    expect(res.status, range).toBe(206);
    expect(res.headers['content-range'], range).toBe(`bytes ${start}-${end}/${size}`);
    expect(res.body.equals(whole.subarray(start, end + 1)), range).toBe(true);
  }
  const past = await get(address, { headers: { ...headers(), Range: `bytes=${size}-` } });
  expect(past.status).toBe(416);
}

function hasFile(dir: string, suffix: string): boolean {
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith(suffix));
}

describe('disconnect', () => {
  it.each([
    ['a first play (shared, to the cache)', 'format=mp3_192'],
    ['a seek (piped to one client)', 'format=mp3_192&timeOffset=100'],
  ])('kills ffmpeg within 1 s when the client leaves %s', async (_name, query) => {
    const before = ffmpegPids(process.pid);
    const { req, res } = await open(url('long.flac', query), { headers: headers() });
    expect(res.statusCode).toBe(200);
    // Take some audio, then leave mid-stream.
    await new Promise((resolve) => res.once('data', resolve));
    const mine = ffmpegPids(process.pid).filter((pid) => !before.includes(pid));
    expect(mine).toHaveLength(1);
    req.destroy();
    const ms = await waitFor(
      () => !ffmpegPids(process.pid).includes(mine[0]!),
      1000,
      'ffmpeg killed after the client left',
    );
    expect(ms).toBeLessThan(1000);
    // The unfinished transcode leaves nothing in the cache.
    await waitFor(
      () => !hasFile(path.join(app.dataDir, 'transcode-cache'), '.part'),
      2000,
      'part file dropped',
    );
  });
});

describe('pace', () => {
  it('a seek runs the lead ahead at once, then no faster than playback', async () => {
    // mp3_128 is 16,000 bytes a second; unpaced, ffmpeg would fill the socket
    // buffers with minutes of audio in these 3 s.
    const { req, res } = await open(url('long.flac', 'format=mp3_128&timeOffset=60'), {
      headers: headers(),
    });
    let bytes = 0;
    res.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    req.destroy();
    const seconds = bytes / 16_000;
    expect(seconds, 'the lead arrives at once').toBeGreaterThan(paceLeadSeconds - 5);
    expect(seconds, 'then playback pace').toBeLessThan((paceLeadSeconds + 3) * 1.1 + 2);
  });
});

describe('caps', () => {
  /** Opens 30 seeks at once (each a transcode of its own); bodies stay unread. */
  async function thirty(extra: string) {
    const tries = Array.from({ length: 30 }, (_, i) =>
      open(url('long.flac', `format=mp3_192&timeOffset=${10 + i}${extra}`), {
        headers: headers(),
      }),
    );
    return Promise.all(tries);
  }

  async function closeAll(opened: { req: http.ClientRequest }[]) {
    for (const { req } of opened) req.destroy();
    await waitFor(() => ffmpegPids(process.pid).length === 0, 2000, 'capped ffmpeg gone');
  }

  it('30 at once with a cap of 4: 4 run, 26 get 429 with Retry-After', async () => {
    // The client plays only mp3: the FLAC original is no fallback.
    const opened = await thirty('&formats=mp3');
    try {
      const statuses = opened.map((o) => o.res.statusCode);
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(26);
      for (const { res } of opened.filter((o) => o.res.statusCode === 429)) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      expect(ffmpegPids(process.pid)).toHaveLength(4);
    } finally {
      await closeAll(opened);
    }
  });

  it('over the cap, a client that plays the original gets it instead', async () => {
    const opened = await thirty('');
    try {
      const kinds = opened.map((o) => String(o.res.headers['x-hearth-transcode']));
      expect(kinds.filter((k) => k.startsWith('mp3_192'))).toHaveLength(4);
      const raw = opened.filter((o) =>
        /^raw; reason=transcode_limit/.test(String(o.res.headers['x-hearth-transcode'])),
      );
      expect(raw).toHaveLength(26);
      expect(raw.every((o) => o.res.statusCode === 200)).toBe(true);
      expect(raw[0]!.res.headers['content-type']).toBe('audio/flac');
      expect(ffmpegPids(process.pid)).toHaveLength(4);
    } finally {
      await closeAll(opened);
    }
  });
});
