// The scan benchmark. On the generated library (generate-library.ts):
// - the ceiling: a bare music-metadata parseFile loop over the same files on
//   all cores (one worker thread per hardware thread), measured right before
//   and right after the scan, since other work on the machine moves it;
// - the same bare loop on the scanner's own blocking reader (AudioFile), so
//   the scan is also compared with the parse alone on the same I/O;
// - the first scan into an empty database (files/s, and the ratio to both
//   ceilings), in its own process started as the job worker is (the same
//   Node flags and environment), so its peak RSS is the job worker's;
// - a rescan with nothing changed.
// Targets on 2 cores: ratio >= 0.85, rescan of 10,000 files < 1 s, RSS < 150 MB.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { audioCandidate } from '../server/library/formats.js';
import { runtimeFor } from '../server/supervisor/runtime.js';
import type { ScanResult } from '../server/library/scanner/index.js';
import type { CeilingReader } from './ceiling-worker.js';
import { generateLibrary } from './generate-library.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const outDir = path.join(repoRoot, 'bench-out');
const threads = os.availableParallelism();

interface Ceiling {
  filesPerSec: number;
  ms: number;
  parsed: number;
  failed: number;
}

interface ScanRun {
  result: ScanResult;
  wallMs: number;
  maxRssMb: number;
}

/** Every file the scanner would read, found by the same name rules. */
function audioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) out.push(...audioFiles(full));
    else if (entry.isFile() && audioCandidate(entry.name) !== 'skip') out.push(full);
  }
  return out;
}

/** The bare parse over all files on `threads` worker threads. */
async function ceiling(files: string[], reader: CeilingReader): Promise<Ceiling> {
  const counter = new SharedArrayBuffer(4);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(new URL('./ceiling-worker.js', import.meta.url), {
        workerData: { files, counter, reader },
      });
      return new Promise<{ parsed: number; failed: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const ms = performance.now() - started;
  const parsed = results.reduce((n, r) => n + r.parsed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  return { filesPerSec: files.length / (ms / 1000), ms, parsed, failed };
}

async function scanProcess(dataDir: string, music: string): Promise<ScanRun> {
  const script = path.join(here, 'scan-run.js');
  const job = runtimeFor('job');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...job.execArgv, script, dataDir, music, String(threads)],
    { env: { ...process.env, ...job.env, LOG_LEVEL: 'warn' }, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as ScanRun;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Runs the scan benchmark, prints it and writes bench-out/scan.{json,md}. */
export async function runScanBenchmark(): Promise<void> {
  // 1. The library (generated once, then reused) and its file list.
  const library = path.join(outDir, 'library');
  const generated = performance.now();
  const count = await generateLibrary(library);
  const generateMs = performance.now() - generated;
  const files = audioFiles(library);
  console.log(
    `library: ${files.length} files (${count} planned), ready in ${round(generateMs)} ms`,
  );

  // 2. Ceiling, first scan, ceiling again: back to back, so the ratio holds
  //    even while other work shares the machine.
  await ceiling(files, 'parseFile'); // warms the page cache for all
  const before = await ceiling(files, 'parseFile');
  const sameIoBefore = await ceiling(files, 'audioFile');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
  const first = await scanProcess(dataDir, library);
  const sameIoAfter = await ceiling(files, 'audioFile');
  const after = await ceiling(files, 'parseFile');
  const rescan = await scanProcess(dataDir, library);
  fs.rmSync(dataDir, { recursive: true, force: true });

  // 3. The figures.
  const ceilingRate = (before.filesPerSec + after.filesPerSec) / 2;
  const sameIoRate = (sameIoBefore.filesPerSec + sameIoAfter.filesPerSec) / 2;
  const firstRate = first.result.files / (first.result.durationMs / 1000);
  const report = {
    machine: {
      cpus: threads,
      model: os.cpus()[0]?.model ?? 'unknown',
      loadavg: os.loadavg(),
    },
    files: first.result.files,
    firstScan: {
      filesPerSec: round(firstRate),
      durationMs: first.result.durationMs,
      added: first.result.added,
      failed: first.result.failed,
      peakRssMb: round(first.maxRssMb),
    },
    ceiling: {
      filesPerSec: round(ceilingRate),
      before: round(before.filesPerSec),
      after: round(after.filesPerSec),
      failed: before.failed,
    },
    ratio: round(firstRate / ceilingRate, 3),
    sameIo: {
      filesPerSec: round(sameIoRate),
      before: round(sameIoBefore.filesPerSec),
      after: round(sameIoAfter.filesPerSec),
      ratio: round(firstRate / sameIoRate, 3),
    },
    scanProcess: { execArgv: runtimeFor('job').execArgv, env: runtimeFor('job').env },
    rescan: {
      durationMs: rescan.result.durationMs,
      wallMs: round(rescan.wallMs),
      wrote: rescan.result.wrote,
      unchanged: rescan.result.unchanged,
      peakRssMb: round(rescan.maxRssMb),
    },
    targets: {
      ratio: firstRate / ceilingRate >= 0.85,
      rescanUnder1s: rescan.result.durationMs < 1000,
      rssUnder150Mb: first.maxRssMb < 150,
    },
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(
    path.join(outDir, 'scan.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(outDir, 'scan.md'), markdown(report));
  console.log(markdown(report));
}

function markdown(r: {
  files: number;
  firstScan: { filesPerSec: number; durationMs: number; peakRssMb: number };
  ceiling: { filesPerSec: number; before: number; after: number };
  ratio: number;
  sameIo: { filesPerSec: number; before: number; after: number; ratio: number };
  scanProcess: { execArgv: string[]; env: Record<string, string> };
  rescan: { durationMs: number; wrote: boolean; peakRssMb: number };
  targets: Record<string, boolean>;
  machine: { cpus: number; loadavg: number[] };
}): string {
  const mark = (ok: boolean | undefined) => (ok ? 'met' : 'MISSED');
  return [
    `# Scan benchmark (${r.files} files, ${r.machine.cpus} hardware threads, load ${r.machine.loadavg.map((l) => l.toFixed(1)).join(' ')})`,
    '',
    '| figure | value | target |',
    '|---|---|---|',
    `| first scan | ${r.firstScan.filesPerSec} files/s (${r.firstScan.durationMs} ms) | |`,
    `| ceiling: bare parseFile on all cores | ${r.ceiling.filesPerSec} files/s (before ${r.ceiling.before}, after ${r.ceiling.after}) | |`,
    `| first scan / ceiling | ${r.ratio} | >= 0.85: ${mark(r.targets.ratio)} |`,
    `| same bare loop on the scanner's reader | ${r.sameIo.filesPerSec} files/s (before ${r.sameIo.before}, after ${r.sameIo.after}) | |`,
    `| first scan / same-reader loop | ${r.sameIo.ratio} | |`,
    `| no-change rescan | ${r.rescan.durationMs} ms, wrote: ${r.rescan.wrote} | < 1000 ms: ${mark(r.targets.rescanUnder1s)} |`,
    `| peak RSS of the scanning process | ${r.firstScan.peakRssMb} MB (rescan ${r.rescan.peakRssMb} MB) | < 150 MB: ${mark(r.targets.rssUnder150Mb)} |`,
    '',
    "The ceiling reads through music-metadata's parseFile, which sends every",
    "read through libuv's thread pool; the scanner reads with blocking reads on",
    'its parse threads (server/library/scanner/audio-file.ts), which is why it',
    'can pass that ceiling. The same-reader loop is the parse alone on that I/O.',
    `The scan ran as the job worker runs: ${describeRuntime(r.scanProcess)}.`,
    '',
  ].join('\n');
}

function describeRuntime(runtime: { execArgv: string[]; env: Record<string, string> }) {
  const env = Object.entries(runtime.env).map(([k, v]) => `${k}=${v}`);
  const parts = [...env, 'node', ...runtime.execArgv];
  return `\`${parts.join(' ')}\``;
}
