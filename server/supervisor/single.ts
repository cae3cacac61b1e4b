// One-process mode (workers = 0), for very small machines: the app, the
// scheduler and its jobs all in this process. Request limits still apply
// (limitTimeReal); limits that need a second process to act (CPU, memory,
// requests) do not, since nothing is left to restart this one.
import { firstRunOf, listenGated, type Bound, type FirstRun } from '../auth/listen.js';
import { dbFile, openDb } from '../db/index.js';
import { logger } from '../log.js';
import type { SettingFlags, Settings } from '../settings/schema.js';
import { createHttpStack } from '../worker/http-stack.js';
import { JobStore } from '../worker/job-store.js';
import { allJobs, jobStoreFile } from '../worker/job-worker.js';
import { localControl, type LocalSources } from '../worker/local-control.js';
import { schedulerScanControl } from '../worker/scan-controls.js';
import { Scheduler } from '../worker/scheduler.js';

const log = logger('supervisor');

export interface SingleProcessOptions {
  settings: Settings;
  /** The settings given as flags, for the settings window's notes. */
  flags?: SettingFlags;
  dataDir: string;
  ffmpegPath?: string;
}

export interface SingleProcess {
  port: number;
  /** Where it listens now: loopback until the first admin exists. */
  bound(): Bound;
  /** On a first run, where to create the admin and the setup code; else null. */
  firstRun: FirstRun | null;
  close(): Promise<void>;
}

export async function startSingleProcess(
  options: SingleProcessOptions,
): Promise<SingleProcess> {
  const settings = { ...options.settings, ffmpegPath: options.ffmpegPath ?? '' };
  const { dataDir } = options;

  // 1. The database, the scheduler and its jobs (job CPU is not told apart
  // from serving in one process, so only jobLimitTimeReal applies).
  const db = openDb(dbFile(dataDir), { migrate: true });
  const scheduler = new Scheduler({
    jobs: allJobs({ db, settings, dataDir }),
    store: new JobStore(jobStoreFile(dataDir)),
    limits: { cpuMs: Number.POSITIVE_INFINITY, realMs: settings.jobLimitTimeReal * 1000 },
  });

  // 2. The app, with a control API that describes this process alone.
  const sources: LocalSources = { scheduler, settings };
  const scan = schedulerScanControl(db, scheduler);
  const control = localControl(sources);
  const { server, tracker } = createHttpStack({
    deps: { db, settings, flags: options.flags, dataDir, scan, control },
    slot: 'main',
  });
  let open = 0;
  server.on('connection', (socket) => {
    open += 1;
    socket.once('close', () => (open -= 1));
  });
  sources.tracker = tracker;
  sources.connections = () => open;

  // 3. Listen (loopback only until the first admin exists), then start the jobs.
  const stopGate = new AbortController();
  const gate = await listenGated(server, {
    db,
    settings,
    dataDir,
    signal: stopGate.signal,
  });
  let bound = gate.first;
  gate.final.then(
    (moved) => (bound = moved),
    (err: unknown) => log.error({ err }, 'cannot listen on the configured address'),
  );
  scheduler.start();
  return {
    port: gate.first.port,
    bound: () => bound,
    firstRun: firstRunOf(gate),
    // Stop accepting, let responses finish for up to limitTimeReal, then cut.
    async close() {
      stopGate.abort();
      const closed = new Promise((resolve) => server.close(resolve));
      tracker.drain();
      server.closeIdleConnections();
      const graceMs = settings.limitTimeReal * 1000;
      await Promise.race([closed, new Promise((r) => setTimeout(r, graceMs).unref())]);
      server.closeAllConnections();
      await Promise.all([closed, scheduler.stop()]);
      tracker.stop();
      db.close();
    },
  };
}
