// What one user played and starred: albums and tracks ordered by play count,
// by last play or by star, from the annotation table the Subsonic API shares.
import type { Db } from '../../../db/index.js';
import { starredIds } from '../../../userdata/annotations.js';
import { artistsByIds, type ArtistSummary } from '../artists.js';
import { listAlbums, type AlbumSummary } from '../albums.js';
import { stmt, type Page, type PageRequest } from '../sql.js';
import { tracksByIds, type TrackSummary } from '../tracks.js';

export const historyOrders = ['frequent', 'recent'] as const;
export type HistoryOrder = (typeof historyOrders)[number];

const orderBy: Record<HistoryOrder, string> = {
  frequent: 'an.play_count DESC, an.played_at DESC, an.item_id',
  recent: 'an.played_at DESC, an.item_id',
};

interface HistoryQuery extends PageRequest {
  order: HistoryOrder;
}

/** Ids of one kind the user played, in the order asked, and how many there are. */
function playedIds(db: Db, userId: number, kind: string, query: HistoryQuery) {
  const where = `FROM annotation an WHERE an.user_id = ? AND an.kind = ?
    AND an.play_count > 0`;
  const ids = stmt(
    db,
    `SELECT an.item_id ${where} ORDER BY ${orderBy[query.order]} LIMIT ? OFFSET ?`,
  )
    .pluck()
    .all(userId, kind, query.limit, query.offset) as string[];
  const total = stmt(db, `SELECT count(*) ${where}`).pluck().get(userId, kind) as number;
  return { ids, total };
}

/** Albums by id in the order given; albums no longer in the library are skipped. */
export function albumsByIds(db: Db, ids: string[]): AlbumSummary[] {
  const albums = listAlbums(db, 'WHERE al.id IN (SELECT value FROM json_each(?))', [
    JSON.stringify(ids),
  ]);
  const byId = new Map(albums.map((album) => [album.id, album]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A page of the albums a user played most, or most recently. */
export function playedAlbums(
  db: Db,
  userId: number,
  query: HistoryQuery,
): Page<AlbumSummary> {
  const { ids, total } = playedIds(db, userId, 'album', query);
  return { items: albumsByIds(db, ids), total, offset: query.offset, limit: query.limit };
}

/** A page of the tracks a user played most, or most recently. */
export function playedTracks(
  db: Db,
  userId: number,
  query: HistoryQuery,
): Page<TrackSummary> {
  const { ids, total } = playedIds(db, userId, 'track', query);
  return { items: tracksByIds(db, ids), total, offset: query.offset, limit: query.limit };
}

export interface Starred {
  artists: ArtistSummary[];
  albums: AlbumSummary[];
  tracks: TrackSummary[];
}

/** Everything a user starred, most recent star first. */
export function starredItems(db: Db, userId: number): Starred {
  return {
    artists: artistsByIds(db, starredIds(db, userId, 'artist')),
    albums: albumsByIds(db, starredIds(db, userId, 'album')),
    tracks: tracksByIds(db, starredIds(db, userId, 'track')),
  };
}
