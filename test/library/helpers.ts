// Shared pieces of the library tests: a scan into a real SQLite file, a
// snapshot of the library tables for comparing two scans, the corpus
// manifest, and small audio files made by ffmpeg.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDb, type Db } from '../../server/db/index.js';
import {
  scanLibrary,
  type ScanOptions,
  type ScanResult,
} from '../../server/library/scanner/index.js';
import { corpusDir, tempDir } from '../helpers/paths.js';

const run = promisify(execFile);
export const ffmpeg = '/usr/bin/ffmpeg';

/** A fresh database file in a temp folder. */
export function freshDb(): Db {
  return openDb(path.join(tempDir('hearth-lib-'), 'hearth.db'));
}

/** Scans folders into db with two threads unless told otherwise. */
export function scan(
  db: Db,
  folders: string[],
  options: Partial<ScanOptions> = {},
): Promise<ScanResult> {
  return scanLibrary({ db, folders, threads: 2, ...options });
}

/** Library tables that a scan writes, and the columns that identify content. */
const snapshotQueries: Record<string, string> = {
  library: 'SELECT path FROM library ORDER BY path',
  folder: 'SELECT id, parent_id, path, name, image_path FROM folder ORDER BY id',
  artist: 'SELECT id, name, sort_name, mbid FROM artist ORDER BY id',
  album: `SELECT id, name, sort_name, artist_id, artist_name, compilation, year, mbid,
    cover_track_id, cover_path, track_count, disc_count, round(duration, 3) AS duration
    FROM album ORDER BY id`,
  track: `SELECT * FROM track ORDER BY id`,
  track_artist: 'SELECT * FROM track_artist ORDER BY track_id, role, position',
  album_artist: 'SELECT * FROM album_artist ORDER BY album_id, role, position',
  genre: 'SELECT * FROM genre ORDER BY id',
  track_genre: 'SELECT * FROM track_genre ORDER BY track_id, genre_id',
  scan_failure: 'SELECT path, dir, size, mtime, reason FROM scan_failure ORDER BY path',
  search_doc: 'SELECT kind, ref, text FROM search_doc ORDER BY kind, ref',
};

/**
 * Every library row, for comparing two databases. Timestamps are dropped
 * unless `withTimes` (they record when, not what).
 */
export function snapshot(db: Db, withTimes = false): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(snapshotQueries)) {
    out[table] = (db.prepare(sql).all() as Record<string, unknown>[]).map((row) => {
      if (withTimes) return row;
      const { created_at: _c, updated_at: _u, ...rest } = row;
      return rest;
    });
  }
  return out;
}

export type ManifestRow = Record<string, string>;

/** MANIFEST.tsv as rows keyed by column name (quoted fields unquoted). */
export function readManifest(): ManifestRow[] {
  const lines = fs
    .readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n');
  const header = (lines.shift() ?? '').split('\t');
  const unquote = (v: string) =>
    v.length > 1 && v.startsWith('"') && v.endsWith('"')
      ? v.slice(1, -1).replaceAll('""', '"')
      : v;
  return lines.map((line) => {
    const cells = line.split('\t').map(unquote);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

/** Copies the corpus's files (not its folder) into dir. */
export function copyCorpus(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(corpusDir)) {
    fs.copyFileSync(path.join(corpusDir, name), path.join(dir, name));
    fs.chmodSync(path.join(dir, name), 0o644);
  }
}

export interface ToneOptions {
  seconds?: number;
  hz?: number;
  tags?: Record<string, string>;
  /** An image to embed as the front cover (mp3 and flac). */
  cover?: string;
}

/** A short sine tone in the format of `file`'s extension, tagged by ffmpeg. */
export async function makeTone(file: string, options: ToneOptions = {}): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const input = `sine=frequency=${options.hz ?? 440}:duration=${options.seconds ?? 1}`;
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', input];
  if (options.cover) {
    args.push('-i', options.cover, '-map', '0:a', '-map', '1:v', '-c:v', 'copy');
    args.push('-disposition:v', 'attached_pic', '-metadata:s:v', 'comment=Cover (front)');
  }
  if (file.endsWith('.mp3')) args.push('-id3v2_version', '3');
  for (const [key, value] of Object.entries(options.tags ?? {})) {
    args.push('-metadata', `${key}=${value}`);
  }
  await run(ffmpeg, [...args, file]);
}

/** A small solid-colour image (jpg or png by extension). */
export async function makeImage(file: string, color = 'red'): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await run(
    ffmpeg,
    ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${color}:s=32x32`].concat([
      '-frames:v',
      '1',
      file,
    ]),
  );
}

/** Rows of a query, for short assertions. */
export function rows<T = Record<string, unknown>>(
  db: Db,
  sql: string,
  ...params: unknown[]
): T[] {
  return db.prepare(sql).all(...params) as T[];
}
