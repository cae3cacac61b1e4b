// The dispatcher benchmark (`npm run bench -- dispatcher`). A real supervisor
// with 1, 2 and 4 HTTP workers over a generated library of 1,000 tracks:
// - JSON browse (GET /api/albums?limit=50&sort=name), 50 connections:
//   requests/s, p50 and p99;
// - raw streaming of a 100 MB file, 8 connections: MB/s;
// each through the dispatcher's public port and direct to the workers (the
// load client writes the preamble itself, as the dispatcher would), which
// gives the dispatcher's overhead. Plus idle RSS per worker and in all.
// The load runs in its own process. Targets on 2 cores: idle RSS <= 50 MB per
// worker, JSON p99 < 20 ms with 50 connections, overhead <= 15 % for JSON.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createUser } from '../server/auth/users.js';
import { dbFile, openDb } from '../server/db/index.js';
import { runRecordedScan } from '../server/library/scan-control.js';
import { validateSettings } from '../server/settings/load.js';
import { formatPreamble } from '../server/supervisor/preamble.js';
import type { ChildHandle, Spawner } from '../server/supervisor/spawner.js';
import { nodeSpawner } from '../server/supervisor/spawner.js';
import { startSupervisor, type Supervisor } from '../server/supervisor/supervisor.js';
import { generateLibrary } from './generate-library.js';
import { loadFromChild, type LoadSummary } from './load.js';
import type { LoadTarget } from './load-client.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const outDir = path.join(repoRoot, 'bench-out');
const workerEntry = path.join(repoRoot, 'dist', 'server', 'worker', 'main.js');
const durationMs = Number(process.env.HEARTH_BENCH_SECONDS ?? 10) * 1000;
const workerCounts = [1, 2, 4];
const MB = 1e6;

interface Prepared {
  musicDir: string;
  bigFile: string;
}

/** A 1,000-track library, plus a 100 MB WAV to stream. */
async function prepare(): Promise<Prepared> {
  const musicDir = path.join(outDir, 'dispatcher-music');
  await generateLibrary(path.join(musicDir, 'library'), undefined, {
    albums: 100,
    tracksPerAlbum: 10,
    corpusCopies: 0,
  });
  const bigFile = path.join(musicDir, 'big', 'long.wav');
  if (!fs.existsSync(bigFile)) {
    fs.mkdirSync(path.dirname(bigFile), { recursive: true });
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anoisesrc=c=pink:a=0.1:d=567'],
      ...['-ac', '2', '-ar', '44100', '-c:a', 'pcm_s16le', bigFile],
    ]);
  }
  return { musicDir, bigFile };
}

/** A spawner that remembers the secret the supervisor gives its workers. */
function secretKeeping(): { spawn: Spawner; secret: () => string } {
  let secret = '';
  const spawn: Spawner = (options) => {
    const child: ChildHandle = nodeSpawner(options);
    const post = child.post.bind(child);
    return Object.assign(child, {
      post(message: unknown) {
        const found = /"secret":"([0-9a-f]+)"/.exec(JSON.stringify(message));
        if (found?.[1]) secret = found[1];
        post(message);
      },
    });
  };
  return { spawn, secret: () => secret };
}

interface Server {
  supervisor: Supervisor;
  cookie: string;
  trackId: string;
  secret: () => string;
}

/** A scanned data folder with one admin, then a supervisor over it. */
async function startServer(prepared: Prepared, workers: number): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-dispatch-'));
  const db = openDb(dbFile(dataDir));
  await createUser(db, {
    username: 'bench',
    password: 'dispatcher-bench',
    role: 'admin',
  });
  await runRecordedScan({ db, folders: [prepared.musicDir], threads: 2 });
  const big = db.prepare('SELECT id FROM track WHERE path = ?').get(prepared.bigFile) as {
    id: string;
  };
  db.close();

  const keeper = secretKeeping();
  const supervisor = await startSupervisor({
    settings: validateSettings({
      host: '127.0.0.1',
      port: 0,
      workers,
      scanOnStart: false,
      watchMusicFolders: false,
      musicFolders: [prepared.musicDir],
    }),
    dataDir,
    spawn: keeper.spawn,
    workerEntry,
  });
  if (!(await supervisor.whenReady(30_000))) throw new Error('workers did not start');
  await jobsIdle(supervisor, 60_000);
  const cookie = await signIn(supervisor.url);
  return { supervisor, cookie, trackId: big.id, secret: keeper.secret };
}

/**
 * Waits until the job worker has run its start-up jobs (the transcode
 * calibration takes a few CPU seconds on a fresh data folder), so no figure
 * is measured while they share the cores.
 */
async function jobsIdle(supervisor: Supervisor, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const settled = () => {
    const jobs = supervisor.jobStatus();
    const calibration = jobs.find((job) => job.name === 'calibration');
    return (
      jobs.length > 0 &&
      jobs.every((job) => job.state === 'idle') &&
      (calibration === undefined || calibration.lastRun !== null)
    );
  };
  while (!settled() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'bench', password: 'dispatcher-bench' }),
  });
  const cookie = /^(hearth_session=[^;]+)/.exec(res.headers.getSetCookie()[0] ?? '');
  if (!cookie?.[1]) throw new Error(`sign-in failed: ${res.status}`);
  return cookie[1];
}

/** The public port, or every worker's own socket with the preamble. */
function targets(server: Server, direct: boolean): LoadTarget[] {
  const { supervisor } = server;
  if (!direct) return [{ port: supervisor.port }];
  const client = { address: '127.0.0.1', port: 40000 };
  const local = { address: '127.0.0.1', port: supervisor.port };
  return supervisor.pool.httpSlots().map((slot) => ({
    path: slot.current!.socket!,
    preamble: formatPreamble(server.secret(), client, local),
  }));
}

interface Row {
  workers: number;
  route: 'dispatcher' | 'direct';
  json: LoadSummary;
  raw: LoadSummary;
  /** CPU per JSON request, us: the supervisor (the dispatcher) and the HTTP workers. */
  jsonCpu: { dispatcherUs: number; workersUs: number; clientUs: number };
}

/** CPU time (user + system) of a process so far, ms, from /proc. */
function cpuMsOf(pid: number): number {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return 0;
  }
}

async function measure(server: Server, workers: number, direct: boolean): Promise<Row> {
  const headers = { cookie: server.cookie };
  const workerPids = server.supervisor.pool
    .httpSlots()
    .map((slot) => slot.current?.pid ?? 0);
  const before = [process.pid, ...workerPids].map(cpuMsOf);
  const json = await loadFromChild({
    targets: targets(server, direct),
    path: '/api/albums?limit=50&sort=name',
    headers,
    connections: 50,
    durationMs,
  });
  const used = [process.pid, ...workerPids].map((pid, i) => cpuMsOf(pid) - before[i]!);
  const perRequest = (ms: number) => Math.round((ms * 1000) / Math.max(1, json.requests));
  const jsonCpu = {
    dispatcherUs: perRequest(used[0]!),
    workersUs: perRequest(used.slice(1).reduce((a, b) => a + b, 0)),
    clientUs: json.clientCpuUsPerRequest,
  };
  const raw = await loadFromChild({
    targets: targets(server, direct),
    path: `/api/tracks/${server.trackId}/stream?format=raw`,
    headers,
    connections: 8,
    durationMs,
  });
  return { workers, route: direct ? 'direct' : 'dispatcher', json, raw, jsonCpu };
}

interface IdleRss {
  workers: number;
  perWorkerMb: number[];
  /** Proportional and private memory of each HTTP worker (Linux smaps_rollup). */
  perWorkerPssMb: number[];
  perWorkerPrivateMb: number[];
  jobWorkerMb: number;
  supervisorMb: number;
  totalMb: number;
}

/**
 * The floor under every worker's RSS: a Node process of the same binary that
 * runs nothing (the binary's own pages, V8's empty heap, libuv), in MiB.
 */
async function bareNodeRss(): Promise<{ rssMb: number; privateMb: number }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const text = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(text)?.[1] ?? 0);
  const smaps = smapsOf(child.pid ?? 0);
  child.kill();
  return {
    rssMb: Number((rssKb / 1024).toFixed(1)),
    privateMb: Number((smaps.private / 2 ** 20).toFixed(1)),
  };
}

/** RSS after a few quiet seconds, from the supervisor's own metrics. */
async function idleRss(server: Server, workers: number): Promise<IdleRss> {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const snapshot = server.supervisor.snapshot();
  const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));
  const of = (role: string) => snapshot.processes.filter((p) => p.role === role);
  const smaps = of('http').map((p) => smapsOf(p.pid ?? 0));
  return {
    workers,
    perWorkerMb: of('http').map((p) => mb(p.rssBytes)),
    perWorkerPssMb: smaps.map((s) => mb(s.pss)),
    perWorkerPrivateMb: smaps.map((s) => mb(s.private)),
    jobWorkerMb: mb(of('job')[0]?.rssBytes ?? 0),
    supervisorMb: mb(of('supervisor')[0]?.rssBytes ?? 0),
    totalMb: mb(snapshot.totals.rssBytes),
  };
}

/**
 * PSS and private memory of a process, in bytes. RSS counts the pages of the
 * node binary and shared libraries in full for every process; private memory
 * is what one more worker really adds.
 */
function smapsOf(pid: number): { pss: number; private: number } {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return {
      pss: kb('Pss') * 1024,
      private: (kb('Private_Clean') + kb('Private_Dirty')) * 1024,
    };
  } catch {
    return { pss: 0, private: 0 };
  }
}

function markdown(
  rows: Row[],
  idle: IdleRss[],
  bare: { rssMb: number; privateMb: number },
): string {
  const lines = [
    '# Dispatcher benchmark',
    '',
    `${os.cpus().length} CPUs, Node ${process.version}, ${durationMs / 1000} s per figure.`,
    'JSON: GET /api/albums?limit=50 with 50 connections. Raw: a 100 MB WAV, 8 connections.',
    '',
    '| workers | route | JSON req/s | p50 ms | p99 ms | raw MB/s | errors |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.workers} | ${r.route} | ${r.json.requestsPerSec} | ${r.json.p50Ms} | ` +
        `${r.json.p99Ms} | ${r.raw.mbPerSec} | ${r.json.errors + r.json.non2xx + r.raw.errors + r.raw.non2xx} |`,
    ),
    '',
    'CPU per JSON request, in microseconds of one thread (from /proc), for each',
    'process on the path. The dispatcher column is the whole supervisor process.',
    '',
    '| workers | route | dispatcher | HTTP workers | load client | total |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.workers} | ${r.route} | ${r.jsonCpu.dispatcherUs} | ${r.jsonCpu.workersUs} | ` +
        `${r.jsonCpu.clientUs} | ` +
        `${r.jsonCpu.dispatcherUs + r.jsonCpu.workersUs + r.jsonCpu.clientUs} |`,
    ),
    '',
    '| workers | dispatcher overhead, JSON req/s | raw MB/s |',
    '|---|---|---|',
    ...workerCounts.map((n) => {
      const via = rows.find((r) => r.workers === n && r.route === 'dispatcher')!;
      const direct = rows.find((r) => r.workers === n && r.route === 'direct')!;
      const cost = (a: number, b: number) => `${((1 - a / b) * 100).toFixed(1)} %`;
      return (
        `| ${n} | ${cost(via.json.requestsPerSec, direct.json.requestsPerSec)} | ` +
        `${cost(via.raw.mbPerSec, direct.raw.mbPerSec)} |`
      );
    }),
    '',
    'Idle memory in MiB. RSS counts shared pages (the node binary, libraries) in',
    'full in every process; private memory is what one more worker adds.',
    `The floor: a Node process of the same binary that runs nothing has ${bare.rssMb} MiB`,
    `of RSS (${bare.privateMb} MiB private) before any of Hearth is loaded.`,
    '',
    '| workers | RSS per HTTP worker | PSS per worker | private per worker | ' +
      'job worker RSS | supervisor RSS | whole server RSS |',
    '|---|---|---|---|---|---|---|',
    ...idle.map(
      (i) =>
        `| ${i.workers} | ${i.perWorkerMb.join(', ')} | ${i.perWorkerPssMb.join(', ')} | ` +
        `${i.perWorkerPrivateMb.join(', ')} | ${i.jobWorkerMb} | ` +
        `${i.supervisorMb} | ${i.totalMb} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

export async function runDispatcherBenchmark(): Promise<void> {
  const prepared = await prepare();
  const rows: Row[] = [];
  const idle: IdleRss[] = [];
  const bare = await bareNodeRss();
  for (const workers of workerCounts) {
    const server = await startServer(prepared, workers);
    try {
      idle.push(await idleRss(server, workers));
      rows.push(await measure(server, workers, false));
      rows.push(await measure(server, workers, true));
    } finally {
      await server.supervisor.shutdown();
    }
    console.log(`dispatcher: ${workers} worker(s) done`);
  }
  const report = {
    durationMs,
    rows,
    idle,
    bareNode: bare,
    bigFileMb: fs.statSync(prepared.bigFile).size / MB,
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(
    path.join(outDir, 'dispatcher.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(outDir, 'dispatcher.md'), markdown(rows, idle, bare));
  console.log(markdown(rows, idle, bare));
}
