// Media through the subsonic-api client: stream with format, maxBitRate,
// timeOffset and estimateContentLength (checked with ffprobe), the original
// file by format=raw and download, and cover art with and without size.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { SubsonicAPI } from 'subsonic-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths.js';
import { probe, startSubsonic, type SubsonicFixture } from './fixture.js';
import { parseXml } from './xml.js';

let fx: SubsonicFixture;
let api: SubsonicAPI;
// subsonic-api's type lists mp3, aac, ogg and raw; Hearth's profiles also
// answer to "opus", which the client passes through unchanged.
const opus = 'opus' as 'ogg';
const out = tempDir('hearth-subsonic-media-');

beforeAll(async () => {
  fx = await startSubsonic();
  api = fx.client('user');
});
afterAll(() => fx.close());

/** Saves a response body to a file and returns the file and the bytes. */
async function save(res: Response, name: string) {
  expect(
    res.status,
    await res
      .clone()
      .text()
      .then((t) => t.slice(0, 300)),
  ).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const file = path.join(out, name);
  fs.writeFileSync(file, bytes);
  return { file, bytes };
}

const near = (value: number, expected: number, tolerance: number) =>
  expect(Math.abs(value - expected), `${value} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );

describe('stream', () => {
  it('timeOffset and maxBitRate with format=mp3: mp3 at 128 kbit/s from 20 s on', async () => {
    const id = fx.trackId('Radio/Deep/Deeper/Recitation.ogg');
    const res = await api.stream({ id, format: 'mp3', maxBitRate: 128, timeOffset: 20 });
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const { file } = await save(res, 'offset.mp3');
    const info = probe(file);
    expect(info.codec).toBe('mp3');
    near(info.bitrate, 128, 6);
    near(info.duration, 52 - 20, 1.5);
  });

  it('maxBitRate alone brings a lossless file under the limit', async () => {
    const id = fx.trackId('Santana/Shaman/CD2/01 Shaman.flac');
    const { file } = await save(await api.stream({ id, maxBitRate: 128 }), 'limit.mp3');
    const info = probe(file);
    expect(info.codec).toBe('mp3');
    near(info.bitrate, 128, 6);
    near(info.duration, 10, 0.5);
  });

  it('format=opus with maxBitRate=96 gives Opus near 96 kbit/s', async () => {
    const id = fx.trackId('Radio/Deep/Long Wave.wav');
    const res = await api.stream({ id, format: opus, maxBitRate: 96 });
    expect(res.headers.get('content-type')).toBe('audio/ogg');
    const { file } = await save(res, 'wave.opus');
    const info = probe(file);
    expect(info.codec).toBe('opus');
    near(info.bitrate, 96, 20);
    near(info.duration, 211.3, 1.5);
  });

  it('maxBitRate under a lossy file and every profile sends the file', async () => {
    // A 56 kbit/s Vorbis file: no profile would be smaller.
    const rel = 'Radio/Deep/Deeper/Recitation.ogg';
    const res = await api.stream({ id: fx.trackId(rel), maxBitRate: 48 });
    expect(res.headers.get('x-hearth-transcode')).toBe('raw; reason=smallest');
    const { bytes } = await save(res, 'smallest.ogg');
    expect(bytes.equals(fs.readFileSync(path.join(fx.folders[0], rel)))).toBe(true);
  });

  it('maxBitRate=96 on a lossless file takes Opus 96, not MP3 128', async () => {
    const id = fx.trackId('Santana/Shaman/CD2/01 Shaman.flac');
    const res = await api.stream({ id, maxBitRate: 96 });
    expect(res.headers.get('x-hearth-transcode')).toBe('opus_96; reason=bitrate');
    const info = probe((await save(res, 'limit96.opus')).file);
    expect(info.codec).toBe('opus');
    near(info.bitrate, 96, 20);
  });

  it('timeOffset past the end is a 416 with a Subsonic error', async () => {
    const id = fx.trackId('Radio/Deep/Deeper/Recitation.ogg');
    const res = await api.custom('stream.view', { id, timeOffset: 100, f: 'json' });
    expect(res.status).toBe(416);
    const body = (await res.json()) as { 'subsonic-response': unknown };
    expect(body['subsonic-response']).toMatchObject({
      status: 'failed',
      error: { code: 0, message: 'timeOffset is past the end of the track' },
    });
  });

  it('format=raw sends the original bytes, with ranges', async () => {
    const rel = 'Dethklok/The Dethalbum/01 Dethklok.mp3';
    const id = fx.trackId(rel);
    const res = await api.stream({ id, format: 'raw' });
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    const { bytes } = await save(res, 'raw.mp3');
    expect(bytes.equals(fs.readFileSync(path.join(fx.folders[0], rel)))).toBe(true);
  });

  it('estimateContentLength announces a length the body matches', async () => {
    const id = fx.trackId('Santana/Shaman/CD2/01 Shaman.flac');
    const res = await api.stream({ id, format: opus, estimateContentLength: true });
    const length = Number(res.headers.get('content-length'));
    expect(length).toBeGreaterThan(10 * 16_000 * 0.9);
    const { bytes } = await save(res, 'estimated.opus');
    expect(bytes.length).toBe(length);
  });

  it('an unknown or hidden track is a Subsonic error, in XML by default', async () => {
    const hidden = fx.trackId('Pendulum/Blood Sugar/01 Blood Sugar.mp3');
    for (const id of ['nope', hidden]) {
      const res = await api.custom('stream.view', { id, f: 'xml' });
      expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
      const root = parseXml(await res.text());
      expect(root).toMatchObject({ status: 'failed', error: [{ code: '70' }] });
    }
  });
});

describe('download', () => {
  it('sends the original file as an attachment', async () => {
    const rel = 'Loose Track.mp3';
    const res = await api.download({ id: fx.trackId(rel) });
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="Loose Track\.mp3"/,
    );
    const { bytes } = await save(res, 'download.mp3');
    expect(bytes.equals(fs.readFileSync(path.join(fx.folders[0], rel)))).toBe(true);
  });
});

describe('getCoverArt', () => {
  it('the folder image of an album, whole and resized', async () => {
    const track = fx.trackId('Dethklok/The Dethalbum/01 Dethklok.mp3');
    const albumId = (await api.getSong({ id: track })).song.albumId!;
    const whole = await save(await api.getCoverArt({ id: albumId }), 'whole.jpg');
    expect(await sharp(whole.bytes).metadata()).toMatchObject({
      width: 600,
      height: 400,
    });
    const small = await save(
      await api.getCoverArt({ id: albumId, size: 150 }),
      'small.jpg',
    );
    const meta = await sharp(small.bytes).metadata();
    expect(meta).toMatchObject({ width: 150, height: 100, format: 'jpeg' });
  });

  it('the embedded picture of a track, and its coverArt id from getSong', async () => {
    const id = fx.trackId('Santana/Shaman/CD2/01 Shaman.flac');
    const coverArt = (await api.getSong({ id })).song.coverArt!;
    const res = await api.getCoverArt({ id: coverArt, size: 64 });
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(64);
  });

  it('no picture is error 70, in the format asked for', async () => {
    const id = fx.trackId('Radio/Deep/Long Wave.wav');
    const res = await api.custom('getCoverArt.view', { id });
    const body = (await res.json()) as {
      'subsonic-response': { error: { code: number } };
    };
    expect(body['subsonic-response'].error.code).toBe(70);
  });
});
