// Watches the music folders for changes (chokidar: inotify, FSEvents or
// ReadDirectoryChangesW underneath) and reports the folder each change
// happened in. It does not scan: the job worker gathers the folders, waits
// for the changes to settle, and rescans only those (see
// server/worker/jobs/rescan.ts). Hidden entries are ignored, as the scan
// ignores them.
//
// A music folder can go away (an unplugged disk, a folder renamed) and come
// back; chokidar then drops its watch for good. So each music folder has its
// own watch, and a poll every few seconds looks at each folder: one that has
// gone is logged and waited for, one that is back (or was replaced by
// another folder of that name) is watched again and reported whole, so the
// rescan catches up with what changed while it was away.
import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { logger } from '../log.js';

const log = logger('scanner');

/** How often the music folders are looked at for one that went or came back. */
const defaultPollMs = 5_000;
const goneMessage = 'music folder gone: watching for it to come back';

export interface LibraryWatcher {
  /** Resolves once the initial crawl is done and changes are being reported. */
  ready: Promise<void>;
  /** Music folders that are not there now, waited for. */
  readonly missing: number;
  close(): Promise<void>;
}

export interface WatchOptions {
  folders: string[];
  /** Called with the folder a change happened in (a new folder: itself). */
  onChange: (folder: string) => void;
  /** How often each music folder is checked for being gone or back. */
  pollMs?: number;
  /** Called when a music folder went or came back (`missing` changed). */
  onFolders?: () => void;
}

/** One music folder: its identity when last seen, and its watch while there. */
interface FolderWatch {
  root: string;
  /** device:inode, or null while the folder is gone. */
  identity: string | null;
  watcher: FSWatcher | null;
}

/** The folder to rescan for one event: a new folder itself, else the parent. */
export function folderOfEvent(event: string, changed: string): string {
  return event === 'addDir' ? changed : path.dirname(changed);
}

export function watchLibrary(options: WatchOptions): LibraryWatcher {
  const roots = new Set(options.folders.map((f) => path.resolve(f)));
  const watches: FolderWatch[] = [...roots].map((root) => ({
    root,
    identity: identityOf(root),
    watcher: null,
  }));
  for (const folder of watches) {
    if (folder.identity) folder.watcher = watchFolder(folder, options);
    else log.warn({ path: folder.root }, goneMessage);
  }
  const watched = watches.filter((f) => f.watcher !== null);
  const ready = Promise.all(watched.map((f) => readyOf(f.watcher!))).then(() => {
    log.info({ folders: watched.map((f) => f.root) }, 'watching the music folders');
  });

  // The poll: a folder that went, came back or was replaced.
  const poll = setInterval(
    () => watches.forEach((folder) => look(folder, options)),
    options.pollMs ?? defaultPollMs,
  );
  poll.unref();
  return {
    ready,
    get missing() {
      return watches.filter((f) => f.identity === null).length;
    },
    close: async () => {
      clearInterval(poll);
      await Promise.all(watches.map((f) => f.watcher?.close()));
    },
  };
}

/** A chokidar watch of one music folder, reporting changed folders. */
function watchFolder(folder: FolderWatch, options: WatchOptions): FSWatcher {
  const { root } = folder;
  const hidden = (p: string) => p !== root && path.basename(p).startsWith('.');
  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: hidden,
    followSymlinks: true,
    ignorePermissionErrors: true,
  });
  watcher.on('all', (event, changed) => {
    if (event === 'raw' || event === 'error' || event === 'ready') return;
    const full = path.resolve(changed);
    // The music folder itself went: chokidar stops watching it.
    if (full === root && event === 'unlinkDir') return gone(folder, options);
    options.onChange(folderOfEvent(event, full));
  });
  // A watch that fails (inotify limit reached) leaves the schedule to catch up.
  watcher.on('error', (err) => log.warn({ err, path: root }, 'file watcher error'));
  return watcher;
}

/** Compares a music folder with what was last seen; re-arms its watch when it is back. */
function look(folder: FolderWatch, options: WatchOptions): void {
  const now = identityOf(folder.root);
  if (now === folder.identity) return;
  if (now === null) return gone(folder, options);
  const replaced = folder.identity !== null;
  void folder.watcher?.close();
  folder.identity = now;
  folder.watcher = watchFolder(folder, options);
  log.info({ path: folder.root, replaced }, 'music folder back: watching it again');
  options.onFolders?.();
  // What changed while it was away: rescan all of it once the watch is armed.
  void readyOf(folder.watcher).then(() => options.onChange(folder.root));
}

function gone(folder: FolderWatch, options: WatchOptions): void {
  if (folder.identity === null) return;
  folder.identity = null;
  void folder.watcher?.close();
  folder.watcher = null;
  log.warn({ path: folder.root }, goneMessage);
  options.onFolders?.();
}

/** device:inode of a folder, or null when there is no folder there. */
function identityOf(dir: string): string | null {
  try {
    const stat = fs.statSync(dir);
    return stat.isDirectory() ? `${stat.dev}:${stat.ino}` : null;
  } catch {
    return null;
  }
}

function readyOf(watcher: FSWatcher): Promise<void> {
  return new Promise((resolve) => watcher.once('ready', () => resolve()));
}
