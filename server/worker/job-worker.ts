// The job worker: the scheduler and its jobs (the library scan first), under
// jobLimitTimeReal and jobLimitTimeCpu. HTTP workers reach it through the
// supervisor; its job list is pushed to them whenever it changes.
import os from 'node:os';
import path from 'node:path';
import { dbFile, openDb } from '../db/index.js';
import type { Db } from '../db/index.js';
import { logger } from '../log.js';
import type { JobStatus, WorkerChannel, WorkerInit } from '../supervisor/protocol.js';
import type { Settings } from '../settings/schema.js';
import { startHeartbeat, type HeartbeatHandle } from './heartbeat.js';
import { JobStore } from './job-store.js';
import { artworkJob } from './jobs/artwork.js';
import { calibrationJob } from './jobs/calibration.js';
import { externalInfoJob } from './jobs/external-info.js';
import { rescanJob } from './jobs/rescan.js';
import { scanJob } from './jobs/scan.js';
import { scrobblesJob } from './jobs/scrobbles.js';
import { testJobs } from './jobs/test-jobs.js';
import { FolderWatching } from './jobs/watching.js';
import { Scheduler, type Job } from './scheduler.js';

const log = logger('jobs');

export interface JobsOf {
  db: Db;
  settings: Settings;
  dataDir: string;
  /** The watcher that feeds the "rescan" job; absent: no such job. */
  watching?: FolderWatching;
}

/**
 * Every job this installation runs; "rescan" when a watcher feeds it;
 * test jobs only under settings.testRoutes.
 */
export function allJobs({ db, settings, dataDir, watching }: JobsOf): Job[] {
  const jobs = [
    scanJob(db, settings),
    artworkJob({ db, settings, dataDir }),
    externalInfoJob({ db, settings }),
    scrobblesJob(db, settings),
    calibrationJob(db, settings),
  ];
  if (watching) jobs.push(rescanJob(db, settings, watching));
  return settings.testRoutes ? [...jobs, ...testJobs()] : jobs;
}

/** The job list file in the data folder. */
export function jobStoreFile(dataDir: string): string {
  return path.join(dataDir, 'jobs.json');
}

/** Calls `send` at most every `ms`, always with the latest value. */
function throttled<T>(ms: number, send: (value: T) => void): (value: T) => void {
  let latest: T | undefined;
  let timer: NodeJS.Timeout | null = null;
  return (value) => {
    latest = value;
    timer ??= setTimeout(() => {
      timer = null;
      send(latest as T);
    }, ms);
  };
}

/**
 * Runs this process below the HTTP workers, so jobs get the spare CPU and
 * never browsing's. Threads started afterwards (tag parsing, libvips)
 * inherit the priority.
 */
function yieldToBrowsing(): void {
  try {
    os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch (err) {
    log.warn({ err }, 'job worker priority unchanged');
  }
}

export async function runJobWorker(init: WorkerInit, channel: WorkerChannel) {
  // 1. The scheduler, persisting checkpoints in the data folder.
  yieldToBrowsing();
  const db = openDb(dbFile(init.dataDir), { migrate: false });
  const publish = throttled<JobStatus[]>(200, (jobs) =>
    channel.emit('jobs.status', jobs),
  );
  const watching = new FolderWatching(init.settings);
  // Filled in step 3; the scheduler's onChange needs it before it exists.
  const heartbeat: { handle?: HeartbeatHandle } = {};
  let lastRunning: string | null = null;
  const scheduler = new Scheduler({
    jobs: allJobs({ db, settings: init.settings, dataDir: init.dataDir, watching }),
    store: new JobStore(jobStoreFile(init.dataDir)),
    limits: {
      cpuMs: init.settings.jobLimitTimeCpu * 1000,
      realMs: init.settings.jobLimitTimeReal * 1000,
    },
    // When a job starts, a heartbeat at once as well, so the supervisor
    // knows which job runs even if it blocks the event loop from its first
    // line. (Only then: beats from a blocked loop would hide it.)
    onChange: (jobs) => {
      publish(jobs);
      const running = jobs.find((job) => job.state === 'running')?.name ?? null;
      if (running !== null && running !== lastRunning) heartbeat.handle?.beat();
      lastRunning = running;
    },
    // A job that ignores its abort cannot be stopped from inside: ask to be replaced.
    onStuck: ({ job, reason, limit }) =>
      channel.emit('kill.request', { reason, limit, requests: [`job ${job}`] }),
  });

  // 2. Calls from the supervisor (forwarded from the admin API and /api/scan).
  channel.handle('jobs.run', ({ name, full }) => scheduler.run(name, { full }));
  channel.handle('jobs.cancel', ({ name }) => scheduler.cancel(name));
  channel.handle('jobs.status', () => scheduler.status());

  // 3. Heartbeats, ready, then the first runs.
  heartbeat.handle = startHeartbeat({
    intervalMs: init.heartbeatMs,
    send: (beat) => channel.emit('heartbeat', beat),
    counters: () => ({
      openConnections: 0,
      activeRequests: 0,
      requestsServed: 0,
      inflight: scheduler
        .status()
        .filter((job) => job.state === 'running')
        .map((job) => `job ${job.name}`),
    }),
  });
  channel.emit('ready', { socket: null });
  scheduler.start();
  void watching.start(scheduler);
  log.info({ jobs: scheduler.status().map((j) => j.name) }, 'job worker ready');

  // 4. Drain: stop the running job at its next checkpoint, then exit.
  channel.on('drain', ({ reason }) => {
    log.info({ reason }, 'job worker stopping');
    void Promise.all([watching.stop(), scheduler.stop()]).then(() => {
      heartbeat.handle?.stop();
      db.close();
      setTimeout(() => process.exit(0), 50);
    });
  });
}
