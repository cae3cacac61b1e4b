// The folder walk: depth-first over the music folders, one folder at a time,
// following symlinks that stay inside the music folders. Every folder is
// identified by device and inode, so a symlink back to an ancestor (or to a
// folder already walked) is reported once and not entered again; a symlink
// whose real path lies outside every music folder is reported and not
// followed (nothing outside them can be played). Entries that cannot be used
// are reported with a reason; hidden entries (".DS_Store", "._x.mp3") are
// skipped.
// File-system calls are synchronous (a stat costs microseconds, a promise
// many times that); the walk yields to the event loop after every folder.
import fs, { type Dirent, type Stats } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import path from 'node:path';
import {
  audioCandidate,
  discFolderPattern,
  extensionOf,
  folderImageExtensions,
  lyricsExtension,
  pickFolderImage,
} from '../formats.js';
import { isInside, musicFolderReason } from '../music-folders.js';

export interface WalkRoot {
  path: string;
  libraryId: number;
  /** For a walk that starts below a music folder: the folder above it. */
  parent?: FolderInfo | null;
}

/** A folder as the store needs it; `parent` is null for a music folder. */
export interface FolderInfo {
  path: string;
  name: string;
  libraryId: number;
  /** The folder's cover image; a disc folder (CD1) without one uses its parent's. */
  image: string | null;
  parent: FolderInfo | null;
}

export interface WalkedFile {
  path: string;
  size: number;
  mtime: number;
  /** No extension: the parse thread sniffs the content first. */
  sniff: boolean;
  lrc: { path: string; mtime: number } | null;
}

export interface WalkProblem {
  path: string;
  reason: string;
}

export interface WalkedFolder {
  folder: FolderInfo;
  files: WalkedFile[];
  /** Names of sub-folders present on disk (walked or not). */
  subfolders: Set<string>;
  /** Every entry name, to tell a vanished file from a failing one. */
  names: Set<string>;
  problems: WalkProblem[];
  /** Set when the folder itself cannot be listed; nothing else is then known. */
  error?: string;
}

interface Pending {
  folder: FolderInfo;
  /** device:inode of this folder and its ancestors. */
  chain: string[];
}

export interface WalkOptions {
  /** Real paths of the music folders: symlinks that lead elsewhere are not followed. */
  inside: readonly string[];
  signal?: AbortSignal;
}

const outside = 'links outside the music folders';

const reasons: Record<string, string> = {
  ELOOP: 'symlink loop',
  ENOENT: 'broken symlink',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return reasons[code] ?? `cannot read: ${code || String(err)}`;
}

const inode = (stat: Stats) => `${stat.dev}:${stat.ino}`;

/** Walks the music folders; yields each folder with its audio files. */
export async function* walk(
  roots: WalkRoot[],
  options: WalkOptions,
): AsyncGenerator<WalkedFolder> {
  const seen = new Set<string>();
  const stack: Pending[] = [];
  for (const root of [...roots].reverse()) {
    const folder = {
      path: root.path,
      name: path.basename(root.path),
      libraryId: root.libraryId,
    };
    const parent = root.parent ?? null;
    stack.push({ folder: { ...folder, image: null, parent }, chain: [] });
  }
  while (stack.length > 0 && !options.signal?.aborted) {
    const next = stack.pop() as Pending;
    const result = readFolder(next, seen, options.inside);
    yield result.walked;
    await nextTurn();
    stack.push(...result.children.reverse());
  }
}

/** False when `full`'s real path lies outside every music folder. */
function leadsInside(full: string, inside: readonly string[]): boolean {
  try {
    const real = fs.realpathSync.native(full);
    return inside.some((root) => isInside(real, root));
  } catch {
    return true; // Missing or unreadable: reported for that reason instead.
  }
}

/** Files the walk uses: audio, lyrics sidecars and folder images. */
function used(name: string): boolean {
  const ext = extensionOf(name);
  if (ext === lyricsExtension || folderImageExtensions.includes(ext)) return true;
  return audioCandidate(name) !== 'skip';
}

function readFolder(
  pending: Pending,
  seen: Set<string>,
  inside: readonly string[],
): { walked: WalkedFolder; children: Pending[] } {
  const { folder } = pending;
  const walked: WalkedFolder = {
    folder,
    files: [],
    subfolders: new Set(),
    names: new Set(),
    problems: [],
  };

  // 0. A walk that starts below a music folder (a change the watcher saw)
  //    may start inside a symlinked folder: only a real path inside counts.
  if (pending.chain.length === 0 && folder.parent && !leadsInside(folder.path, inside)) {
    walked.error = outside;
    return { walked, children: [] };
  }

  // 1. The folder itself: its identity (loops) and its listing.
  let entries: Dirent[];
  try {
    const stat = fs.statSync(folder.path);
    seen.add(inode(stat));
    pending.chain = [...pending.chain, inode(stat)];
    entries = fs.readdirSync(folder.path, { withFileTypes: true });
  } catch (err) {
    // A music folder itself (no parent) gets a reason that says so.
    walked.error = folder.parent ? reasonOf(err) : musicFolderReason(err);
    return { walked, children: [] };
  }
  entries = dropInvalidNames(folder.path, entries, walked.problems);

  // 2. Every entry's type and size, followed through symlinks.
  const visible = entries.filter((e) => !e.name.startsWith('.'));
  for (const entry of visible) walked.names.add(entry.name);
  const stats = visible.map((e) => statEntry(folder.path, e));

  // 3. Sort them: sub-folders to walk, audio files, sidecars and images.
  const children: Pending[] = [];
  const lrc = new Map<string, { path: string; mtime: number }>();
  const fileNames: string[] = [];
  for (const [i, entry] of visible.entries()) {
    const stat = stats[i] as Stats | Error;
    const full = path.join(folder.path, entry.name);
    if (stat instanceof Error) {
      if (audioCandidate(entry.name) !== 'skip' || entry.isSymbolicLink()) {
        walked.problems.push({ path: full, reason: reasonOf(stat) });
      }
    } else if (entry.isSymbolicLink() && !leadsInside(full, inside)) {
      // Not listed, so one indexed before goes as if it had vanished.
      if (stat.isDirectory() || used(entry.name))
        walked.problems.push({ path: full, reason: outside });
    } else if (stat.isDirectory()) {
      walked.subfolders.add(entry.name);
      const child = childFolder(pending, entry.name, stat, seen, walked.problems);
      if (child) children.push(child);
    } else if (stat.isFile()) {
      fileNames.push(entry.name);
      if (extensionOf(entry.name) === lyricsExtension) {
        lrc.set(baseKey(entry.name), { path: full, mtime: stat.mtimeMs });
      }
    } else if (audioCandidate(entry.name) === 'audio') {
      walked.problems.push({ path: full, reason: 'not a regular file' });
    }
  }

  // 4. The folder image, then the audio files with their .lrc sidecars.
  const statByName = new Map(visible.map((e, i) => [e.name, stats[i]]));
  const own = pickFolderImage(fileNames);
  folder.image = own ? path.join(folder.path, own) : inheritedImage(folder);
  for (const name of fileNames) {
    const kind = audioCandidate(name);
    if (kind === 'skip') continue;
    const stat = statByName.get(name) as Stats;
    walked.files.push({
      path: path.join(folder.path, name),
      size: stat.size,
      mtime: stat.mtimeMs,
      sniff: kind === 'sniff',
      lrc: lrc.get(baseKey(name)) ?? null,
    });
  }
  return { walked, children };
}

/** A sub-folder to walk, or null when it was already walked (a loop). */
function childFolder(
  parent: Pending,
  name: string,
  stat: Stats,
  seen: Set<string>,
  problems: WalkProblem[],
): Pending | null {
  const full = path.join(parent.folder.path, name);
  const id = inode(stat);
  if (seen.has(id)) {
    const loop = parent.chain.includes(id);
    problems.push({
      path: full,
      reason: loop ? 'symlink loop' : 'folder already scanned',
    });
    return null;
  }
  seen.add(id);
  const folder: FolderInfo = {
    path: full,
    name,
    libraryId: parent.folder.libraryId,
    image: null,
    parent: parent.folder,
  };
  return { folder, chain: parent.chain };
}

function statEntry(dir: string, entry: Dirent): Stats | Error {
  try {
    return fs.statSync(path.join(dir, entry.name));
  } catch (err) {
    return err as Error;
  }
}

function inheritedImage(folder: FolderInfo): string | null {
  return discFolderPattern.test(folder.name) ? (folder.parent?.image ?? null) : null;
}

function baseKey(name: string): string {
  const ext = extensionOf(name);
  return (ext ? name.slice(0, -ext.length - 1) : name).toLowerCase();
}

/**
 * Names that are not valid UTF-8 reach Node with U+FFFD in place of the bad
 * bytes and cannot be opened by that name. They are reported and dropped.
 */
function dropInvalidNames(
  dir: string,
  entries: Dirent[],
  problems: WalkProblem[],
): Dirent[] {
  if (!entries.some((e) => e.name.includes('\uFFFD'))) return entries;
  const raw = fs.readdirSync(dir, { encoding: 'buffer' });
  const invalid = new Set(
    raw
      .filter((name) => !Buffer.from(name.toString('utf8'), 'utf8').equals(name))
      .map((name) => name.toString('utf8')),
  );
  for (const name of invalid) {
    problems.push({ path: path.join(dir, name), reason: 'file name is not valid UTF-8' });
  }
  return entries.filter((e) => !invalid.has(e.name));
}
