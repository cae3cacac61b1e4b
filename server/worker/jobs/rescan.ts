// The watcher's rescan as a job: walks only the folders that changed (see
// server/library/scanner/scope.ts), through the same scan and the same
// scan_state as the full scan, so it shows up in /api/scan like any scan and
// never runs beside one. Its checkpoint is the folder list: a run stopped by
// a limit or a kill rescans those folders on its next run, and the files it
// already indexed are skipped as unchanged.
import type { Db } from '../../db/index.js';
import { claimScan, runRecordedScan } from '../../library/scan-control.js';
import type { Settings } from '../../settings/schema.js';
import type { Job } from '../scheduler.js';
import type { FolderWatching } from './watching.js';

interface RescanCheckpoint {
  folders: string[];
}

export function rescanJob(db: Db, settings: Settings, watching: FolderWatching): Job {
  const { changes } = watching;
  return {
    name: 'rescan',
    intervalMs: 0,
    runAtStart: false,
    info: () => ({
      watching: watching.state,
      pendingFolders: changes.size,
      missingFolders: watching.missing,
    }),
    async run(ctx) {
      // 1. The folders: those a stopped run left, plus those changed since.
      const saved = (ctx.checkpoint as RescanCheckpoint | null)?.folders ?? [];
      const folders = [...new Set([...saved, ...changes.take()])];
      if (folders.length === 0) return { folders: 0 };
      ctx.save({ folders } satisfies RescanCheckpoint);

      // 2. Another process is scanning: hand the folders back for later.
      if (!claimScan(db)) {
        changes.add(...folders);
        return { folders: folders.length, skipped: 'another process is scanning' };
      }

      // 3. The scan of just those folders.
      const result = await runRecordedScan({
        db,
        folders: settings.musicFolders,
        threads: settings.scanThreads,
        only: folders,
        signal: ctx.signal,
      });
      return { folders: folders.length, ...result };
    },
  };
}
