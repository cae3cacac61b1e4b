// The library scan, as a list of phases (see README.md beside this file):
//   1. walk and read  - walk the music folders, read new and changed files
//   2. group          - album and artist keys for each track
//   3. extract        - duration, cover, lyrics: the rest of the row
//   4. reconcile      - remove what vanished, then what nothing uses
// Phases 1-3 stream in batches, each written in one transaction. When no
// music folder can be read at all, the scan stops before phase 1 and
// changes nothing.
import { logger } from '../../log.js';
import { musicFolderProblem, realMusicFolders } from '../music-folders.js';
import { groupTrack } from './phase-2-group.js';
import { walkAndRead } from './phase-1-walk-read.js';
import { extractTrack } from './phase-3-extract.js';
import { reconcile } from './phase-4-reconcile.js';
import { ParsePool } from './pool.js';
import { scopeRoots } from './scope.js';
import { LibraryStore } from './store.js';
import type { ScanCounts, ScanOptions, ScanProgress, ScanResult } from './types.js';

export type { ScanOptions, ScanProgress, ScanResult } from './types.js';

/** Files per write transaction. */
const batchSize = 200;
/** How often progress is reported to the log. */
const logEveryMs = 5_000;
const defaultParseTimeoutMs = 30_000;

/** Scans the music folders into the library; see the file comment for the phases. */
export async function scanLibrary(options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const log = options.log ?? logger('scanner');
  // 0. With no music folder readable, a scan could only empty the library.
  const unreadable = unreadableFolders(options.folders);
  if (unreadable) return skipped({ started, log, unreadable });
  const store = new LibraryStore(options.db);
  const roots = scopeRoots(store, store.libraries(options.folders), options.only);
  const pool = new ParsePool({
    size: options.threads,
    timeoutMs: options.parseTimeoutMs ?? defaultParseTimeoutMs,
    log,
  });
  const progress: ScanProgress = {
    done: 0,
    total: options.only ? 0 : store.estimateFiles(),
    currentFolder: null,
  };
  const report = progressReporter(progress, options, log);
  const counts = noCounts();
  let changes = 0;
  const walked = roots.map((root) => root.path);
  log.info({ folders: walked, threads: options.threads }, 'scan started');

  try {
    // 1. Walk and read, in batches; 2. group and 3. extract each batch; write it.
    const batches = walkAndRead({
      store,
      pool,
      roots,
      inside: realMusicFolders(options.folders),
      full: options.full ?? false,
      fullSince: options.fullSince,
      batchSize,
      progress,
      onProgress: report,
      signal: options.signal,
    });
    for await (const batch of batches) {
      const tracks = batch.items.map(groupTrack).map(extractTrack);
      const written = store.writeBatch({ ...batch, tracks }, Date.now());
      counts.unchanged += batch.unchanged;
      counts.added += written.added;
      counts.updated += written.updated;
      counts.moved += written.moved;
      counts.failed += written.failed;
      changes += written.changes;
    }

    // 4. Reconcile: vanished files, removed music folders, orphans.
    const aborted = options.signal?.aborted ?? false;
    const reconciled = reconcile({
      store,
      folders: options.folders,
      complete: !aborted,
      now: Date.now(),
    });
    counts.removed = reconciled.removed;
    changes += reconciled.changes;
    return finish({ counts, changes, started, progress, aborted, log });
  } finally {
    progress.currentFolder = null;
    options.onProgress?.({ ...progress });
    await pool.close();
  }
}

/**
 * Every music folder that cannot be read and why, or null when one can. With
 * none readable (a disk not mounted, a wrong --music), a scan could only
 * empty the library: it changes nothing instead.
 */
function unreadableFolders(folders: string[]): { path: string; reason: string }[] | null {
  const problems = folders.map((dir) => ({ path: dir, reason: musicFolderProblem(dir) }));
  if (problems.some((p) => p.reason === null)) return null;
  return problems as { path: string; reason: string }[];
}

const noFolder = 'no music folder can be read';

const noCounts = (): ScanCounts => ({
  added: 0,
  updated: 0,
  removed: 0,
  unchanged: 0,
  failed: 0,
  moved: 0,
});

function skipped(state: {
  started: number;
  log: NonNullable<ScanOptions['log']>;
  unreadable: { path: string; reason: string }[];
}): ScanResult {
  const result: ScanResult = {
    ...noCounts(),
    durationMs: Date.now() - state.started,
    files: 0,
    read: 0,
    wrote: false,
    aborted: false,
    skipped: noFolder,
  };
  state.log.warn({ folders: state.unreadable }, `scan skipped: ${noFolder}`);
  return result;
}

function finish(state: {
  counts: ScanCounts;
  changes: number;
  started: number;
  progress: ScanProgress;
  aborted: boolean;
  log: NonNullable<ScanOptions['log']>;
}): ScanResult {
  const { counts } = state;
  const result: ScanResult = {
    ...counts,
    durationMs: Date.now() - state.started,
    files: state.progress.total,
    read: counts.added + counts.updated + counts.moved + counts.failed,
    wrote: state.changes + counts.removed > 0,
    aborted: state.aborted,
  };
  state.log.info(result, result.wrote ? 'scan finished' : 'scan finished: no changes');
  return result;
}

/** Passes progress to the caller on every change, and to the log now and then. */
function progressReporter(
  progress: ScanProgress,
  options: ScanOptions,
  log: NonNullable<ScanOptions['log']>,
): () => void {
  let lastLog = Date.now();
  return () => {
    options.onProgress?.({ ...progress });
    if (Date.now() - lastLog < logEveryMs) return;
    lastLog = Date.now();
    log.info({ ...progress }, 'scan progress');
  };
}
