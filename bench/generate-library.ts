// Generates the benchmark library: about 10,000 tracks in about 1,000 albums.
// ffmpeg encodes a few dozen short untagged tones (MP3 with a Xing header,
// FLAC); every track is one of them with its own tags written here directly
// (an ID3v2.3 tag in front of the MP3 frames, a Vorbis comment block in the
// FLAC), which takes milliseconds instead of an ffmpeg run per file. About a
// tenth of the tracks are copies of the real corpus. Albums vary: one or two
// discs (CD1/ CD2/), compilations, folder covers, genres, accented names.
//
// Other benchmarks and tests can call generateLibrary(dir), or run
//   node dist/bench/generate-library.js DIR [CORPUS_DIR]
// A finished library leaves a marker file, so a second run returns at once.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ffmpeg = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const version = 'v1';

export interface LibrarySpec {
  albums: number;
  tracksPerAlbum: number;
  corpusCopies: number;
}

/**
 * The real corpus: HEARTH_SHARED/corpus/real, else ../shared/corpus/real
 * beside the repository (this file runs from dist/bench/), else /work/shared.
 */
export const defaultCorpus = findCorpus();

function findCorpus(): string {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const candidates = [
    process.env.HEARTH_SHARED,
    path.resolve(repo, '..', 'shared'),
    '/work/shared',
  ]
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => path.join(dir, 'corpus', 'real'));
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0]!;
}

export const defaultSpec: LibrarySpec = {
  albums: 900,
  tracksPerAlbum: 10,
  corpusCopies: 9,
};

// 1. Tags written by hand: ID3v2.3 (UTF-16 text frames) and FLAC Vorbis comments.

function id3v23(frames: Array<[string, string]>): Buffer {
  const body = Buffer.concat(
    frames.map(([id, text]) => {
      const data = Buffer.concat([
        Buffer.from([1, 0xff, 0xfe]),
        Buffer.from(text, 'utf16le'),
      ]);
      const header = Buffer.alloc(10);
      header.write(id, 0, 'latin1');
      header.writeUInt32BE(data.length, 4);
      return Buffer.concat([header, data]);
    }),
  );
  const head = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  for (let i = 0, n = body.length; i < 4; i++) head[9 - i] = (n >> (7 * i)) & 0x7f;
  return Buffer.concat([head, body]);
}

function vorbisComment(fields: Array<[string, string]>): Buffer {
  const vendor = Buffer.from('hearth-bench');
  const parts = [u32le(vendor.length), vendor, u32le(fields.length)];
  for (const [key, value] of fields) {
    const entry = Buffer.from(`${key}=${value}`);
    parts.push(u32le(entry.length), entry);
  }
  return Buffer.concat(parts);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** A FLAC file with its metadata blocks replaced by STREAMINFO + our comment. */
function tagFlac(flac: Buffer, fields: Array<[string, string]>): Buffer {
  let at = 4;
  let streamInfo: Buffer | null = null;
  for (let last = false; !last;) {
    last = ((flac[at] as number) & 0x80) !== 0;
    const type = (flac[at] as number) & 0x7f;
    const length = flac.readUIntBE(at + 1, 3);
    if (type === 0) streamInfo = flac.subarray(at + 4, at + 4 + length);
    at += 4 + length;
  }
  const comment = vorbisComment(fields);
  const block = (type: number, data: Buffer, isLast: boolean) => {
    const header = Buffer.alloc(4);
    header[0] = (isLast ? 0x80 : 0) | type;
    header.writeUIntBE(data.length, 1, 3);
    return Buffer.concat([header, data]);
  };
  return Buffer.concat([
    Buffer.from('fLaC'),
    block(0, streamInfo as Buffer, false),
    block(4, comment, true),
    flac.subarray(at),
  ]);
}

// 2. Names and shapes of the albums, from a seeded generator (same library each run).

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const first = [
  'Aurora',
  'Björk',
  'Marlow',
  'Kai',
  'Léa',
  'Sven',
  'Amara',
  'Tomás',
  'Yuki',
  'Noor',
];
const last = [
  'Lane',
  'Reed',
  'Ono',
  'Sæther',
  'Dubois',
  'Okafor',
  'Ivanova',
  'Silva',
  'Park',
];
const words = [
  'Northern',
  'Lights',
  'Glass',
  'River',
  'Echo',
  'Café',
  'Night',
  'Paper',
  'Gold',
];
const genres = [
  'Rock',
  'Jazz',
  'Pop',
  'Electronic',
  'Folk',
  'Classical',
  'Hip-Hop',
  'Ambient',
];

interface TrackPlan {
  rel: string;
  format: 'mp3' | 'flac';
  tags: Record<string, string>;
}

function planAlbums(spec: LibrarySpec): { tracks: TrackPlan[]; coverDirs: string[] } {
  const rnd = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)] as T;
  const name = () => `${pick(first)} ${pick(last)}`;
  const tracks: TrackPlan[] = [];
  const coverDirs: string[] = [];
  for (let a = 0; a < spec.albums; a++) {
    const compilation = a % 10 === 0;
    const discs = a % 17 === 0 ? 2 : 1;
    const albumArtist = compilation ? 'Various Artists' : `${name()} ${a % 250}`;
    const album = `${pick(words)} ${pick(words)} ${a}`;
    const format = a % 4 === 0 ? 'flac' : 'mp3';
    const dir = path.join(albumArtist, `${album} (${1960 + (a % 60)})`);
    if (a % 3 === 0) coverDirs.push(dir);
    for (let t = 0; t < spec.tracksPerAlbum; t++) {
      const disc = discs === 2 && t >= spec.tracksPerAlbum / 2 ? 2 : 1;
      const title = `${pick(words)} ${pick(words)} ${t + 1}`;
      const sub = discs === 2 ? `CD${disc}` : '';
      tracks.push({
        rel: path.join(dir, sub, `${String(t + 1).padStart(2, '0')} ${title}.${format}`),
        format,
        tags: {
          title,
          artist: compilation ? name() : albumArtist,
          albumartist: albumArtist,
          album,
          track: `${t + 1}/${spec.tracksPerAlbum}`,
          disc: `${disc}/${discs}`,
          date: String(1960 + (a % 60)),
          genre: pick(genres),
          ...(compilation ? { compilation: '1' } : {}),
        },
      });
    }
  }
  return { tracks, coverDirs };
}

function encodeTags(plan: TrackPlan, base: Buffer): Buffer {
  const t = plan.tags;
  if (plan.format === 'flac') {
    const fields = Object.entries(t).map(
      ([k, v]) => [k.toUpperCase(), v] as [string, string],
    );
    return tagFlac(base, fields);
  }
  const frames: Array<[string, string]> = [
    ['TIT2', t.title!],
    ['TPE1', t.artist!],
    ['TPE2', t.albumartist!],
    ['TALB', t.album!],
    ['TRCK', t.track!],
    ['TPOS', t.disc!],
    ['TYER', t.date!],
    ['TCON', t.genre!],
  ];
  if (t.compilation) frames.push(['TCMP', '1']);
  return Buffer.concat([id3v23(frames), base]);
}

// 3. The base tones, made once with ffmpeg.

async function makeBases(dir: string): Promise<{ mp3: Buffer[]; flac: Buffer[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const jobs: Array<Promise<unknown>> = [];
  for (let i = 0; i < 16; i++) {
    const tone = [
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${200 + i * 37}:duration=${2 + (i % 5)}`,
    ];
    const common = ['-v', 'error', '-y', ...tone, '-map_metadata', '-1', '-ac', '1'];
    const mp3 = [...common, '-c:a', 'libmp3lame', '-q:a', '6', '-id3v2_version', '0'];
    jobs.push(run(ffmpeg, [...mp3, '-write_id3v1', '0', path.join(dir, `${i}.mp3`)]));
    jobs.push(
      run(ffmpeg, [
        ...common,
        '-ar',
        '22050',
        '-c:a',
        'flac',
        path.join(dir, `${i}.flac`),
      ]),
    );
  }
  jobs.push(
    run(ffmpeg, [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=c=teal:s=300x300',
      '-frames:v',
      '1',
      path.join(dir, 'cover.jpg'),
    ]),
  );
  await Promise.all(jobs);
  const read = (ext: string) =>
    Array.from({ length: 16 }, (_, i) => fs.readFileSync(path.join(dir, `${i}.${ext}`)));
  return { mp3: read('mp3'), flac: read('flac') };
}

/**
 * Makes the library in `dir` unless a complete one is already there.
 * Returns the number of audio files in it.
 */
export async function generateLibrary(
  dir: string,
  corpus: string = defaultCorpus,
  spec: LibrarySpec = defaultSpec,
): Promise<number> {
  const marker = path.join(dir, `.generated-${version}.json`);
  if (fs.existsSync(marker))
    return (JSON.parse(fs.readFileSync(marker, 'utf8')) as { files: number }).files;
  fs.rmSync(dir, { recursive: true, force: true });
  const bases = await makeBases(path.join(dir, '.bases'));
  const { tracks, coverDirs } = planAlbums(spec);

  // Tagged tracks, then folder covers, then copies of the corpus's audio.
  tracks.forEach((plan, i) => {
    const file = path.join(dir, plan.rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const base = bases[plan.format][i % 16] as Buffer;
    fs.writeFileSync(file, encodeTags(plan, base));
  });
  const cover = fs.readFileSync(path.join(dir, '.bases', 'cover.jpg'));
  for (const coverDir of coverDirs)
    fs.writeFileSync(path.join(dir, coverDir, 'cover.jpg'), cover);
  const audio = fs
    .readdirSync(corpus)
    .filter((n) => !/\.(txt|md|tsv|jpg)$|^SHA256SUMS$/.test(n));
  for (let c = 0; c < spec.corpusCopies; c++) {
    const copyDir = path.join(dir, 'Corpus', `Copy ${c}`);
    fs.mkdirSync(copyDir, { recursive: true });
    for (const name of audio)
      fs.copyFileSync(path.join(corpus, name), path.join(copyDir, name));
  }
  const files = tracks.length + audio.length * spec.corpusCopies;
  fs.writeFileSync(marker, JSON.stringify({ files, spec }));
  return files;
}

// Run as a script: generate into the folder named on the command line.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [dir, corpus] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node dist/bench/generate-library.js DIR [CORPUS_DIR]');
    process.exitCode = 2;
  } else {
    const started = performance.now();
    const files = await generateLibrary(path.resolve(dir), corpus ?? defaultCorpus);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${files} audio files in ${path.resolve(dir)} (${seconds} s)`);
  }
}
