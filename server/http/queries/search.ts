// Full-text search over artists, albums and tracks, through the FTS5 table
// the scanner fills (kind, ref, text; accents and case folded by its
// tokenizer). The caller passes a MATCH expression already made safe.
import type { Db } from '../../db/index.js';
import { artistsByIds, type ArtistSummary } from './artists.js';
import { listAlbums, type AlbumSummary } from './albums.js';
import { idList, stmt } from './sql.js';
import { tracksByIds, type TrackSummary } from './tracks.js';

export interface SearchResult {
  artists: ArtistSummary[];
  albums: AlbumSummary[];
  tracks: TrackSummary[];
}

/** Ids of one kind matching the expression, best first. */
function matching(db: Db, kind: string, match: string, limit: number): string[] {
  const rows = stmt(
    db,
    `SELECT ref FROM search WHERE search MATCH ? AND kind = ?
     ORDER BY rank LIMIT ?`,
  ).all(match, kind, limit) as { ref: string }[];
  return rows.map((row) => row.ref);
}

/** Up to `limit` artists, albums and tracks matching a safe MATCH expression. */
export function searchLibrary(db: Db, match: string, limit: number): SearchResult {
  const albumIds = matching(db, 'album', match, limit);
  const albums = listAlbums(db, 'WHERE al.id IN (SELECT value FROM json_each(?))', [
    idList(albumIds),
  ]);
  const byId = new Map(albums.map((album) => [album.id, album]));
  return {
    artists: artistsByIds(db, matching(db, 'artist', match, limit)),
    albums: albumIds.flatMap((id) => byId.get(id) ?? []),
    tracks: tracksByIds(db, matching(db, 'track', match, limit)),
  };
}
