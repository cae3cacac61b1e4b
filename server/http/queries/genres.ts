// Genres with how much of the library they cover.
import type { Db } from '../../db/index.js';
import { stmt } from './sql.js';

export interface GenreSummary {
  id: string;
  name: string;
  trackCount: number;
  albumCount: number;
}

/** Every genre that has at least one track, by name. */
export function listGenres(db: Db): GenreSummary[] {
  return stmt(
    db,
    `SELECT g.id, g.name, count(DISTINCT tg.track_id) AS trackCount,
       count(DISTINCT t.album_id) AS albumCount
     FROM genre g
     JOIN track_genre tg ON tg.genre_id = g.id
     JOIN track t ON t.id = tg.track_id
     GROUP BY g.id ORDER BY g.name COLLATE NOCASE`,
  ).all() as GenreSummary[];
}
