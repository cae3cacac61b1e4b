// Watches the music folders for changes (chokidar: inotify, FSEvents or
// ReadDirectoryChangesW underneath) and reports the folder each change
// happened in. It does not scan: the job worker gathers the folders, waits
// for the changes to settle, and rescans only those (see
// server/worker/jobs/rescan.ts). Hidden entries are ignored, as the scan
// ignores them.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { logger } from '../log.js';

const log = logger('scanner');

export interface LibraryWatcher {
  /** Resolves once the initial crawl is done and changes are being reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  folders: string[];
  /** Called with the folder a change happened in (a new folder: itself). */
  onChange: (folder: string) => void;
}

/** The folder to rescan for one event: a new folder itself, else the parent. */
export function folderOfEvent(event: string, changed: string): string {
  return event === 'addDir' ? changed : path.dirname(changed);
}

export function watchLibrary(options: WatchOptions): LibraryWatcher {
  const roots = new Set(options.folders.map((f) => path.resolve(f)));
  const hidden = (p: string) => !roots.has(p) && path.basename(p).startsWith('.');
  const watcher: FSWatcher = watch([...roots], {
    ignoreInitial: true,
    ignored: hidden,
    followSymlinks: true,
    ignorePermissionErrors: true,
  });
  watcher.on('all', (event, changed) => {
    if (event === 'raw' || event === 'error' || event === 'ready') return;
    options.onChange(folderOfEvent(event, path.resolve(changed)));
  });
  // A watch that fails (inotify limit reached) leaves the schedule to catch up.
  watcher.on('error', (err) => log.warn({ err }, 'file watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', resolve));
  void ready.then(() => log.info({ folders: [...roots] }, 'watching the music folders'));
  return { ready, close: () => watcher.close() };
}
