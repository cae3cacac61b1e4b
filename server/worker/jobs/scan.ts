// The library scan as a scheduled job. The scanner is incremental (path, size
// and mtime), so a scan that a limit or a kill stopped picks up where it was
// on its next run: the files it already indexed are skipped. A full rescan
// keeps its start time as its checkpoint, so when a limit stops it, the next
// run is still a full rescan but skips the files this one already re-read.
// Progress is kept in the database, where every process reads it.
import type { Db } from '../../db/index.js';
import {
  claimScan,
  readScanStatus,
  runRecordedScan,
} from '../../library/scan-control.js';
import type { Settings } from '../../settings/schema.js';
import type { Job, JobContext } from '../scheduler.js';

const hourMs = 3_600_000;

interface ScanCheckpoint {
  full: boolean;
  /** When the (first run of the) full rescan started. */
  startedAt: number;
}

/** The checkpoint of a run: the stopped run's, or a fresh one. */
function checkpointOf(ctx: JobContext): { checkpoint: ScanCheckpoint; resumed: boolean } {
  const saved = ctx.checkpoint as ScanCheckpoint | null;
  const full = ctx.options.full ?? false;
  if (saved && (saved.full || !full)) return { checkpoint: saved, resumed: true };
  return { checkpoint: { full, startedAt: Date.now() }, resumed: false };
}

export function scanJob(db: Db, settings: Settings): Job {
  return {
    name: 'scan',
    intervalMs: settings.scanIntervalHours * hourMs,
    runAtStart: settings.scanOnStart,
    async run(ctx) {
      if (!claimScan(db)) return { skipped: 'another process is scanning' };
      const { checkpoint, resumed } = checkpointOf(ctx);
      ctx.save(checkpoint);
      const follow = setInterval(() => ctx.progress({ ...readScanStatus(db) }), 1000);
      try {
        const result = await runRecordedScan({
          db,
          folders: settings.musicFolders,
          threads: settings.scanThreads,
          full: checkpoint.full,
          fullSince: resumed && checkpoint.full ? checkpoint.startedAt : undefined,
          signal: ctx.signal,
        });
        return { ...result, resumed, full: checkpoint.full };
      } finally {
        clearInterval(follow);
      }
    },
  };
}
