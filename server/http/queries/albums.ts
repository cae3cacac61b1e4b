// Albums as the API shows them: pages sorted and filtered for browsing, and
// one album with its tracks in disc and track order.
import type { Db } from '../../db/index.js';
import { groupBy, idList, stmt, type Page, type PageRequest } from './sql.js';
import { visibleWhere } from './visible.js';
import { albumOrder, listTracks, type ArtistRef, type TrackSummary } from './tracks.js';

export interface AlbumSummary {
  id: string;
  name: string;
  /** The album artist line as shown ("Various Artists" for a compilation). */
  artist: string;
  artists: ArtistRef[];
  compilation: boolean;
  year: number | null;
  trackCount: number;
  discCount: number;
  /** Seconds. */
  duration: number;
  hasCover: boolean;
  /** When the album first appeared in the library (ms since the epoch). */
  createdAt: number;
}

export interface AlbumDetail extends AlbumSummary {
  genres: { id: string; name: string }[];
  tracks: TrackSummary[];
}

export const albumSorts = ['name', 'artist', 'year', 'recent', 'random'] as const;
export type AlbumSort = (typeof albumSorts)[number];

export interface AlbumQuery extends PageRequest {
  sort: AlbumSort;
  /** Only albums this artist is album artist of. */
  artist?: string;
  /** Only albums with at least one track of this genre. */
  genre?: string;
  /** Only albums in the music folders this user may see (a limited user). */
  seenBy?: number;
}

interface AlbumRow {
  id: string;
  name: string;
  artist_name: string;
  compilation: number;
  year: number | null;
  track_count: number;
  disc_count: number;
  duration: number;
  has_cover: number;
  created_at: number;
}

export const albumSelect = `
  SELECT al.id, al.name, al.artist_name, al.compilation, al.year, al.track_count,
    al.disc_count, al.duration, al.created_at,
    (al.cover_track_id IS NOT NULL OR al.cover_path IS NOT NULL) AS has_cover
  FROM album al`;

/** ORDER BY terms per sort; migration 007 has an index for each but random. */
export const albumSortOrder: Record<AlbumSort, string> = {
  name: 'al.sort_name COLLATE NOCASE, al.id',
  artist: 'al.artist_name COLLATE NOCASE, al.year, al.sort_name COLLATE NOCASE, al.id',
  year: 'al.year IS NULL, al.year DESC, al.sort_name COLLATE NOCASE, al.id',
  recent: 'al.created_at DESC, al.id',
  random: 'random()',
};

/** Album artists of each album, in tag order. */
function albumArtists(db: Db, ids: string[]): Map<string, ArtistRef[]> {
  const rows = stmt(
    db,
    `SELECT aa.album_id, ar.id, ar.name FROM album_artist aa
     JOIN artist ar ON ar.id = aa.artist_id
     WHERE aa.role = 'albumartist' AND aa.album_id IN (SELECT value FROM json_each(?))
     ORDER BY aa.album_id, aa.position`,
  ).all(idList(ids)) as { album_id: string; id: string; name: string }[];
  return groupBy(
    rows,
    (row) => row.album_id,
    (row) => ({ id: row.id, name: row.name }),
  );
}

/** Turns album rows into summaries with their album artists. */
function toAlbumSummaries(db: Db, rows: AlbumRow[]): AlbumSummary[] {
  const artists = albumArtists(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    artist: row.artist_name,
    artists: artists.get(row.id) ?? [],
    compilation: row.compilation === 1,
    year: row.year,
    trackCount: row.track_count,
    discCount: row.disc_count,
    duration: row.duration,
    hasCover: row.has_cover === 1,
    createdAt: row.created_at,
  }));
}

/** Runs an album query (albumSelect + clauses) and maps the rows. */
export function listAlbums(db: Db, clauses: string, params: unknown[]): AlbumSummary[] {
  const rows = stmt(db, `${albumSelect} ${clauses}`).all(...params) as AlbumRow[];
  return toAlbumSummaries(db, rows);
}

/** The WHERE clause and parameters for an album filter. */
function albumFilter(query: AlbumQuery): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.artist) {
    conditions.push(`EXISTS (SELECT 1 FROM album_artist aa
      WHERE aa.album_id = al.id AND aa.artist_id = ?)`);
    params.push(query.artist);
  }
  if (query.genre) {
    conditions.push(`EXISTS (SELECT 1 FROM track t
      JOIN track_genre tg ON tg.track_id = t.id
      WHERE t.album_id = al.id AND tg.genre_id = ?)`);
    params.push(query.genre);
  }
  if (query.seenBy !== undefined) {
    conditions.push(visibleWhere('album', 'al.id', '?'));
    params.push(query.seenBy);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return { where, params };
}

/**
 * One page of albums. A random page ignores the offset: each request draws
 * a fresh sample.
 */
export function albumPage(db: Db, query: AlbumQuery): Page<AlbumSummary> {
  const { where, params } = albumFilter(query);
  const offset = query.sort === 'random' ? 0 : query.offset;
  const items = listAlbums(
    db,
    `${where} ORDER BY ${albumSortOrder[query.sort]} LIMIT ? OFFSET ?`,
    [...params, query.limit, offset],
  );
  const { n } = stmt(db, `SELECT count(*) AS n FROM album al ${where}`).get(
    ...params,
  ) as { n: number };
  return { items, total: n, offset, limit: query.limit };
}

/** One album with its genres and tracks in disc then track order, or undefined. */
export function albumDetail(db: Db, id: string): AlbumDetail | undefined {
  const [summary] = listAlbums(db, 'WHERE al.id = ?', [id]);
  if (!summary) return undefined;
  const tracks = listTracks(db, `WHERE t.album_id = ? ${albumOrder}`, [id]);
  const genres = stmt(
    db,
    `SELECT g.id, g.name FROM genre g WHERE g.id IN (
       SELECT tg.genre_id FROM track_genre tg JOIN track t ON t.id = tg.track_id
       WHERE t.album_id = ?)
     ORDER BY g.name COLLATE NOCASE`,
  ).all(id) as { id: string; name: string }[];
  return { ...summary, genres, tracks };
}
