// The transcode benchmark (`npm run bench -- transcode`). The real app runs
// in this process on a real port (one process, as with --workers=0), with a
// generated 4-minute music-like FLAC:
// - throughput: a whole-track transcode through Hearth (a first play, which
//   runs ffmpeg free to the cache while the client reads) against the bare
//   ffmpeg CLI with the same output arguments, same file and profile. Target
//   ratio >= 0.97. (A seek is paced to playback after a lead: not a speed.)
// - time to first byte: raw (< 20 ms), transcoded (< 150 ms), after a seek
//   (< 200 ms), medians and p90 over repeated requests;
// - listeners: transcoded real-time listeners added step by step, each its
//   own ffmpeg (a seek to its own offset, so paced like any seek), reading at
//   1x with a browser-like read-ahead, until one stalls. Compared with the
//   seed's 48 per thread.
// The listeners share the machine (and this event loop) with the server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUser } from '../server/auth/users.js';
import { dbFile, openDb, type Db } from '../server/db/index.js';
import { createApp, routeTable } from '../server/http/app.js';
import { scanLibrary } from '../server/library/scanner/index.js';
import { createLocalScanControl } from '../server/library/scan-control.js';
import { validateSettings } from '../server/settings/load.js';
import {
  findProfile,
  outputArgs,
  type TranscodeProfile,
} from '../server/transcode/profiles.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(path.resolve(here, '..', '..'), 'bench-out');
const trackSeconds = 240;
const throughputProfiles = ['mp3_192', 'opus_128', 'aac_128'];
const ttfbSamples = 15;

/**
 * Listener model, like a media element: play after 2 s, keep 30 s ahead. A
 * stall is a buffer that runs dry after playback began, or a start > 5 s.
 */
const listenerProfile = 'mp3_128';
const listenerBytesPerS = 128_000 / 8;
const startBufferS = 2;
const readAheadS = 30;
const stepMs = Number(process.env.HEARTH_TRANSCODE_STEP_MS ?? 20_000);
const listenerSteps = (
  process.env.HEARTH_TRANSCODE_STEPS ?? '4,8,16,32,48,64,96,128,192,256'
)
  .split(',')
  .filter(Boolean)
  .map(Number);
/** A play that takes longer than this to start counts as a stall. */
const startTimeoutMs = 5000;

interface Bench {
  url: string;
  db: Db;
  dataDir: string;
  cookie: string;
  trackId: string;
  file: string;
  close(): Promise<void>;
}

/** A music-like FLAC: two tones over pink noise, 44.1 kHz stereo. */
async function makeTrack(file: string): Promise<void> {
  const graph =
    `sine=f=220:d=${trackSeconds}[a];sine=f=330:d=${trackSeconds}[b];` +
    `anoisesrc=c=pink:a=0.08:d=${trackSeconds}[n];` +
    '[a][b][n]amix=inputs=3,aformat=channel_layouts=stereo[out]';
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', graph];
  await runFfmpeg([...args, '-map', '[out]', '-ar', '44100', '-c:a', 'flac', file]);
}

/** Runs ffmpeg to the end with stdout discarded; resolves with wall ms. */
function runFfmpeg(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`ffmpeg ${code}`)),
    );
  });
}

/** Starts the app with its own data folder, scans the track, signs in. */
async function startBench(settings: Record<string, unknown>): Promise<Bench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-transcode-'));
  const music = path.join(dataDir, 'music');
  const file = path.join(music, 'track.flac');
  fs.mkdirSync(music);
  await makeTrack(file);
  const full = validateSettings({ port: 0, musicFolders: [music], ...settings });
  const db = openDb(dbFile(dataDir));
  await scanLibrary({ db, folders: [music], threads: 1 });
  const scan = createLocalScanControl({ db, settings: full });
  const server = createApp({ db, settings: full, dataDir, scan }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const row = db.prepare('SELECT id FROM track').get() as { id: string };
  return {
    url,
    db,
    dataDir,
    file,
    trackId: row.id,
    cookie: await signIn(url, db),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A session cookie, or '' on a build without sign-in. */
async function signIn(url: string, db: Db): Promise<string> {
  if (!routeTable().some((r) => r.path === '/api/auth/login')) return '';
  const password = 'transcode-bench-password';
  await createUser(db, { username: 'bench', password, role: 'user' });
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ username: 'bench', password }),
  });
  const line = res.headers.getSetCookie().find((c) => c.startsWith('hearth_session='));
  if (!res.ok || !line) throw new Error(`sign-in failed: ${res.status}`);
  return line.split(';')[0]!;
}

/**
 * One stream request: ms to the first body byte and to the end, bytes. With
 * `firstByteOnly` the client leaves at the first byte (totalMs is then that).
 */
function timeStream(bench: Bench, query: string, firstByteOnly = false) {
  const started = performance.now();
  return new Promise<{ firstByteMs: number; totalMs: number; bytes: number }>(
    (resolve, reject) => {
      const req = http.get(
        `${bench.url}/api/tracks/${bench.trackId}/stream?${query}`,
        { headers: { Cookie: bench.cookie }, agent: false },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          let firstByteMs = 0;
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            firstByteMs ||= performance.now() - started;
            bytes += chunk.length;
            if (!firstByteOnly) return;
            req.destroy();
            resolve({ firstByteMs, totalMs: firstByteMs, bytes });
          });
          res.on('end', () =>
            resolve({ firstByteMs, totalMs: performance.now() - started, bytes }),
          );
        },
      );
      req.on('error', reject);
    },
  );
}

function emptyCache(bench: Bench): void {
  fs.rmSync(path.join(bench.dataDir, 'transcode-cache'), {
    recursive: true,
    force: true,
  });
  fs.mkdirSync(path.join(bench.dataDir, 'transcode-cache'));
}

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

interface Throughput {
  profile: string;
  bareMs: number;
  hearthMs: number;
  ratio: number;
}

/** Whole-track wall time, median of five, bare CLI vs a first play in Hearth. */
async function throughput(bench: Bench): Promise<Throughput[]> {
  const results: Throughput[] = [];
  for (const id of throughputProfiles) {
    const profile = findProfile(id) as TranscodeProfile;
    const shape = { channels: 2, sampleRate: 44_100 };
    const input = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', bench.file];
    const bare: number[] = [];
    const hearth: number[] = [];
    // Interleaved, so a change in the machine's load touches both alike.
    for (let i = 0; i < 5; i++) {
      bare.push(await runFfmpeg([...input, ...outputArgs(profile, shape)]));
      emptyCache(bench);
      hearth.push((await timeStream(bench, `format=${id}`)).totalMs);
    }
    const [b, h] = [median(bare), median(hearth)];
    results.push({
      profile: id,
      bareMs: round(b),
      hearthMs: round(h),
      ratio: round(b / h, 3),
    });
  }
  return results;
}

interface FirstByte {
  kind: string;
  medianMs: number;
  p90Ms: number;
  targetMs: number;
}

/** Time to the first body byte: raw, transcoded (a first play), a seek. */
async function firstBytes(bench: Bench): Promise<FirstByte[]> {
  const kinds = [
    { kind: 'raw', query: 'format=raw', targetMs: 20 },
    { kind: 'transcoded (first play)', query: 'format=mp3_192', targetMs: 150 },
    {
      kind: 'after a seek to 120 s',
      query: 'format=mp3_192&timeOffset=120',
      targetMs: 200,
    },
  ];
  const results: FirstByte[] = [];
  for (const { kind, query, targetMs } of kinds) {
    const samples: number[] = [];
    for (let i = 0; i < ttfbSamples; i++) {
      emptyCache(bench);
      samples.push((await timeStream(bench, query, true)).firstByteMs);
      // Let the ffmpeg of the request just left go first.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const p90 = percentile(samples, 90);
    results.push({ kind, medianMs: round(median(samples)), p90Ms: round(p90), targetMs });
  }
  return results;
}

interface ListenerStep {
  listeners: number;
  stalled: number;
  failed: number;
  worstStartMs: number;
}

/**
 * One listener for `ms`: a seek to its own offset (its own ffmpeg), reading
 * while less than 30 s is buffered, playing at 1x once 2 s are in. Resolves
 * whether the buffer ran dry after playback began, and how long start took.
 */
function listen(bench: Bench, offset: number, ms: number) {
  return new Promise<{ stalled: boolean; failed: boolean; startMs: number }>(
    (resolve) => {
      const started = performance.now();
      let received = 0;
      let playingSince = 0;
      let stalled = false;
      let response: http.IncomingMessage | null = null;
      const url = `${bench.url}/api/tracks/${bench.trackId}/stream?format=${listenerProfile}&timeOffset=${offset}`;
      const req = http.get(
        url,
        { headers: { Cookie: bench.cookie }, agent: false },
        (res) => {
          if (res.statusCode !== 200) return finish(true);
          response = res;
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('error', () => undefined);
        },
      );
      req.on('error', () => finish(true));
      const buffered = () => {
        const played = playingSince ? (performance.now() - playingSince) / 1000 : 0;
        return received / listenerBytesPerS - played;
      };
      const tick = setInterval(() => {
        if (!playingSince && received >= startBufferS * listenerBytesPerS) {
          playingSince = performance.now();
        }
        const ahead = buffered();
        if (playingSince && ahead < 0) stalled = true;
        // The media element stops reading when it is far enough ahead.
        if (ahead > readAheadS) response?.pause();
        else response?.resume();
      }, 100);
      const timer = setTimeout(() => finish(false), ms);
      function finish(failed: boolean) {
        clearInterval(tick);
        clearTimeout(timer);
        req.destroy();
        const startMs = playingSince ? playingSince - started : ms;
        const late = !playingSince || startMs > startTimeoutMs;
        resolve({ stalled: stalled || late, failed, startMs });
      }
    },
  );
}

/** Adds listeners step by step until one stalls (or the steps run out). */
async function listeners(bench: Bench): Promise<ListenerStep[]> {
  const steps: ListenerStep[] = [];
  for (const n of listenerSteps) {
    // Starts spread over a second, like a household pressing play.
    const runs = Array.from({ length: n }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 1000) / n));
      return listen(bench, 1 + ((i * 7) % (trackSeconds - 60)), stepMs);
    });
    const results = await Promise.all(runs);
    const step = {
      listeners: n,
      stalled: results.filter((r) => r.stalled).length,
      failed: results.filter((r) => r.failed).length,
      worstStartMs: round(Math.max(...results.map((r) => r.startMs)), 0),
    };
    steps.push(step);
    console.log(
      `  ${n} listeners: ${step.stalled} stalled, worst start ${step.worstStartMs} ms`,
    );
    if (step.stalled > 0 || step.failed > 0) break;
    // Let the killed ffmpeg processes go before the next step.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return steps;
}

/** Runs the transcode benchmark, prints it and writes bench-out/transcode.{json,md}. */
export async function runTranscodeBenchmark(): Promise<void> {
  const unlimited = { transcodeMax: 1024, transcodeMaxPerUser: 1024 };
  const bench = await startBench(unlimited);
  try {
    const load = os.loadavg().map((n) => round(n, 2));
    console.log(
      `  load average at start: ${load.join(' ')} (${os.availableParallelism()} threads)`,
    );
    const tp = await throughput(bench);
    for (const t of tp) {
      console.log(
        `  ${t.profile}: bare ffmpeg ${t.bareMs} ms, Hearth ${t.hearthMs} ms (ratio ${t.ratio})`,
      );
    }
    const ttfb = await firstBytes(bench);
    for (const f of ttfb) {
      console.log(
        `  first byte ${f.kind}: median ${f.medianMs} ms, p90 ${f.p90Ms} ms (target < ${f.targetMs})`,
      );
    }
    const steps = await listeners(bench);
    const carried = steps.filter((s) => s.stalled === 0 && s.failed === 0).at(-1);
    const threads = os.availableParallelism();
    const report = {
      machine: { threads, cpu: os.cpus()[0]?.model ?? 'unknown', loadAtStart: load },
      trackSeconds,
      throughput: tp,
      firstByte: ttfb,
      listeners: {
        profile: listenerProfile,
        stepMs,
        steps,
        carried: carried?.listeners ?? 0,
        seedEstimate: 48 * threads,
      },
    };
    console.log(
      `  listeners carried without a stall: ${report.listeners.carried} ` +
        `(seed's figure: 48 per thread = ${48 * threads})`,
    );
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(
      path.join(outDir, 'transcode.json'),
      JSON.stringify(report, null, 2),
    );
    fs.writeFileSync(path.join(outDir, 'transcode.md'), markdown(report));
  } finally {
    await bench.close();
  }
}

function markdown(r: {
  machine: { threads: number; cpu: string; loadAtStart: number[] };
  trackSeconds: number;
  throughput: Throughput[];
  firstByte: FirstByte[];
  listeners: {
    profile: string;
    steps: ListenerStep[];
    carried: number;
    seedEstimate: number;
  };
}): string {
  const lines = [
    '# Transcode benchmark',
    '',
    `${r.machine.threads} threads (${r.machine.cpu}); load at start ${r.machine.loadAtStart.join(' ')}.`,
    '',
    `Whole ${r.trackSeconds} s track, median of five:`,
    '',
    '| profile | bare ffmpeg ms | Hearth ms | ratio (target >= 0.97) |',
    '|---|---|---|---|',
    ...r.throughput.map(
      (t) => `| ${t.profile} | ${t.bareMs} | ${t.hearthMs} | ${t.ratio} |`,
    ),
    '',
    '| first byte | median ms | p90 ms | target ms |',
    '|---|---|---|---|',
    ...r.firstByte.map(
      (f) => `| ${f.kind} | ${f.medianMs} | ${f.p90Ms} | < ${f.targetMs} |`,
    ),
    '',
    `Real-time ${r.listeners.profile} listeners carried without a stall: ${r.listeners.carried} ` +
      `(seed: ${r.listeners.seedEstimate}).`,
    '',
    '| listeners | stalled | failed | worst start ms |',
    '|---|---|---|---|',
    ...r.listeners.steps.map(
      (s) => `| ${s.listeners} | ${s.stalled} | ${s.failed} | ${s.worstStartMs} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
