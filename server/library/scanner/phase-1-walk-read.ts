// Phase 1, walk and read: walks the music folders one folder at a time,
// compares each file with the database by path, size and mtime, and sends
// only new and changed files to the parse threads. Results come back in
// batches of at most `batchSize` files, so memory holds one batch, the
// folders waiting on the walk's stack, and the files in flight.
import type { ParsePool } from './pool.js';
import type { ReadItem } from './phase-2-group.js';
import type { Batch, KnownFailure, KnownTrack, LibraryStore } from './store.js';
import type { ScanProgress } from './types.js';
import { walk, type WalkRoot, type WalkedFile, type WalkedFolder } from './walk.js';

/** A batch before grouping: read files instead of finished rows. */
export interface ReadBatch extends Omit<Batch, 'tracks'> {
  items: ReadItem[];
  unchanged: number;
}

export interface ReadContext {
  store: LibraryStore;
  pool: ParsePool;
  roots: WalkRoot[];
  /** Real paths of every music folder: nothing outside them is indexed. */
  inside: readonly string[];
  full: boolean;
  /** A resumed full scan's start (ScanOptions.fullSince). */
  fullSince?: number;
  batchSize: number;
  progress: ScanProgress;
  /** Called after the progress changed. */
  onProgress: () => void;
  signal?: AbortSignal;
}

interface Planned {
  file: WalkedFile;
  existing: KnownTrack | undefined;
}

function emptyBatch(): ReadBatch {
  return {
    items: [],
    failures: [],
    folders: [],
    gone: [],
    goneFolders: [],
    clearedFailures: [],
    unchanged: 0,
  };
}

/** Walks, plans and reads; yields batches ready to group and write. */
export async function* walkAndRead(ctx: ReadContext): AsyncGenerator<ReadBatch> {
  let batch = emptyBatch();
  const inFlight = new Set<Promise<void>>();
  const take = () => [batch, (batch = emptyBatch())][0] as ReadBatch;
  const full = () => batch.items.length + batch.failures.length >= ctx.batchSize;
  let found = 0;

  const options = { inside: ctx.inside, signal: ctx.signal };
  for await (const walked of walk(ctx.roots, options)) {
    // Plan the folder against the database, then read what changed.
    ctx.progress.currentFolder = walked.folder.path;
    found += walked.files.length;
    ctx.progress.total = Math.max(ctx.progress.total, found);
    const toRead = planFolder(ctx, walked, batch);
    ctx.onProgress();
    for (const planned of toRead) {
      while (inFlight.size >= ctx.pool.capacity * 2) await Promise.race(inFlight);
      const reading: Promise<void> = read(ctx, walked, planned, () => batch).then(() => {
        inFlight.delete(reading);
      });
      inFlight.add(reading);
      if (full()) yield take();
    }
    if (full()) yield take();
  }

  // The walk is over: the total is exact; drain the files still in threads.
  ctx.progress.total = found;
  while (inFlight.size > 0) {
    await Promise.race(inFlight);
    if (full()) yield take();
  }
  yield take();
}

/** Reads one file in a parse thread and files the outcome in the current batch. */
async function read(
  ctx: ReadContext,
  walked: WalkedFolder,
  { file, existing }: Planned,
  current: () => ReadBatch,
): Promise<void> {
  const outcome = await ctx.pool.parse({
    path: file.path,
    size: file.size,
    lrcPath: file.lrc?.path ?? null,
    sniff: file.sniff,
  });
  const batch = current();
  if (outcome.kind === 'parsed') {
    const known = existing ? { id: existing.id, albumId: existing.albumId } : null;
    batch.items.push({
      file,
      folder: walked.folder,
      existing: known,
      parsed: outcome.file,
    });
  } else if (outcome.kind === 'failed') {
    const { path: where, size, mtime } = file;
    batch.failures.push({
      path: where,
      dir: walked.folder.path,
      size,
      mtime,
      reason: outcome.reason,
    });
  }
  ctx.progress.done++;
  ctx.onProgress();
}

/**
 * Compares a walked folder with the database. Records the folder's problems,
 * its vanished files and sub-folders and a changed cover image in the batch,
 * and returns the files that must be read.
 */
function planFolder(ctx: ReadContext, walked: WalkedFolder, batch: ReadBatch): Planned[] {
  const { folder } = walked;
  if (walked.error) {
    const failure = { path: folder.path, dir: folder.path, size: null, mtime: null };
    batch.failures.push({ ...failure, reason: walked.error });
    return [];
  }
  const known = ctx.store.tracksInFolder(folder.path);
  const failures = ctx.store.failuresInDir(folder.path);

  // A known folder whose cover image changed.
  const image = ctx.store.folderImage(folder.path);
  if (image !== undefined && image !== folder.image) batch.folders.push(folder);

  // Problems found by the walk (loops, bad names, unreadable entries).
  for (const problem of walked.problems) {
    const failure = { ...problem, dir: folder.path, size: null, mtime: null };
    if (failures.get(problem.path)?.reason !== problem.reason)
      batch.failures.push(failure);
  }

  const toRead = walked.files.filter((file) => {
    if (skippable(ctx, file, known.get(file.path), failures.get(file.path))) {
      batch.unchanged++;
      ctx.progress.done++;
      return false;
    }
    return true;
  });
  forgetVanished(ctx, walked, known, failures, batch);
  return toRead.map((file) => ({ file, existing: known.get(file.path) }));
}

/** Unchanged, and not to be re-read by a full scan (or already re-read by it). */
function skippable(
  ctx: ReadContext,
  file: WalkedFile,
  track: KnownTrack | undefined,
  failure: KnownFailure | undefined,
): boolean {
  if (!unchanged(file, track, failure)) return false;
  if (!ctx.full) return true;
  const readAt = track?.updatedAt ?? failure?.at ?? 0;
  return ctx.fullSince !== undefined && readAt >= ctx.fullSince;
}

/** Same size and mtime as the stored track, or as the stored failure. */
function unchanged(
  file: WalkedFile,
  track: KnownTrack | undefined,
  failure: KnownFailure | undefined,
): boolean {
  const lrcMtime = file.lrc?.mtime ?? null;
  if (track && track.size === file.size && track.mtime === file.mtime) {
    return track.lrcMtime === lrcMtime;
  }
  return (
    failure !== undefined && failure.size === file.size && failure.mtime === file.mtime
  );
}

/** Tracks, failures and sub-folders the database has but the disk no longer does. */
function forgetVanished(
  ctx: ReadContext,
  walked: WalkedFolder,
  known: Map<string, KnownTrack>,
  failures: Map<string, KnownFailure>,
  batch: ReadBatch,
): void {
  const { folder } = walked;
  const files = new Set(walked.files.map((f) => f.path));
  for (const track of known.values()) {
    if (!files.has(track.path)) batch.gone.push({ id: track.id, path: track.path });
  }
  const problems = new Set(walked.problems.map((p) => p.path));
  for (const failure of failures.keys()) {
    if (!files.has(failure) && !problems.has(failure))
      batch.clearedFailures.push(failure);
  }
  for (const child of ctx.store.childFolders(folder.path)) {
    if (!walked.subfolders.has(child.name)) batch.goneFolders.push(child.path);
  }
}
