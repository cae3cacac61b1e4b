// Artists as the Subsonic layer reads them: those who lead an album or play
// on a track the caller sees, with the count of albums they lead and the
// caller's annotation. The artist indexes list album artists only.
import type { Db } from '../../db/index.js';
import type { Annotation } from '../../userdata/annotations.js';
import {
  albumVisible,
  annotationColumns,
  annotationJoin,
  artistVisible,
  bind,
  inOrder,
  stmt,
  toAnnotation,
  type AnnotationColumns,
  type Scope,
} from './scope.js';

export interface Artist {
  id: string;
  name: string;
  sortName: string;
  mbid: string | null;
  /** Albums the artist leads as album artist, among those the caller sees. */
  albumCount: number;
  /** An album of theirs with a picture, whose cover stands for the artist. */
  coverId: string | null;
  annotation: Annotation;
}

interface ArtistRow extends AnnotationColumns {
  id: string;
  name: string;
  sort_name: string;
  mbid: string | null;
  album_count: number;
  cover_album: string | null;
}

const ledAlbums = (alias: string) => `
  SELECT aa.album_id FROM album_artist aa JOIN album cal ON cal.id = aa.album_id
  WHERE aa.artist_id = ${alias}.id AND aa.role = 'albumartist' AND ${albumVisible('cal')}`;

const artistSelect = `
  SELECT ar.id, ar.name, ar.sort_name, ar.mbid,
    (SELECT count(DISTINCT album_id) FROM (${ledAlbums('ar')})) AS album_count,
    (SELECT c.id FROM album c WHERE c.id IN (${ledAlbums('ar')})
       AND (c.cover_path IS NOT NULL OR c.cover_track_id IS NOT NULL)
       ORDER BY c.year, c.id LIMIT 1) AS cover_album,
    ${annotationColumns('an')}
  FROM artist ar ${annotationJoin('an', 'artist', 'ar.id')}`;

function toArtist(row: ArtistRow): Artist {
  return {
    id: row.id,
    name: row.name,
    sortName: row.sort_name,
    mbid: row.mbid,
    albumCount: row.album_count,
    coverId: row.cover_album,
    annotation: toAnnotation(row),
  };
}

/** Runs an artist query (the select + `clauses`) within the caller's scope. */
export function listArtists(
  db: Db,
  scope: Scope,
  clauses: string,
  params: unknown[] = [],
): Artist[] {
  const sql = `${artistSelect} WHERE ${artistVisible('ar')} AND ${clauses}`;
  return (stmt(db, sql).all(bind(scope), ...params) as ArtistRow[]).map(toArtist);
}

/** Every album artist the caller sees (artists who lead an album), by sort name. */
export function albumArtists(db: Db, scope: Scope): Artist[] {
  return listArtists(
    db,
    scope,
    `EXISTS (${ledAlbums('ar')}) ORDER BY ar.sort_name COLLATE NOCASE, ar.id`,
  );
}

/** One artist the caller sees, or undefined. */
export function artistById(db: Db, scope: Scope, id: string): Artist | undefined {
  return listArtists(db, scope, 'ar.id = ?', [id])[0];
}

/** Artists by id in the order given; unknown or hidden ids skipped. */
export function artistsByIds(db: Db, scope: Scope, ids: readonly string[]): Artist[] {
  const found = listArtists(db, scope, 'ar.id IN (SELECT value FROM json_each(?))', [
    JSON.stringify(ids),
  ]);
  return inOrder(ids, found);
}

/** Whether any artist row (visible or not) has this id: for resolving ids. */
export function artistExists(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM artist WHERE id = ?').get(id) !== undefined;
}
