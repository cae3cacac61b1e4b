// A server whose ffmpegPath setting names a binary that does not exist:
// health says transcoding is unavailable (ffmpeg_missing), the original file
// still plays, a transcode falls back to it when the client plays it, and
// answers 503 when the client does not.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/paths.js';
import { get, makeClip, scan, trackId, userCookie } from './helpers.js';

const music = tempDir('hearth-noffmpeg-');
const clip = makeClip(path.join(music, 'clip.flac'), 5);

let app: TestApp;
let cookie: string;
let id: string;

beforeAll(async () => {
  app = await startTestApp({
    settings: { musicFolders: [music], ffmpegPath: path.join(music, 'no-such-ffmpeg') },
  });
  cookie = await userCookie(app);
  await scan(app.db, [music]);
  id = trackId(app.db, clip);
});

afterAll(async () => {
  await app?.close();
});

const stream = (query: string) =>
  get(`${app.url}/api/tracks/${id}/stream?${query}`, { headers: { Cookie: cookie } });

describe('ffmpeg missing', () => {
  it('health reports transcoding unavailable, without local paths', async () => {
    const res = await get(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString()) as Record<string, unknown>;
    expect(body.status).toBe('ok');
    expect(body.transcoding).toEqual({
      available: false,
      problem: 'ffmpeg_missing',
      ffmpegVersion: null,
      profiles: [],
    });
    expect(res.body.toString()).not.toContain(music);
  });

  it('the original still plays, byte for byte', async () => {
    const res = await stream('format=raw');
    expect(res.status).toBe(200);
    const hash = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
    expect(hash(res.body)).toBe(hash(fs.readFileSync(clip)));
  });

  it('a transcode falls back to the original when the client plays it', async () => {
    const res = await stream('format=mp3_192');
    expect(res.status).toBe(200);
    expect(res.headers['x-hearth-transcode']).toBe('raw; reason=no_ffmpeg');
    expect(res.headers['content-type']).toBe('audio/flac');
  });

  it('answers 503 transcoding_unavailable when the client cannot play the original', async () => {
    const res = await stream('format=mp3_192&formats=mp3');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      error: 'transcoding_unavailable',
    });
  });
});

describe('ffmpeg present', () => {
  it('health lists the version and every profile', async () => {
    const other = await startTestApp({ settings: { musicFolders: [music] } });
    try {
      const res = await get(`${other.url}/api/health`);
      const body = JSON.parse(res.body.toString()) as { transcoding: unknown };
      expect(body.transcoding).toMatchObject({ available: true, problem: null });
      const { profiles } = body.transcoding as { profiles: string[] };
      expect(profiles).toEqual(
        expect.arrayContaining(['opus_128', 'mp3_320', 'aac_256']),
      );
    } finally {
      await other.close();
    }
  });
});
