// Library totals for the stats endpoint and the settings window.
import type { Db } from '../../db/index.js';
import { stmt } from './sql.js';

export interface LibraryStats {
  tracks: number;
  albums: number;
  artists: number;
  genres: number;
  folders: number;
  /** Files the scanner could not index. */
  failures: number;
  /** Seconds of audio. */
  duration: number;
  /** Bytes of audio files. */
  size: number;
}

/** Counts and totals over the whole library. */
export function libraryStats(db: Db): LibraryStats {
  return stmt(
    db,
    `SELECT
       (SELECT count(*) FROM track) AS tracks,
       (SELECT count(*) FROM album) AS albums,
       (SELECT count(*) FROM artist) AS artists,
       (SELECT count(*) FROM genre) AS genres,
       (SELECT count(*) FROM folder) AS folders,
       (SELECT count(*) FROM scan_failure) AS failures,
       (SELECT coalesce(sum(duration), 0) FROM track) AS duration,
       (SELECT coalesce(sum(size), 0) FROM track) AS size`,
  ).get() as LibraryStats;
}
