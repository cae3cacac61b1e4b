// Library reads for the Subsonic API, in Hearth's own words (track, album,
// artist, folder). Every query is limited to the libraries the caller sees
// and carries the caller's annotations (stars, ratings, plays). The named
// parameters @user and @libs come from bind(scope).
import type { Annotation } from '../../userdata/annotations.js';
import type { Scope } from '../method.js';

export type { Scope };

/** The named parameters every catalog query binds. */
export function bind(scope: Scope): { user: number; libs: string } {
  return { user: scope.userId, libs: JSON.stringify(scope.libraryIds) };
}

/** SQL: the library id column is one the caller sees. */
export const inLibraries = (column: string) =>
  `${column} IN (SELECT value FROM json_each(@libs))`;

/** SQL: the album (alias) has a track in a library the caller sees. */
export const albumVisible = (alias: string) => `EXISTS (
  SELECT 1 FROM track vt JOIN folder vf ON vf.id = vt.folder_id
  WHERE vt.album_id = ${alias}.id AND ${inLibraries('vf.library_id')})`;

/** SQL: the artist (alias) leads an album or plays on a track the caller sees. */
export const artistVisible = (alias: string) => `(EXISTS (
  SELECT 1 FROM album_artist va JOIN album val ON val.id = va.album_id
  WHERE va.artist_id = ${alias}.id AND ${albumVisible('val')})
  OR EXISTS (
  SELECT 1 FROM track_artist vta JOIN track vt2 ON vt2.id = vta.track_id
  JOIN folder vf2 ON vf2.id = vt2.folder_id
  WHERE vta.artist_id = ${alias}.id AND ${inLibraries('vf2.library_id')}))`;

/** SQL: the caller's annotation of an item, joined as `alias`. */
export const annotationJoin = (alias: string, kind: string, itemColumn: string) =>
  `LEFT JOIN annotation ${alias} ON ${alias}.user_id = @user
     AND ${alias}.kind = '${kind}' AND ${alias}.item_id = ${itemColumn}`;

/** The annotation columns of a join, under fixed names. */
export const annotationColumns = (alias: string) =>
  `${alias}.starred_at AS an_starred, coalesce(${alias}.rating, 0) AS an_rating,
   coalesce(${alias}.play_count, 0) AS an_plays, ${alias}.played_at AS an_played`;

export interface AnnotationColumns {
  an_starred: number | null;
  an_rating: number;
  an_plays: number;
  an_played: number | null;
}

export function toAnnotation(row: AnnotationColumns): Annotation {
  return {
    starredAt: row.an_starred,
    rating: row.an_rating,
    playCount: row.an_plays,
    playedAt: row.an_played,
  };
}

export { stmt } from '../../db/statements.js';

/** Groups rows by a key, keeping their order. */
export function groupBy<R, V>(rows: R[], key: (r: R) => string, value: (r: R) => V) {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(value(row));
    else groups.set(key(row), [value(row)]);
  }
  return groups;
}

/** Orders items like `ids`, dropping ids with no item. */
export function inOrder<T extends { id: string }>(ids: readonly string[], items: T[]) {
  const byId = new Map(items.map((item) => [item.id, item]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A page of a list: how many to skip and how many to return. */
export interface Window {
  offset: number;
  limit: number;
}
