// Phase 4, reconcile: removes what the walk found gone. Tracks whose files
// vanished (and were not found again at a new path) are deleted, with their
// albums when those become empty; music folders no longer configured go with
// everything in them; then artists, genres and folders that nothing uses.
// Deletions run in short transactions. The orphan clean-up is idempotent, so
// a scan killed before this phase is completed by the next one.
import type { LibraryStore } from './store.js';

export interface ReconcileResult {
  removed: number;
  /** Rows changed by the clean-up (albums, artists, genres, folders, failures). */
  changes: number;
}

export function reconcile(options: {
  store: LibraryStore;
  folders: string[];
  /** A stopped scan keeps vanished tracks: they may have moved somewhere unwalked. */
  complete: boolean;
  now: number;
}): ReconcileResult {
  const { store, folders, now } = options;
  let removed = store.removeLibraries(folders, now);
  if (options.complete) removed += store.removeGone(now);
  const changes = store.removeOrphans(folders);
  return { removed, changes };
}
