// Artists as the API shows them: pages for browsing (by role and genre), and
// one artist with the albums they lead and the albums they appear on.
import type { Db } from '../../db/index.js';
import { listAlbums, type AlbumSummary } from './albums.js';
import { stmt, type Page, type PageRequest } from './sql.js';
import { visibleWhere } from './visible.js';

export interface ArtistSummary {
  id: string;
  name: string;
  /** Albums where the artist is an album artist. */
  albumCount: number;
  /** Tracks where the artist is a performing artist. */
  trackCount: number;
}

export interface ArtistDetail extends ArtistSummary {
  mbid: string | null;
  /** Albums the artist leads as album artist. */
  albums: AlbumSummary[];
  /** Other albums with at least one track by the artist (compilations...). */
  appearsOn: AlbumSummary[];
}

export const artistSorts = ['name', 'random'] as const;
export type ArtistSort = (typeof artistSorts)[number];

export interface ArtistQuery extends PageRequest {
  sort: ArtistSort;
  /** Only artists linked with this role: albumartist (default), artist, composer... */
  role: string;
  /** Only artists with at least one track of this genre. */
  genre?: string;
  /** Only artists in the music folders this user may see (a limited user). */
  seenBy?: number;
}

const artistSelect = `
  SELECT ar.id, ar.name,
    (SELECT count(DISTINCT aa.album_id) FROM album_artist aa
      WHERE aa.artist_id = ar.id AND aa.role = 'albumartist') AS albumCount,
    (SELECT count(DISTINCT ta.track_id) FROM track_artist ta
      WHERE ta.artist_id = ar.id AND ta.role = 'artist') AS trackCount
  FROM artist ar`;

const orderBy: Record<ArtistSort, string> = {
  name: 'ar.sort_name COLLATE NOCASE, ar.id',
  random: 'random()',
};

/** The WHERE clause and parameters for an artist filter. */
function artistFilter(query: ArtistQuery): { where: string; params: unknown[] } {
  const conditions = [
    `(EXISTS (SELECT 1 FROM album_artist aa WHERE aa.artist_id = ar.id AND aa.role = ?)
      OR EXISTS (SELECT 1 FROM track_artist ta
        WHERE ta.artist_id = ar.id AND ta.role = ?))`,
  ];
  const params: unknown[] = [query.role, query.role];
  if (query.genre) {
    conditions.push(`EXISTS (SELECT 1 FROM track_artist ta
      JOIN track_genre tg ON tg.track_id = ta.track_id
      WHERE ta.artist_id = ar.id AND tg.genre_id = ?)`);
    params.push(query.genre);
  }
  if (query.seenBy !== undefined) {
    conditions.push(visibleWhere('artist', 'ar.id', '?'));
    params.push(query.seenBy);
  }
  return { where: `WHERE ${conditions.join(' AND ')}`, params };
}

/** Artists by id, in the order given; unknown ids are skipped. */
export function artistsByIds(db: Db, ids: string[]): ArtistSummary[] {
  const rows = stmt(
    db,
    `${artistSelect} WHERE ar.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as ArtistSummary[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One page of artists. A random page ignores the offset. */
export function artistPage(db: Db, query: ArtistQuery): Page<ArtistSummary> {
  const { where, params } = artistFilter(query);
  const offset = query.sort === 'random' ? 0 : query.offset;
  const items = stmt(
    db,
    `${artistSelect} ${where} ORDER BY ${orderBy[query.sort]} LIMIT ? OFFSET ?`,
  ).all(...params, query.limit, offset) as ArtistSummary[];
  const { n } = stmt(db, `SELECT count(*) AS n FROM artist ar ${where}`).get(
    ...params,
  ) as { n: number };
  return { items, total: n, offset, limit: query.limit };
}

/**
 * One artist with their albums and the albums they appear on, or undefined;
 * with `seenBy`, only albums in the music folders that user may see.
 */
export function artistDetail(
  db: Db,
  id: string,
  seenBy?: number,
): ArtistDetail | undefined {
  const [summary] = artistsByIds(db, [id]);
  if (!summary) return undefined;
  const { mbid } = stmt(db, 'SELECT mbid FROM artist WHERE id = ?').get(id) as {
    mbid: string | null;
  };
  const byYear = 'ORDER BY al.year IS NULL, al.year, al.sort_name COLLATE NOCASE';
  const limited = seenBy !== undefined;
  const visible = limited ? `AND ${visibleWhere('album', 'al.id', '?')}` : '';
  const seen = limited ? [seenBy] : [];
  const albums = listAlbums(
    db,
    `WHERE al.id IN (SELECT album_id FROM album_artist
       WHERE artist_id = ? AND role = 'albumartist') ${visible} ${byYear}`,
    [id, ...seen],
  );
  const appearsOn = listAlbums(
    db,
    `WHERE al.id IN (SELECT t.album_id FROM track t
       JOIN track_artist ta ON ta.track_id = t.id WHERE ta.artist_id = ?)
     AND al.id NOT IN (SELECT album_id FROM album_artist
       WHERE artist_id = ? AND role = 'albumartist') ${visible} ${byYear}`,
    [id, id, ...seen],
  );
  return { ...summary, mbid, albums, appearsOn };
}
