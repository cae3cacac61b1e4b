// Tools for the streaming tests: HTTP requests with full control (client
// address, partial reads, timing), ffmpeg processes counted from /proc,
// ffprobe of an output, generated music-like clips, and the corpus manifest.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Db } from '../../server/db/index.js';
import { routeTable } from '../../server/http/app.js';
import { scanLibrary } from '../../server/library/scanner/index.js';
import { findProfile } from '../../server/transcode/profiles.js';
import { startFfmpeg, type FfmpegRun } from '../../server/transcode/runner.js';
import type { TestApp } from '../helpers/app.js';
import { signIn } from '../helpers/auth.js';
import { corpusDir } from '../helpers/paths.js';

export interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Milliseconds from sending the request to the response headers / the end. */
  headersMs: number;
  totalMs: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  localAddress?: string;
  method?: string;
}

/** Opens a request and resolves at the response headers; the body is left unread. */
export function open(url: string, options: RequestOptions = {}) {
  return new Promise<{ req: http.ClientRequest; res: http.IncomingMessage }>(
    (resolve, reject) => {
      const req = http.request(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.localAddress,
        agent: false,
      });
      req.on('response', (res) => resolve({ req, res }));
      req.on('error', reject);
      req.end();
    },
  );
}

/** One complete request: status, headers, body bytes and timings. */
export async function get(url: string, options: RequestOptions = {}): Promise<Fetched> {
  const started = performance.now();
  const { res } = await open(url, options);
  const headersMs = performance.now() - started;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body: Buffer.concat(chunks),
    headersMs,
    totalMs: performance.now() - started,
  };
}

/** Pids of running ffmpeg processes; with `parent`, only its children. */
export function ffmpegPids(parent?: number): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // Zombies (state Z) have exited; they only wait to be reaped.
      if (comm !== 'ffmpeg' || fields[0] === 'Z') continue;
      if (parent === undefined || Number(fields[1]) === parent) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Waits until `check` holds, polling; returns the milliseconds it took or throws. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string) {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

export interface Probe {
  codec: string;
  channels: number;
  sampleRate: number;
  /** The stream's declared bitrate (mp3 frame headers), bit/s, or null. */
  headerBitrate: number | null;
  /** Audio payload bits per second of decoded time (container overhead excluded). */
  payloadKbps: number;
  /** Seconds of audio, summed over the packets. */
  duration: number;
}

/** ffprobe of a file (one run): codec, shape, bitrates and duration counted from packets. */
export function probe(file: string): Probe {
  const entries =
    'stream=codec_name,channels,sample_rate,bit_rate:packet=duration_time,size';
  const args = ['-v', 'error', '-of', 'json', '-select_streams', 'a:0'];
  const out = JSON.parse(
    execFileSync('ffprobe', [...args, '-show_entries', entries, file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as {
    streams: Record<string, string>[];
    packets?: { duration_time?: string; size: string }[];
  };
  const audio = out.streams[0]!;
  const packets = out.packets ?? [];
  const duration = packets.reduce((sum, p) => sum + Number(p.duration_time ?? 0), 0);
  const bytes = packets.reduce((sum, p) => sum + Number(p.size), 0);
  return {
    codec: audio.codec_name!,
    channels: Number(audio.channels),
    sampleRate: Number(audio.sample_rate),
    headerBitrate:
      audio.bit_rate && audio.bit_rate !== 'N/A' ? Number(audio.bit_rate) : null,
    payloadKbps: duration > 0 ? (bytes * 8) / duration / 1000 : 0,
    duration,
  };
}

/** Writes a music-like FLAC clip: two tones over pink noise, 44.1 kHz stereo. */
export function makeClip(file: string, seconds: number, hz = 220): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const graph =
    `sine=f=${hz}:d=${seconds}[a];sine=f=${hz * 1.5}:d=${seconds}[b];` +
    `anoisesrc=c=pink:a=0.08:d=${seconds}[n];` +
    '[a][b][n]amix=inputs=3,aformat=channel_layouts=stereo[out]';
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', graph],
    ...['-map', '[out]', '-ar', '44100', '-c:a', 'flac', file],
  ]);
  return file;
}

/**
 * A real ffmpeg on the runner, held alive: nobody reads its output, so it
 * waits on the full pipe until killed (the runner reads stdout itself, so
 * an unpaused run of a short clip ends within a second).
 */
export function heldTranscode(clip: string, profile = 'mp3_192'): FfmpegRun {
  const run = startFfmpeg({
    ffmpegPath: 'ffmpeg',
    input: clip,
    profile: findProfile(profile)!,
    source: { channels: 2, sampleRate: 44_100 },
  });
  run.stdout.pause();
  return run;
}

/** Scans folders into an app's database with the real scanner. */
export async function scan(db: Db, folders: string[]): Promise<void> {
  await scanLibrary({ db, folders, threads: 2 });
}

/** The scanned track id of a file. */
export function trackId(db: Db, file: string): string {
  const row = db.prepare('SELECT id FROM track WHERE path = ?').get(file) as
    { id: string } | undefined;
  if (!row) throw new Error(`not scanned: ${file}`);
  return row.id;
}

/** The corpus manifest: file name to decodable seconds (null: ffmpeg cannot open it). */
export function decodedSeconds(): Map<string, number | null> {
  const lines = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n');
  const columns = lines[0]!.split('\t');
  const fileAt = columns.indexOf('file');
  const decodedAt = columns.indexOf('decoded_s');
  const map = new Map<string, number | null>();
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    if (!cells[fileAt]) continue;
    const value = cells[decodedAt];
    map.set(cells[fileAt]!, value && value !== '-' ? Number(value) : null);
  }
  return map;
}

/** Runs tasks with at most `limit` at once. */
export async function inParallel<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>,
) {
  const queue = [...items];
  const workers = Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      // The first failure stops the others from taking more work.
      await task(item).catch((err: unknown) => {
        queue.length = 0;
        throw err;
      });
    }
  });
  await Promise.all(workers);
}

/**
 * A session cookie for a new user, or '' while the app mounts no sign-in
 * route (accounts are being wired in; streams are then open to anyone).
 */
export async function userCookie(app: TestApp): Promise<string> {
  const login = routeTable().some((r) => r.path === '/api/auth/login');
  return login ? (await signIn(app, 'user')).cookie : '';
}
