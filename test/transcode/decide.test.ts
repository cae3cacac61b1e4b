// The stream decision as a table: each row is one situation a client can be
// in, and the answer Hearth must give.
import { describe, expect, it } from 'vitest';
import { decideStream, type DecisionInput } from '../../server/transcode/decide.js';
import {
  parseFormats,
  sourceFormat,
  type SourceFormat,
} from '../../server/transcode/formats.js';
import { findProfile } from '../../server/transcode/profiles.js';

type Source = DecisionInput['source'];
const flac: Source = { format: 'flac', lossless: true, bitrate: 900 };
const mp3_320: Source = { format: 'mp3', lossless: false, bitrate: 320 };
const mp3_128: Source = { format: 'mp3', lossless: false, bitrate: 128 };
const wma: Source = { format: 'wma', lossless: false, bitrate: 128 };
const ape: Source = { format: 'ape', lossless: true, bitrate: 700 };
const alac: Source = { format: 'alac', lossless: true, bitrate: 800 };
const opus: Source = { format: 'opus', lossless: false, bitrate: 96 };
const mp3_64: Source = { format: 'mp3', lossless: false, bitrate: 64 };
const mp3_112: Source = { format: 'mp3', lossless: false, bitrate: 112 };
const mp3_unknown: Source = { format: 'mp3', lossless: false, bitrate: null };
const wma_320: Source = { format: 'wma', lossless: false, bitrate: 320 };

interface Row {
  name: string;
  source: Source;
  request?: DecisionInput['request'];
  user?: DecisionInput['user'];
  formats?: SourceFormat[];
  server?: string;
  /** 'raw:<reason>' or '<profile>:<reason>' with '+fallback' when raw may replace it. */
  expect: string;
}

const table: Row[] = [
  // Nothing asks for a transcode.
  { name: 'browser plays flac', source: flac, expect: 'raw:playable' },
  { name: 'browser plays mp3', source: mp3_320, expect: 'raw:playable' },
  {
    name: 'explicit raw',
    source: wma,
    request: { format: 'raw' },
    expect: 'raw:requested',
  },
  {
    name: 'explicit raw ignores the offset',
    source: flac,
    request: { format: 'raw', timeOffset: 30 },
    expect: 'raw:requested',
  },
  // 1. The client asks.
  {
    name: 'profile by id',
    source: flac,
    request: { format: 'opus_128' },
    expect: 'opus_128:requested+fallback',
  },
  {
    name: 'profile spelled without underscore',
    source: flac,
    request: { format: 'mp3192' },
    expect: 'mp3_192:requested+fallback',
  },
  {
    name: 'a bare codec takes its everyday profile',
    source: flac,
    request: { format: 'aac' },
    expect: 'aac_128:requested+fallback',
  },
  {
    name: "a bare codec takes the server's profile when it is that codec",
    source: flac,
    request: { format: 'opus' },
    server: 'opus_96',
    expect: 'opus_96:requested+fallback',
  },
  {
    name: 'codec with a max bitrate picks the best under it',
    source: flac,
    request: { format: 'mp3', maxBitRate: 200 },
    expect: 'mp3_192:requested+fallback',
  },
  {
    name: 'a named profile above the max bitrate steps down',
    source: flac,
    request: { format: 'mp3_320', maxBitRate: 128 },
    expect: 'mp3_128:requested+fallback',
  },
  {
    name: 'a max below every profile takes the lowest',
    source: flac,
    request: { format: 'opus', maxBitRate: 64 },
    expect: 'opus_96:requested+fallback',
  },
  {
    name: 'mp3 asked as a codec, already under the bitrate, stays raw',
    source: mp3_128,
    request: { format: 'mp3', maxBitRate: 192 },
    expect: 'raw:already_in_format',
  },
  {
    name: 'mp3 asked as a codec with no limit stays raw',
    source: mp3_320,
    request: { format: 'mp3' },
    expect: 'raw:already_in_format',
  },
  {
    name: 'mp3 asked as a codec above the limit is transcoded',
    source: mp3_320,
    request: { format: 'mp3', maxBitRate: 192 },
    expect: 'mp3_192:requested+fallback',
  },
  {
    name: 'a profile by id above a lossy file in that codec sends the file',
    source: mp3_128,
    request: { format: 'mp3_192' },
    expect: 'raw:already_in_format',
  },
  {
    name: 'a profile by id is lowered to a lossy source bitrate',
    source: mp3_112,
    request: { format: 'opus_128' },
    expect: 'opus_96:requested+fallback',
  },
  {
    name: 'a codec by name with no profile under a lossy source sends the file',
    source: mp3_64,
    request: { format: 'opus' },
    expect: 'raw:smallest',
  },
  {
    name: 'a profile by id is produced from the same codec at a higher rate',
    source: mp3_320,
    request: { format: 'mp3_128' },
    expect: 'mp3_128:requested+fallback',
  },
  {
    name: 'mp3 above the asked bitrate is transcoded',
    source: mp3_320,
    request: { format: 'mp3_192' },
    expect: 'mp3_192:requested+fallback',
  },
  // 2. Lossless (or any source) above the maximum bitrate.
  {
    name: 'lossless over the request max',
    source: flac,
    request: { maxBitRate: 128 },
    expect: 'mp3_128:bitrate+fallback',
  },
  {
    name: 'lossless over the user max',
    source: flac,
    user: { maxBitRate: 192 },
    expect: 'mp3_192:bitrate+fallback',
  },
  {
    name: 'the tighter of request and user max wins',
    source: flac,
    request: { maxBitRate: 320 },
    user: { maxBitRate: 128 },
    expect: 'mp3_128:bitrate+fallback',
  },
  {
    name: 'lossy under the max stays raw',
    source: mp3_128,
    request: { maxBitRate: 192 },
    expect: 'raw:playable',
  },
  {
    name: 'lossless under a low max takes the best profile of any codec',
    source: flac,
    request: { maxBitRate: 96 },
    expect: 'opus_96:bitrate+fallback',
  },
  {
    name: 'lossless under a max below what the client plays: its smallest',
    source: flac,
    request: { maxBitRate: 100 },
    formats: ['flac', 'aac', 'mp3'],
    expect: 'mp3_128:bitrate+fallback',
  },
  {
    name: 'lossless under a max below every profile takes the smallest',
    source: flac,
    request: { maxBitRate: 48 },
    expect: 'opus_96:bitrate+fallback',
  },
  {
    name: 'lossy under a max below every profile, smaller than all: the file',
    source: mp3_64,
    request: { maxBitRate: 48 },
    expect: 'raw:smallest',
  },
  {
    name: 'lossy the same size as the smallest profile: the file',
    source: opus,
    request: { maxBitRate: 64 },
    expect: 'raw:smallest',
  },
  {
    name: 'lossy above the smallest profile, max below every one: the smallest',
    source: mp3_112,
    request: { maxBitRate: 64 },
    expect: 'opus_96:bitrate+fallback',
  },
  {
    name: 'lossy of unknown bitrate under a low max takes the smallest',
    source: mp3_unknown,
    request: { maxBitRate: 48 },
    expect: 'opus_96:bitrate+fallback',
  },
  {
    name: 'lossy with a bitrate of 0 (unknown) under a low max takes the smallest',
    source: { ...mp3_unknown, bitrate: 0 },
    request: { maxBitRate: 48 },
    expect: 'opus_96:bitrate+fallback',
  },
  {
    name: 'lossy over a max between profiles takes another codec under it',
    source: mp3_320,
    request: { maxBitRate: 100 },
    expect: 'opus_96:bitrate+fallback',
  },
  {
    name: 'lossy over the max is transcoded',
    source: mp3_320,
    request: { maxBitRate: 192 },
    expect: 'mp3_192:bitrate+fallback',
  },
  {
    name: 'max 0 means no limit',
    source: flac,
    request: { maxBitRate: 0 },
    expect: 'raw:playable',
  },
  {
    name: "the user's profile sets the codec",
    source: flac,
    request: { maxBitRate: 128 },
    user: { profile: 'opus_128' },
    expect: 'opus_128:bitrate+fallback',
  },
  // 3. The client cannot play the format.
  {
    name: 'wma in a browser, never above its own bitrate',
    source: wma,
    expect: 'mp3_128:unplayable',
  },
  {
    name: 'a 320 kbit/s wma in a browser',
    source: wma_320,
    expect: 'mp3_192:unplayable',
  },
  { name: 'ape in a browser', source: ape, expect: 'mp3_192:unplayable' },
  {
    name: 'alac in a browser that did not declare it',
    source: alac,
    expect: 'mp3_192:unplayable',
  },
  {
    name: 'alac in a client that declares it',
    source: alac,
    formats: ['alac', 'aac', 'mp3'],
    expect: 'raw:playable',
  },
  {
    name: 'server default the client cannot play: its preferred codec',
    source: wma,
    formats: ['aac', 'mp3'],
    server: 'opus_128',
    expect: 'aac_128:unplayable',
  },
  {
    name: 'a client that plays only mp3 gets its smallest mp3 for 96k opus',
    source: opus,
    formats: ['mp3'],
    server: 'opus_128',
    expect: 'mp3_128:unplayable',
  },
  {
    name: 'unplayable with a max bitrate',
    source: ape,
    request: { maxBitRate: 96 },
    expect: 'opus_96:unplayable',
  },
  // 4. A time offset: raw files seek by Range, so a seek is a transcode.
  {
    name: 'seek on a playable file',
    source: mp3_320,
    request: { timeOffset: 60 },
    expect: 'mp3_192:seek+fallback',
  },
  {
    name: 'seek on a file smaller than every profile still transcodes',
    source: mp3_64,
    request: { timeOffset: 60 },
    expect: 'opus_96:seek+fallback',
  },
  {
    name: 'seek with a profile',
    source: flac,
    request: { format: 'opus_96', timeOffset: 60 },
    expect: 'opus_96:requested+fallback',
  },
];

function summary(row: Row): string {
  const decision = decideStream({
    source: row.source,
    request: row.request ?? {},
    user: row.user,
    client: row.formats ? { formats: new Set(row.formats) } : undefined,
    serverProfile: row.server ?? 'mp3_192',
  });
  if (decision.kind === 'raw') return `raw:${decision.reason}`;
  const fallback = decision.rawFallback ? '+fallback' : '';
  return `${decision.profile.id}:${decision.reason}${fallback}`;
}

describe('decideStream', () => {
  it.each(table)('$name', (row) => {
    expect(summary(row)).toBe(row.expect);
  });

  it('keeps the offset on a transcode and never returns a negative one', () => {
    const seek = decideStream({
      source: flac,
      request: { format: 'mp3', timeOffset: 42.5 },
      serverProfile: 'mp3_192',
    });
    expect(seek.kind === 'transcode' && seek.timeOffset).toBe(42.5);
    const negative = decideStream({
      source: wma,
      request: { timeOffset: -3 },
      serverProfile: 'mp3_192',
    });
    expect(negative.kind === 'transcode' && negative.timeOffset).toBe(0);
  });
});

describe('sourceFormat', () => {
  const rows: [string, Parameters<typeof sourceFormat>[0], SourceFormat][] = [
    ['music-metadata mp3', { codec: 'MPEG 1 Layer 3', container: 'MPEG' }, 'mp3'],
    ['mp2', { codec: 'MPEG 1 Layer 2', suffix: 'mp2' }, 'mp2'],
    ['ffprobe mp3', { codec: 'mp3', suffix: 'mp3' }, 'mp3'],
    ['alac in m4a', { codec: 'ALAC', container: 'M4A/isom', suffix: 'm4a' }, 'alac'],
    ['aac in m4a', { codec: 'AAC', container: 'M4A', suffix: 'm4a' }, 'aac'],
    ['wav pcm', { codec: 'PCM', container: 'WAVE', suffix: 'wav' }, 'pcm'],
    ['wav adpcm', { codec: 'adpcm_ms', suffix: 'wav' }, 'adpcm'],
    ['aiff pcm', { codec: 'PCM', container: 'AIFF', suffix: 'aiff' }, 'aiff'],
    ['aif a-law', { codec: 'pcm_alaw', suffix: 'aif' }, 'aiff'],
    ['wma', { codec: 'Windows Media Audio 9.1', suffix: 'wma' }, 'wma'],
    ['ape', { codec: "Monkey's Audio", suffix: 'ape' }, 'ape'],
    ['wavpack', { codec: 'wavpack', suffix: 'wv' }, 'wavpack'],
    ['wavpack says pcm', { codec: 'PCM', container: 'WavPack', suffix: 'wv' }, 'wavpack'],
    ['ape without codec', { codec: null, container: "Monkey's Audio" }, 'ape'],
    [
      'musepack sv7',
      { codec: '1.15', container: 'Musepack, SV7', suffix: 'mpc' },
      'musepack',
    ],
    [
      'wma by container',
      { codec: 'Windows Media Audio V8', container: 'ASF/audio' },
      'wma',
    ],
    ['dsf by container', { codec: '', container: 'DSF', suffix: 'dsf' }, 'dsd'],
    [
      'mp4 with ac-3',
      { codec: 'MPEG-4/AAC+AC-3+CEA-608', container: 'mp42/isom' },
      'aac',
    ],
    ['musepack sv8', { codec: 'Musepack, SV8', suffix: 'mpc' }, 'musepack'],
    ['dsf', { codec: 'DSD', suffix: 'dsf' }, 'dsd'],
    ['webm opus', { codec: 'opus', container: 'EBML/webm', suffix: 'webm' }, 'opus'],
    ['mka aac', { codec: 'AAC', container: 'EBML/matroska', suffix: 'mka' }, 'matroska'],
    ['ogg vorbis', { codec: 'Vorbis I', container: 'Ogg', suffix: 'ogg' }, 'vorbis'],
    ['speex', { codec: 'Speex 1.2', suffix: 'spx' }, 'speex'],
    ['no codec: the suffix', { suffix: 'flac' }, 'flac'],
    ['nothing known', { suffix: '' }, 'unknown'],
  ];
  it.each(rows)('%s', (_name, input, expected) => {
    expect(sourceFormat(input)).toBe(expected);
  });

  it('parses a declared list and drops unknown tokens', () => {
    expect([...parseFormats('mp3, opus,,bogus AAC')].sort()).toEqual([
      'aac',
      'mp3',
      'opus',
    ]);
  });
});

describe('findProfile', () => {
  it.each([
    ['opus_128', 'opus_128'],
    ['opus128', 'opus_128'],
    ['MP3-320', 'mp3_320'],
    ['aac_256', 'aac_256'],
    ['mp3', undefined],
    ['flac_900', undefined],
  ])('%s', (name, id) => {
    expect(findProfile(name)?.id).toBe(id);
  });
});
