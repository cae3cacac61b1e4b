// ScanControl (what the HTTP API uses to start a scan and show its progress)
// on top of the scheduler, so manual and scheduled scans share one queue and
// one set of limits. The scan's progress lives in the database, which every
// process reads; in an HTTP worker a start is a call to the job worker.
import type { Db } from '../db/index.js';
import type { ScanControl, ScanStatus } from '../http/deps.js';
import { readScanStatus } from '../library/scan-control.js';
import { logger } from '../log.js';
import type { JobStatus, WorkerChannel } from '../supervisor/protocol.js';
import type { Scheduler } from './scheduler.js';

const log = logger('worker');

/** The stored status; a scan queued behind another job already counts as running. */
export function scanStatus(db: Db, jobs: JobStatus[]): ScanStatus {
  const stored = readScanStatus(db);
  const queued = jobs.some((job) => job.name === 'scan' && job.state === 'queued');
  return queued && !stored.running ? { ...stored, running: true } : stored;
}

/** In the process that runs the scheduler (job worker, or one-process mode). */
export function schedulerScanControl(db: Db, scheduler: Scheduler): ScanControl {
  return {
    start: (options) => ({ started: scheduler.run('scan', options).queued }),
    status: () => scanStatus(db, scheduler.status()),
  };
}

/** In an HTTP worker: the job list arrives as a push, a start is a call. */
export function remoteScanControl(db: Db, channel: WorkerChannel): ScanControl {
  let jobs: JobStatus[] = [];
  channel.on('jobs.status', (latest) => (jobs = latest));
  return {
    start(options) {
      if (scanStatus(db, jobs).running) return { started: false };
      jobs = jobs.map((job) => (job.name === 'scan' ? { ...job, state: 'queued' } : job));
      channel.call('jobs.run', { name: 'scan', ...options }).catch((err: unknown) => {
        log.error({ err }, 'scan request did not reach the job worker');
      });
      return { started: true };
    },
    status: () => scanStatus(db, jobs),
  };
}
