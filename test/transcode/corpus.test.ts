// Every file of the real corpus through the stream route of the real app:
// raw bytes identical to the file; each profile decodes to the right codec,
// bitrate and duration (the length ffmpeg can decode, from MANIFEST.tsv), or
// to the lower profile (or the original) the decision takes for a lossy file
// below it; files with nothing decodable fail cleanly and fast.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideStream } from '../../server/transcode/decide.js';
import { sourceFormat } from '../../server/transcode/formats.js';
import { profiles, type TranscodeProfile } from '../../server/transcode/profiles.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { corpusDir, tempDir } from '../helpers/paths.js';
import { decodedSeconds, get, inParallel, probe, scan, userCookie } from './helpers.js';

interface Track {
  id: string;
  path: string;
  suffix: string;
  codec: string | null;
  container: string | null;
  lossless: number;
  bitrate: number | null;
}

const expectedCodec = { opus: 'opus', mp3: 'mp3', aac: 'aac' } as const;
const representatives = [
  'speex-with-comments.spx',
  'issue-266.flac',
  '2L-110_stereo-5644k-1b_04_0.1-sec.dsf',
];

let app: TestApp;
let cookie: string;
let tracks: Track[];
const manifest = decodedSeconds();
const outDir = tempDir('hearth-corpus-out-');

beforeAll(async () => {
  app = await startTestApp({
    settings: { musicFolders: [corpusDir], transcodeMax: 16, transcodeMaxPerUser: 16 },
  });
  cookie = await userCookie(app);
  await scan(app.db, [corpusDir]);
  tracks = app.db
    .prepare(
      `SELECT id, path, suffix, codec, container, lossless, bitrate
       FROM track ORDER BY path`,
    )
    .all() as Track[];
});

afterAll(async () => {
  await app?.close();
});

const stream = (id: string, query: string) =>
  get(`${app.url}/api/tracks/${id}/stream?${query}`, { headers: { Cookie: cookie } });

describe('raw stream', () => {
  it('is byte-identical to the file, for every scanned corpus file', async () => {
    expect(tracks.length).toBeGreaterThan(100);
    await inParallel(tracks, 4, async (track) => {
      const res = await stream(track.id, 'format=raw');
      expect(res.status, track.path).toBe(200);
      const want = crypto.createHash('sha256').update(fs.readFileSync(track.path));
      const got = crypto.createHash('sha256').update(res.body);
      expect(got.digest('hex'), track.path).toBe(want.digest('hex'));
      expect(res.headers['x-hearth-transcode']).toMatch(/^raw/);
    });
  });
});

describe('bitrate limit', () => {
  const byName = (name: string) => tracks.find((t) => path.basename(t.path) === name)!;

  it('a lossy file smaller than every profile is sent as it is', async () => {
    // 64 kbit/s MP3 under maxBitRate=48: no profile is smaller than the file.
    const track = byName('incomplete.mp3');
    const res = await stream(track.id, 'maxBitRate=48');
    expect(res.headers['x-hearth-transcode']).toBe('raw; reason=smallest');
    expect(res.body.equals(fs.readFileSync(track.path))).toBe(true);
  });

  it('a lossless file under maxBitRate=96 is the best profile at or under it', async () => {
    const track = byName('issue-266.flac');
    const res = await stream(track.id, 'maxBitRate=96');
    expect(res.status).toBe(200);
    expect(res.headers['x-hearth-transcode']).toBe('opus_96; reason=bitrate');
    expect(res.headers['content-type']).toBe('audio/ogg');
  });
});

describe('transcoded stream', () => {
  const decodable = () =>
    tracks.filter((t) => (manifest.get(path.basename(t.path)) ?? 0) > 0);
  const undecodable = () =>
    tracks.filter((t) => !((manifest.get(path.basename(t.path)) ?? 0) > 0));

  /** Checks one output against the profile and the decodable length. */
  function check(
    file: string,
    profile: TranscodeProfile,
    decoded: number,
    label: string,
  ) {
    const out = probe(file);
    expect(out.codec, label).toBe(expectedCodec[profile.codec]);
    expect(
      Math.abs(out.duration - decoded),
      `${label} duration ${out.duration}`,
    ).toBeLessThan(1);
    if (profile.codec === 'mp3') {
      // CBR: every frame header carries the bitrate.
      expect(out.headerBitrate, label).toBe(profile.bitrate * 1000);
    } else if (profile.codec === 'opus' && decoded >= 1) {
      // Constant bitrate Opus: the payload rate is the profile's.
      expect(out.payloadKbps / profile.bitrate, label).toBeGreaterThan(0.95);
      expect(out.payloadKbps / profile.bitrate, label).toBeLessThan(1.05);
    } else {
      // AAC is encoded to an average: never above the profile (simple signals use
      // less). Under a second, the encoder's first and last frames weigh more.
      const slack = decoded >= 1 ? 1.1 : 1.3;
      expect(out.payloadKbps, label).toBeLessThan(profile.bitrate * slack);
    }
  }

  /** What the decision makes of this file when a profile is asked by id. */
  function decided(track: Track, asked: TranscodeProfile): TranscodeProfile | 'raw' {
    const decision = decideStream({
      source: {
        format: sourceFormat(track),
        lossless: track.lossless === 1,
        bitrate: track.bitrate,
      },
      request: { format: asked.id },
      serverProfile: 'mp3_192',
    });
    return decision.kind === 'raw' ? 'raw' : decision.profile;
  }

  /** Profiles produced so far, to show every one is covered. */
  const produced = new Set<string>();

  /**
   * Asks for one file in one profile over HTTP and checks the output: the
   * profile, or what the decision takes instead for a lossy file below it.
   */
  async function transcodeAndCheck(track: Track, asked: TranscodeProfile) {
    const label = `${path.basename(track.path)} ${asked.id}`;
    const res = await stream(track.id, `format=${asked.id}`);
    expect(res.status, `${label}: ${res.body.toString().slice(0, 200)}`).toBe(200);
    const chosen = decided(track, asked);
    const header = String(res.headers['x-hearth-transcode']);
    if (chosen === 'raw') {
      expect(header, label).toMatch(/^raw; reason=(smallest|already_in_format)$/);
      expect(res.body.equals(fs.readFileSync(track.path)), label).toBe(true);
      return;
    }
    expect(header, label).toBe(`${chosen.id}; reason=requested`);
    expect(chosen.codec, label).toBe(asked.codec);
    expect(chosen.bitrate, label).toBeLessThanOrEqual(asked.bitrate);
    expect(res.headers['content-type'], label).toBe(chosen.contentType);
    const file = path.join(outDir, `${track.id}.${chosen.id}.${chosen.suffix}`);
    fs.writeFileSync(file, res.body);
    check(file, chosen, manifest.get(path.basename(track.path))!, label);
    fs.rmSync(file);
    produced.add(chosen.id);
  }

  it('decodes to the profile for every decodable file (profiles in turn)', async () => {
    // Each file in one profile, taking the profiles in turn: every file and
    // every profile is covered at a seventh of the cost of the full product.
    const files = decodable();
    expect(files.length).toBeGreaterThan(90);
    const jobs = files.map((track, i) => ({
      track,
      profile: profiles[i % profiles.length]!,
    }));
    await inParallel(jobs, 3, ({ track, profile }) => transcodeAndCheck(track, profile));
    expect([...produced].sort()).toEqual(profiles.map((p) => p.id).sort());
  }, 180_000);

  it('decodes to every profile for the awkward shapes', async () => {
    // Mono with no channel layout at 16 kHz (Speex), hi-res 88.2 kHz FLAC, and
    // DSD at 2.8 MHz: the sources whose output shape ffmpeg cannot simply keep.
    const chosen = tracks.filter((t) => representatives.includes(path.basename(t.path)));
    expect(chosen.length).toBe(representatives.length);
    const jobs = chosen.flatMap((track) =>
      profiles.map((profile) => ({ track, profile })),
    );
    await inParallel(jobs, 3, ({ track, profile }) => transcodeAndCheck(track, profile));
  }, 120_000);

  it('fails cleanly within 2 s for every file with nothing decodable', async () => {
    const bad = undecodable();
    // Six that ffprobe cannot open, five whose audio data was cut away.
    expect(bad.length).toBeGreaterThanOrEqual(11);
    // A client that plays only FLAC: none of them can be sent as it is.
    for (const track of bad) {
      for (const profile of ['mp3_192', 'opus_128']) {
        const res = await stream(track.id, `format=${profile}&formats=flac`);
        const label = `${path.basename(track.path)} ${profile}`;
        expect(res.status, label).toBe(422);
        expect(JSON.parse(res.body.toString()), label).toMatchObject({
          error: 'track_undecodable',
          message: 'the track cannot be decoded',
        });
        expect(res.totalMs, label).toBeLessThan(2000);
        expect(res.body.toString(), 'no local path leaks').not.toContain(corpusDir);
      }
    }
  });
});
