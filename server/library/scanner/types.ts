// The shapes that flow through a scan: what the caller passes in, what a
// parse thread sends back for one file, and what the scan reports at the end.
import type { Db } from '../../db/index.js';
import type { Logger } from '../../log.js';

export interface ScanProgress {
  /** Files handled so far (read, skipped as unchanged, or failed). */
  done: number;
  /** Files found so far; an estimate from the last scan until the walk ends. */
  total: number;
  currentFolder: string | null;
}

export interface ScanOptions {
  db: Db;
  /** Music folders (absolute paths). Folders no longer listed are removed. */
  folders: string[];
  /** Parse threads (settings.scanThreads). */
  threads: number;
  log?: Logger;
  onProgress?: (progress: ScanProgress) => void;
  /** Stops the walk; what was read so far is kept. */
  signal?: AbortSignal;
  /** Re-read every file, ignoring size and mtime. */
  full?: boolean;
  /**
   * Walk only these paths (folders or files that changed, inside the music
   * folders) instead of every music folder; see scope.ts.
   */
  only?: string[];
  /**
   * With `full`: the start of a full scan that a limit stopped. Files read at
   * or after it (and unchanged since) are not read again, so the resumed
   * full scan goes on where it stopped.
   */
  fullSince?: number;
  /** A file whose parse takes longer than this fails with "parse timed out". */
  parseTimeoutMs?: number;
}

export interface ScanCounts {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  failed: number;
  moved: number;
}

export interface ScanResult extends ScanCounts {
  durationMs: number;
  /** Files the walk found (audio candidates only). */
  files: number;
  /** Files whose tags were read this scan (added + updated + moved + failed). */
  read: number;
  /** Whether the scan changed anything in the library tables. */
  wrote: boolean;
  /** The scan was stopped by its signal before the walk ended. */
  aborted: boolean;
  /** Set when the scan did nothing at all, and why ("no music folder can be read"). */
  skipped?: string;
}

/** What a parse thread learns from one file. */
export interface ParsedTags {
  title: string | null;
  artists: string[];
  albumArtists: string[];
  album: string | null;
  trackNo: number | null;
  trackTotal: number | null;
  discNo: number | null;
  discTotal: number | null;
  discSubtitle: string | null;
  year: number | null;
  genres: string[];
  compilation: boolean;
  /** Other credited roles (composer, lyricist, ...) with their artists. */
  roles: Record<string, string[]>;
  sortTitle: string | null;
  sortArtist: string | null;
  sortAlbum: string | null;
  sortAlbumArtist: string | null;
  comment: string | null;
  rgTrackGain: number | null;
  rgTrackPeak: number | null;
  rgAlbumGain: number | null;
  rgAlbumPeak: number | null;
  mbTrackId: string | null;
  mbReleaseTrackId: string | null;
  mbAlbumId: string | null;
  mbArtistId: string | null;
  mbAlbumArtistId: string | null;
  mbReleaseGroupId: string | null;
}

export interface ParsedAudio {
  duration: number | null;
  bitrate: number | null;
  sampleRate: number | null;
  channels: number | null;
  bitsPerSample: number | null;
  codec: string | null;
  container: string | null;
  lossless: boolean;
}

export interface ParsedLyrics {
  text: string;
  synced: boolean;
}

/** One file read by a parse thread. */
export interface ParsedFile {
  tags: ParsedTags;
  audio: ParsedAudio;
  hasCover: boolean;
  /** Embedded lyrics, if any. */
  lyrics: ParsedLyrics | null;
  /** The .lrc sidecar's lyrics, if the task named one and it could be read. */
  sidecarLyrics: ParsedLyrics | null;
  /** Hash of the file's size, head and tail: finds a moved file. */
  fingerprint: string;
}

/** A file the walk hands to a parse thread. */
export interface ParseTask {
  path: string;
  size: number;
  /** An .lrc file beside it with the same base name. */
  lrcPath: string | null;
  /** No extension: read only if the first bytes look like audio. */
  sniff: boolean;
}

/** A parse thread's answer: the file's data, a failure, or "not audio". */
export type ParseOutcome =
  | { kind: 'parsed'; file: ParsedFile }
  | { kind: 'failed'; reason: string }
  | { kind: 'ignored' };
