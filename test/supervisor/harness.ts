// Starts a real supervisor in the test process, with real worker processes
// (the built dist/server/worker/main.js) on real ephemeral ports, and small
// limits so each test stays short. Plus plain HTTP helpers that can pick
// their source address (127.0.0.2) to prove the client address arrives.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { validateSettings } from '../../server/settings/load.js';
import type { SettingFlags } from '../../server/settings/schema.js';
import type { ExitRecord } from '../../server/supervisor/protocol.js';
import type { Spawner } from '../../server/supervisor/spawner.js';
import { startSupervisor, type Supervisor } from '../../server/supervisor/supervisor.js';
import type { WorkerProcess } from '../../server/supervisor/worker-process.js';
import { repoRoot, tempDir } from '../helpers/paths.js';

/** The built worker entry; `npm test` (or `npm run build:server`) makes it. */
export const workerEntry = path.join(repoRoot, 'dist', 'server', 'worker', 'main.js');

export interface Cluster {
  supervisor: Supervisor;
  url: string;
  dataDir: string;
  /** Every kill and recycle so far, in order. */
  stops: (ExitRecord & { slot: string })[];
  /** Every worker that became ready, with when. */
  readies: { worker: WorkerProcess; at: number }[];
  stop(): Promise<void>;
}

export interface ClusterOptions {
  settings?: Record<string, unknown>;
  /** The settings a CLI start would have taken from flags. */
  flags?: SettingFlags;
  entry?: string;
  spawn?: Spawner;
  /** Wait until every HTTP slot has a ready worker (default true). */
  waitReady?: boolean;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  if (!fs.existsSync(workerEntry)) throw new Error('run `npm run build:server` first');
  const dataDir = tempDir('hearth-sup-');
  const settings = validateSettings({
    host: '127.0.0.1',
    port: 0,
    workers: 2,
    testRoutes: true,
    scanOnStart: false,
    musicFolders: [tempDir('hearth-music-')],
    limitTimeCpu: 5,
    limitTimeReal: 5,
    ...options.settings,
  });
  const supervisor = await startSupervisor({
    settings,
    flags: options.flags,
    dataDir,
    spawn: options.spawn,
    workerEntry: options.entry ?? workerEntry,
    heartbeatMs: 250,
  });
  const stops: Cluster['stops'] = [];
  const readies: Cluster['readies'] = [];
  supervisor.on('stopped', (record) => stops.push(record));
  supervisor.on('ready', (worker) => readies.push({ worker, at: Date.now() }));
  if (options.waitReady ?? true) {
    if (!(await supervisor.whenReady(20_000))) throw new Error('workers did not start');
  }
  return {
    supervisor,
    url: supervisor.url,
    dataDir,
    stops,
    readies,
    stop: () => supervisor.shutdown(),
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestOptions {
  method?: string;
  /** Source address of the connection (any 127.x.y.z works on Linux). */
  localAddress?: string;
  agent?: http.Agent | false;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One request; rejects on a network error (reset, close before the end). */
export function request(url: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        agent: options.agent ?? false,
        localAddress: options.localAddress,
        headers: options.headers,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function json<T = Record<string, unknown>>(
  url: string,
  options?: RequestOptions,
): Promise<T> {
  const reply = await request(url, options);
  if (reply.status >= 400) throw new Error(`${reply.status} ${reply.body}`);
  return JSON.parse(reply.body.toString()) as T;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function until<T>(
  check: () => T | Promise<T>,
  timeoutMs: number,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** The pids of the HTTP workers currently in slots. */
export function httpPids(supervisor: Supervisor): number[] {
  return supervisor.pool
    .httpSlots()
    .flatMap((slot) => (slot.current?.pid ? [slot.current.pid] : []));
}

/** True while a process with this pid exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
