// Search over artists, albums and tracks with the scanner's FTS5 index
// (accent- and case-insensitive prefix terms), within the caller's scope.
// An empty query lists everything in name order: sync clients (Symfonium,
// DSub's offline mode) page through the whole library that way.
import type { Db } from '../../db/index.js';
import { searchQuery, type SearchKind } from '../../library/search.js';
import { albumsByIds, listAlbums, type Album } from './albums.js';
import { artistsByIds, listArtists, type Artist } from './artists.js';
import {
  albumVisible,
  artistVisible,
  bind,
  inLibraries,
  stmt,
  type Scope,
  type Window,
} from './scope.js';
import { listTracks, tracksByIds, type Track } from './tracks.js';

export interface SearchWindows {
  artists: Window;
  albums: Window;
  tracks: Window;
}

export interface Found {
  artists: Artist[];
  albums: Album[];
  tracks: Track[];
}

/** Most hits of one kind a query ranks before the scope filter and paging. */
const maxHits = 5000;

/** How each kind joins its table and tests visibility. */
const visibility: Record<SearchKind, string> = {
  artist: `JOIN artist ar ON ar.id = hit.value WHERE ${artistVisible('ar')}`,
  album: `JOIN album al ON al.id = hit.value WHERE ${albumVisible('al')}`,
  track: `JOIN track t ON t.id = hit.value JOIN folder f ON f.id = t.folder_id
    WHERE ${inLibraries('f.library_id')}`,
};

/** Ids of one kind matching, best first, visible to the caller, one page. */
function hits(db: Db, scope: Scope, kind: SearchKind, match: string, page: Window) {
  const ranked = stmt(
    db,
    'SELECT ref FROM search WHERE search MATCH ? AND kind = ? ORDER BY rank LIMIT ?',
  ).all(match, kind, maxHits) as { ref: string }[];
  const rows = stmt(
    db,
    `SELECT hit.value AS id FROM json_each(?) hit ${visibility[kind]}
     ORDER BY hit.key LIMIT ? OFFSET ?`,
  ).all(JSON.stringify(ranked.map((r) => r.ref)), bind(scope), page.limit, page.offset);
  return (rows as { id: string }[]).map((row) => row.id);
}

const page = 'LIMIT ? OFFSET ?';
const w = (x: Window) => [x.limit, x.offset];

/** Everything in name order, one page of each kind; artists: album artists. */
function everything(db: Db, scope: Scope, windows: SearchWindows): Found {
  return {
    artists: listArtists(
      db,
      scope,
      `EXISTS (SELECT 1 FROM album_artist ea WHERE ea.artist_id = ar.id
         AND ea.role = 'albumartist')
       ORDER BY ar.sort_name COLLATE NOCASE, ar.id ${page}`,
      w(windows.artists),
    ),
    albums: listAlbums(
      db,
      scope,
      `1 = 1 ORDER BY al.sort_name COLLATE NOCASE, al.id ${page}`,
      w(windows.albums),
    ),
    tracks: listTracks(
      db,
      scope,
      `1 = 1 ORDER BY t.sort_title COLLATE NOCASE, t.id ${page}`,
      w(windows.tracks),
    ),
  };
}

/** Searches; an empty text (or "") lists everything. */
export function search(
  db: Db,
  scope: Scope,
  text: string,
  windows: SearchWindows,
): Found {
  if (text.replace(/"/g, '').trim() === '') return everything(db, scope, windows);
  const match = searchQuery(text);
  if (match === null) return { artists: [], albums: [], tracks: [] };
  return {
    artists: artistsByIds(db, scope, hits(db, scope, 'artist', match, windows.artists)),
    albums: albumsByIds(db, scope, hits(db, scope, 'album', match, windows.albums)),
    tracks: tracksByIds(db, scope, hits(db, scope, 'track', match, windows.tracks)),
  };
}
