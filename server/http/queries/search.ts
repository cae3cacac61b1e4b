// Full-text search over artists, albums and tracks, through the FTS5 table
// the scanner fills (kind, ref, text; accents and case folded by its
// tokenizer). The caller passes a MATCH expression already made safe.
import type { Db } from '../../db/index.js';
import { artistsByIds, type ArtistSummary } from './artists.js';
import { listAlbums, type AlbumSummary } from './albums.js';
import { idList, stmt } from './sql.js';
import { visibleWhere, type ItemKind } from './visible.js';
import { tracksByIds, type TrackSummary } from './tracks.js';

export interface SearchResult {
  artists: ArtistSummary[];
  albums: AlbumSummary[];
  tracks: TrackSummary[];
}

/** A search: the MATCH expression, results per kind, and whose folders limit it. */
interface Search {
  match: string;
  limit: number;
  seenBy?: number;
}

/** Ids of one kind matching the expression, best first. */
function matching(db: Db, kind: ItemKind, search: Search): string[] {
  const { match, limit, seenBy } = search;
  if (seenBy === undefined) {
    const rows = stmt(
      db,
      `SELECT ref FROM search WHERE search MATCH ? AND kind = ?
       ORDER BY rank LIMIT ?`,
    ).all(match, kind, limit) as { ref: string }[];
    return rows.map((row) => row.ref);
  }
  const visible = visibleWhere(kind, 'search.ref', '?');
  const rows = stmt(
    db,
    `SELECT ref FROM search WHERE search MATCH ? AND kind = ? AND ${visible}
     ORDER BY rank LIMIT ?`,
  ).all(match, kind, seenBy, limit) as { ref: string }[];
  return rows.map((row) => row.ref);
}

/**
 * Up to `limit` artists, albums and tracks matching a safe MATCH expression;
 * with `seenBy`, only from the music folders that user may see.
 */
export function searchLibrary(
  db: Db,
  match: string,
  limit: number,
  seenBy?: number,
): SearchResult {
  const search: Search = { match, limit, seenBy };
  const albumIds = matching(db, 'album', search);
  const albums = listAlbums(db, 'WHERE al.id IN (SELECT value FROM json_each(?))', [
    idList(albumIds),
  ]);
  const byId = new Map(albums.map((album) => [album.id, album]));
  return {
    artists: artistsByIds(db, matching(db, 'artist', search)),
    albums: albumIds.flatMap((id) => byId.get(id) ?? []),
    tracks: tracksByIds(db, matching(db, 'track', search)),
  };
}
