// Which folders a scan walks. A full scan walks every music folder; a scan
// started by the file watcher walks only the folders that changed. Each
// changed path becomes the nearest folder that still exists (a renamed or
// deleted folder becomes its parent, whose walk sees it gone), folders
// inside another changed folder are dropped, and each walk starts with its
// ancestors as they are stored, so folder rows and inherited covers stay as
// a full scan would leave them.
import fs from 'node:fs';
import path from 'node:path';
import type { LibraryStore } from './store.js';
import type { FolderInfo, WalkRoot } from './walk.js';

/** The walk roots for `only` (changed paths), or every music folder without it. */
export function scopeRoots(
  store: LibraryStore,
  roots: WalkRoot[],
  only: string[] | undefined,
): WalkRoot[] {
  if (!only) return roots;
  const starts = outermost(
    only.flatMap((changed) => {
      const root = rootOf(roots, path.resolve(changed));
      return root ? [{ root, dir: existingFolder(root, path.resolve(changed)) }] : [];
    }),
  );
  return starts.map(({ root, dir }) =>
    dir === root.path
      ? root
      : { ...root, path: dir, parent: ancestors(store, root, dir) },
  );
}

/** Whether `inner` is `outer` or lies inside it. */
export function isWithin(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer + path.sep);
}

function rootOf(roots: WalkRoot[], changed: string): WalkRoot | undefined {
  return roots.find((root) => isWithin(root.path, changed));
}

/** The path itself when it is a folder, else its nearest existing parent. */
function existingFolder(root: WalkRoot, changed: string): string {
  let dir = changed;
  while (dir !== root.path && !isFolder(dir)) dir = path.dirname(dir);
  return dir;
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Drops duplicates and folders inside another one in the list. */
function outermost<T extends { dir: string }>(starts: T[]): T[] {
  const sorted = [...starts].sort((a, b) => a.dir.length - b.dir.length);
  const kept: T[] = [];
  for (const start of sorted) {
    if (!kept.some((k) => isWithin(k.dir, start.dir))) kept.push(start);
  }
  return kept;
}

/** The chain of folders from the music folder down to the parent of `dir`. */
function ancestors(store: LibraryStore, root: WalkRoot, dir: string): FolderInfo {
  const below = path.relative(root.path, path.dirname(dir));
  const names = below === '' ? [] : below.split(path.sep);
  let folder: FolderInfo = node(store, root, root.path, null);
  for (const name of names) {
    folder = node(store, root, path.join(folder.path, name), folder);
  }
  return folder;
}

function node(
  store: LibraryStore,
  root: WalkRoot,
  dir: string,
  parent: FolderInfo | null,
): FolderInfo {
  const image = store.folderImage(dir) ?? null;
  return {
    path: dir,
    name: path.basename(dir),
    libraryId: root.libraryId,
    image,
    parent,
  };
}
