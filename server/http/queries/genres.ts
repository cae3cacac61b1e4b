// Genres with how much of the library they cover.
import type { Db } from '../../db/index.js';
import { stmt } from './sql.js';
import { visibleWhere } from './visible.js';

export interface GenreSummary {
  id: string;
  name: string;
  trackCount: number;
  albumCount: number;
}

/**
 * Every genre that has at least one track, by name; with `seenBy`, counted
 * over the music folders that user may see.
 */
export function listGenres(db: Db, seenBy?: number): GenreSummary[] {
  const limited = seenBy !== undefined;
  const where = limited ? `WHERE ${visibleWhere('track', 't.id', '?')}` : '';
  return stmt(
    db,
    `SELECT g.id, g.name, count(DISTINCT tg.track_id) AS trackCount,
       count(DISTINCT t.album_id) AS albumCount
     FROM genre g
     JOIN track_genre tg ON tg.genre_id = g.id
     JOIN track t ON t.id = tg.track_id
     ${where}
     GROUP BY g.id ORDER BY g.name COLLATE NOCASE`,
  ).all(...(limited ? [seenBy] : [])) as GenreSummary[];
}
