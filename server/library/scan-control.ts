// Running a scan and telling everyone how it goes. Progress (done, total,
// current folder) and the last result live in the scan_state table, so any
// process sharing the database (HTTP workers, the job worker, the tray) reads
// the same status. createLocalScanControl runs scans in this process; the job
// worker can call runRecordedScan directly.
import type { Db } from '../db/index.js';
import type { ScanControl, ScanStatus } from '../http/deps.js';
import { logger, type Logger } from '../log.js';
import type { Settings } from '../settings/schema.js';
import { scanLibrary, type ScanProgress, type ScanResult } from './scanner/index.js';

const statusKey = 'status';
/** Progress is written at most this often (and always at start and end). */
const writeEveryMs = 500;

interface StoredStatus extends ScanStatus {
  /** The process running the scan: a dead pid means the scan was killed. */
  pid: number | null;
}

const idle: StoredStatus = {
  running: false,
  done: 0,
  total: 0,
  currentFolder: null,
  startedAt: null,
  finishedAt: null,
  lastResult: null,
  pid: null,
};

function readStored(db: Db): StoredStatus {
  const row = db.prepare('SELECT value FROM scan_state WHERE key = ?').get(statusKey) as
    { value: string } | undefined;
  return row ? { ...idle, ...(JSON.parse(row.value) as Partial<StoredStatus>) } : idle;
}

function writeStored(db: Db, status: StoredStatus): void {
  db.prepare(
    `INSERT INTO scan_state (key, value) VALUES (?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  ).run(statusKey, JSON.stringify(status));
}

function alive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The scan status as stored by whichever process scans. A scan whose process
 * died (kill -9, power loss) reads as not running.
 */
export function readScanStatus(db: Db): ScanStatus {
  const { pid, ...status } = readStored(db);
  if (status.running && !alive(pid)) return { ...status, running: false };
  return status;
}

export interface RecordedScanOptions {
  db: Db;
  folders: string[];
  threads: number;
  full?: boolean;
  /** Walk only these changed paths (the file watcher's); see scanner/scope.ts. */
  only?: string[];
  /** A resumed full rescan's start; see ScanOptions.fullSince. */
  fullSince?: number;
  signal?: AbortSignal;
  log?: Logger;
  parseTimeoutMs?: number;
}

/**
 * Claims the scan for this process: false when another live process (or this
 * one) is already scanning. The check and the claim are one transaction.
 */
export function claimScan(db: Db): boolean {
  return db
    .transaction(() => {
      const current = readStored(db);
      if (current.running && alive(current.pid)) return false;
      writeStored(db, {
        ...current,
        running: true,
        done: 0,
        total: 0,
        currentFolder: null,
        startedAt: Date.now(),
        finishedAt: null,
        pid: process.pid,
      });
      return true;
    })
    .immediate();
}

/**
 * Runs one scan after claimScan, recording progress and the result in
 * scan_state. Progress also goes to the log (the scanner logs it).
 */
export async function runRecordedScan(options: RecordedScanOptions): Promise<ScanResult> {
  const { db } = options;
  const log = options.log ?? logger('scanner');
  const started = readStored(db);
  let lastWrite = 0;
  const record = (progress: ScanProgress, force = false) => {
    if (!force && Date.now() - lastWrite < writeEveryMs) return;
    lastWrite = Date.now();
    writeStored(db, { ...readStored(db), ...progress, running: true, pid: process.pid });
  };
  try {
    const result = await scanLibrary({ ...options, log, onProgress: (p) => record(p) });
    const done = { done: result.files, total: result.files, currentFolder: null };
    writeStored(db, {
      ...started,
      ...done,
      running: false,
      finishedAt: Date.now(),
      lastResult: { ...result },
      pid: null,
    });
    return result;
  } catch (err) {
    log.error({ err }, 'scan failed');
    const lastResult = { error: err instanceof Error ? err.message : String(err) };
    writeStored(db, {
      ...readStored(db),
      running: false,
      finishedAt: Date.now(),
      lastResult,
    });
    throw err;
  }
}

export interface LocalScanOptions {
  db: Db;
  settings: Pick<Settings, 'musicFolders' | 'scanThreads'>;
  log?: Logger;
}

/** A ScanControl that also lets its owner stop the scan and wait for it. */
export interface LocalScanControl extends ScanControl {
  /** Stops the running scan between files; resolves when it has ended. */
  stop(): Promise<void>;
  /** The running scan's result, or null when none is running. */
  current(): Promise<ScanResult> | null;
}

/** Scans in this process: one scan at a time across every process. */
export function createLocalScanControl(options: LocalScanOptions): LocalScanControl {
  const { db, settings } = options;
  const log = options.log ?? logger('scanner');
  let running: { promise: Promise<ScanResult>; abort: AbortController } | null = null;

  return {
    start(startOptions = {}) {
      if (running || !claimScan(db)) return { started: false };
      const abort = new AbortController();
      const promise = runRecordedScan({
        db,
        folders: settings.musicFolders,
        threads: settings.scanThreads,
        full: startOptions.full,
        signal: abort.signal,
        log,
      });
      running = { promise, abort };
      promise.catch(() => undefined).finally(() => (running = null));
      return { started: true };
    },
    status: () => readScanStatus(db),
    current: () => running?.promise ?? null,
    async stop() {
      if (!running) return;
      running.abort.abort();
      await running.promise.catch(() => undefined);
    },
  };
}
