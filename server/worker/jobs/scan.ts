// The library scan as a scheduled job. The scanner is incremental (path, size
// and mtime), so a scan that a limit or a kill stopped picks up where it was
// on its next run: the files it already indexed are skipped. Progress is kept
// in the database, where every process reads it.
import type { Db } from '../../db/index.js';
import {
  claimScan,
  readScanStatus,
  runRecordedScan,
} from '../../library/scan-control.js';
import type { Settings } from '../../settings/schema.js';
import type { Job } from '../scheduler.js';

const hourMs = 3_600_000;

export function scanJob(db: Db, settings: Settings): Job {
  return {
    name: 'scan',
    intervalMs: settings.scanIntervalHours * hourMs,
    runAtStart: settings.scanOnStart,
    async run(ctx) {
      if (!claimScan(db)) return { skipped: 'another process is scanning' };
      const follow = setInterval(() => ctx.progress({ ...readScanStatus(db) }), 1000);
      try {
        const result = await runRecordedScan({
          db,
          folders: settings.musicFolders,
          threads: settings.scanThreads,
          full: ctx.options.full,
          signal: ctx.signal,
        });
        return { ...result };
      } finally {
        clearInterval(follow);
      }
    },
  };
}
