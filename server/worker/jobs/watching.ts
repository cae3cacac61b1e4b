// File watching in the process that runs the scheduler: the watcher reports
// changed folders, ChangedFolders waits for them to settle, and the
// "rescan" job walks just those. Off when settings.watchMusicFolders is off;
// the scheduled scan then catches up with changes.
import { watchLibrary, type LibraryWatcher } from '../../library/watcher.js';
import type { Settings } from '../../settings/schema.js';
import type { Scheduler } from '../scheduler.js';
import { ChangedFolders } from './changed-folders.js';

/** Whether changes are being seen: not until the watcher's first crawl ends. */
export type WatchingState = 'off' | 'starting' | 'watching';

/** A burst of changes is rescanned this long after its last event... */
const quietMs = 2_000;
/** ...or at the latest this long after its first. */
const maxWaitMs = 15_000;

export class FolderWatching {
  readonly changes: ChangedFolders;
  private watcher: LibraryWatcher | null = null;
  private scheduler: Scheduler | null = null;
  private current: WatchingState = 'off';

  constructor(private readonly settings: Settings) {
    this.changes = new ChangedFolders({
      quietMs,
      maxWaitMs,
      request: () => this.scheduler?.run('rescan').queued ?? false,
    });
  }

  /** 'watching' once changes are seen; shown in the "rescan" job's status. */
  get state(): WatchingState {
    return this.current;
  }

  /** Music folders that are gone now, waited for (also in that status). */
  get missing(): number {
    return this.watcher?.missing ?? 0;
  }

  /**
   * Starts watching; changes then queue "rescan" runs on `scheduler`. The
   * state is published when the first crawl ends: a change made before that
   * may be missed, and is left to the scheduled scan.
   */
  async start(scheduler: Scheduler): Promise<void> {
    this.scheduler = scheduler;
    if (!this.settings.watchMusicFolders) return;
    this.current = 'starting';
    this.watcher = watchLibrary({
      folders: this.settings.musicFolders,
      onChange: (folder) => this.changes.add(folder),
      onFolders: () => scheduler.notify(),
    });
    await this.watcher.ready;
    this.current = 'watching';
    scheduler.notify();
  }

  async stop(): Promise<void> {
    this.changes.close();
    await this.watcher?.close();
  }
}
