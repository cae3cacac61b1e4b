// Genres with how many tracks and albums the caller sees in each.
import type { Db } from '../../db/index.js';
import { bind, inLibraries, stmt, type Scope } from './scope.js';

export interface Genre {
  name: string;
  trackCount: number;
  albumCount: number;
}

/** Every genre with at least one visible track, by name. */
export function listGenres(db: Db, scope: Scope): Genre[] {
  return stmt(
    db,
    `SELECT g.name, count(DISTINCT t.id) AS trackCount,
       count(DISTINCT t.album_id) AS albumCount
     FROM genre g
     JOIN track_genre tg ON tg.genre_id = g.id
     JOIN track t ON t.id = tg.track_id
     JOIN folder f ON f.id = t.folder_id
     WHERE ${inLibraries('f.library_id')}
     GROUP BY g.id ORDER BY g.name COLLATE NOCASE`,
  ).all(bind(scope)) as Genre[];
}
