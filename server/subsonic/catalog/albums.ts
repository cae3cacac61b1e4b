// Albums as the Subsonic layer reads them, with their album artists, genres
// and the caller's annotation; plus the orders of the album lists.
import type { Db } from '../../db/index.js';
import type { Annotation } from '../../userdata/annotations.js';
import {
  albumVisible,
  annotationColumns,
  annotationJoin,
  bind,
  groupBy,
  inOrder,
  stmt,
  toAnnotation,
  type AnnotationColumns,
  type Scope,
  type Window,
} from './scope.js';
import type { ArtistRef } from './tracks.js';

export interface Album {
  id: string;
  name: string;
  sortName: string;
  artistName: string;
  artistId: string;
  artists: ArtistRef[];
  compilation: boolean;
  year: number | null;
  trackCount: number;
  discCount: number;
  duration: number;
  coverId: string | null;
  mbid: string | null;
  createdAt: number;
  genres: string[];
  annotation: Annotation;
}

interface AlbumRow extends AnnotationColumns {
  id: string;
  name: string;
  sort_name: string;
  artist_name: string;
  artist_id: string;
  compilation: number;
  year: number | null;
  track_count: number;
  disc_count: number;
  duration: number;
  has_cover: number;
  mbid: string | null;
  created_at: number;
}

const albumSelect = `
  SELECT al.id, al.name, al.sort_name, al.artist_name, al.artist_id, al.compilation,
    al.year, al.track_count, al.disc_count, al.duration, al.mbid, al.created_at,
    (al.cover_path IS NOT NULL OR al.cover_track_id IS NOT NULL) AS has_cover,
    ${annotationColumns('an')}
  FROM album al ${annotationJoin('an', 'album', 'al.id')}`;

/** Album artists and genres of some albums. */
function links(db: Db, ids: string[]) {
  const json = JSON.stringify(ids);
  const artists = stmt(
    db,
    `SELECT aa.album_id AS owner, ar.id, ar.name FROM album_artist aa
     JOIN artist ar ON ar.id = aa.artist_id
     WHERE aa.role = 'albumartist' AND aa.album_id IN (SELECT value FROM json_each(?))
     ORDER BY aa.album_id, aa.position`,
  ).all(json) as { owner: string; id: string; name: string }[];
  const genres = stmt(
    db,
    `SELECT DISTINCT t.album_id AS owner, g.name FROM track t
     JOIN track_genre tg ON tg.track_id = t.id JOIN genre g ON g.id = tg.genre_id
     WHERE t.album_id IN (SELECT value FROM json_each(?))
     ORDER BY t.album_id, g.name COLLATE NOCASE`,
  ).all(json) as { owner: string; name: string }[];
  return {
    artists: groupBy(
      artists,
      (r) => r.owner,
      (r) => ({ id: r.id, name: r.name }),
    ),
    genres: groupBy(
      genres,
      (r) => r.owner,
      (r) => r.name,
    ),
  };
}

function toAlbum(row: AlbumRow, linked: ReturnType<typeof links>): Album {
  return {
    id: row.id,
    name: row.name,
    sortName: row.sort_name,
    artistName: row.artist_name,
    artistId: row.artist_id,
    artists: linked.artists.get(row.id) ?? [],
    compilation: row.compilation === 1,
    year: row.year,
    trackCount: row.track_count,
    discCount: row.disc_count,
    duration: row.duration,
    coverId: row.has_cover ? row.id : null,
    mbid: row.mbid,
    createdAt: row.created_at,
    genres: linked.genres.get(row.id) ?? [],
    annotation: toAnnotation(row),
  };
}

/** Runs an album query (the select + `clauses`) within the caller's scope. */
export function listAlbums(
  db: Db,
  scope: Scope,
  clauses: string,
  params: unknown[] = [],
): Album[] {
  const sql = `${albumSelect} WHERE ${albumVisible('al')} AND ${clauses}`;
  const rows = stmt(db, sql).all(bind(scope), ...params) as AlbumRow[];
  const linked = links(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toAlbum(row, linked));
}

/** One album the caller may see, or undefined. */
export function albumById(db: Db, scope: Scope, id: string): Album | undefined {
  return listAlbums(db, scope, 'al.id = ?', [id])[0];
}

/** Albums by id in the order given; unknown or hidden ids skipped. */
export function albumsByIds(db: Db, scope: Scope, ids: readonly string[]): Album[] {
  const found = listAlbums(db, scope, 'al.id IN (SELECT value FROM json_each(?))', [
    JSON.stringify(ids),
  ]);
  return inOrder(ids, found);
}

/** The orders (and filters) of the album lists. */
export type AlbumOrder =
  | { kind: 'random' }
  | { kind: 'newest' }
  | { kind: 'highest' }
  | { kind: 'frequent' }
  | { kind: 'recent' }
  | { kind: 'name' }
  | { kind: 'artist' }
  | { kind: 'starred' }
  | { kind: 'year'; from: number; to: number }
  | { kind: 'genre'; genre: string };

const byName = 'al.sort_name COLLATE NOCASE, al.id';

/** The WHERE condition, ORDER BY and parameters of one list order. */
function listClauses(order: AlbumOrder): {
  where: string;
  order: string;
  params: unknown[];
} {
  switch (order.kind) {
    case 'random':
      return { where: '1 = 1', order: 'random()', params: [] };
    case 'newest':
      return { where: '1 = 1', order: 'al.created_at DESC, al.id', params: [] };
    case 'highest':
      return { where: 'an.rating > 0', order: `an.rating DESC, ${byName}`, params: [] };
    case 'frequent':
      return {
        where: 'an.play_count > 0',
        order: `an.play_count DESC, ${byName}`,
        params: [],
      };
    case 'recent':
      return {
        where: 'an.played_at IS NOT NULL',
        order: 'an.played_at DESC',
        params: [],
      };
    case 'name':
      return { where: '1 = 1', order: byName, params: [] };
    case 'artist':
      return {
        where: '1 = 1',
        order: `(SELECT sort_name FROM artist WHERE id = al.artist_id) COLLATE NOCASE,
          al.year, ${byName}`,
        params: [],
      };
    case 'starred':
      return {
        where: 'an.starred_at IS NOT NULL',
        order: 'an.starred_at DESC',
        params: [],
      };
    case 'year': {
      const [low, high] = [
        Math.min(order.from, order.to),
        Math.max(order.from, order.to),
      ];
      const direction = order.from > order.to ? 'DESC' : 'ASC';
      return {
        where: 'al.year BETWEEN ? AND ?',
        order: `al.year ${direction}, ${byName}`,
        params: [low, high],
      };
    }
    case 'genre':
      return {
        where: `EXISTS (SELECT 1 FROM track gt JOIN track_genre gtg ON gtg.track_id = gt.id
          JOIN genre g ON g.id = gtg.genre_id
          WHERE gt.album_id = al.id AND g.name = ? COLLATE NOCASE)`,
        order: byName,
        params: [order.genre],
      };
  }
}

/** One page of an album list. A random page ignores the offset. */
export function albumList(
  db: Db,
  scope: Scope,
  order: AlbumOrder,
  page: Window,
): Album[] {
  const clauses = listClauses(order);
  const offset = order.kind === 'random' ? 0 : page.offset;
  return listAlbums(
    db,
    scope,
    `${clauses.where} ORDER BY ${clauses.order} LIMIT ? OFFSET ?`,
    [...clauses.params, page.limit, offset],
  );
}

/** Albums an artist leads as album artist, oldest first. */
export function albumsOfArtist(db: Db, scope: Scope, artistId: string): Album[] {
  return listAlbums(
    db,
    scope,
    `al.id IN (SELECT album_id FROM album_artist WHERE artist_id = ? AND role = 'albumartist')
     ORDER BY al.year IS NULL, al.year, ${byName}`,
    [artistId],
  );
}
