// Every track of the library as one long sorted list, a page at a time: the
// player's "Tracks" view scrolls through all of it.
import type { Db } from '../../../db/index.js';
import { stmt, type Page, type PageRequest } from '../sql.js';
import { visibleWhere } from '../visible.js';
import { listTracks, type TrackSummary } from '../tracks.js';

export const trackSorts = ['title', 'artist', 'album', 'recent', 'random'] as const;
export type TrackSort = (typeof trackSorts)[number];

const orderBy: Record<TrackSort, string> = {
  title: 't.sort_title COLLATE NOCASE, t.id',
  artist: `t.artist_name COLLATE NOCASE, a.sort_name COLLATE NOCASE,
    coalesce(t.disc_no, 1), t.track_no, t.id`,
  album: `a.sort_name COLLATE NOCASE, a.id, coalesce(t.disc_no, 1), t.track_no IS NULL,
    t.track_no, t.path`,
  recent: 't.created_at DESC, t.id',
  random: 'random()',
};

/**
 * One page of all tracks (with `seenBy`, of the music folders that user may
 * see). A random page ignores the offset.
 */
export function trackPage(
  db: Db,
  query: PageRequest & { sort: TrackSort; seenBy?: number },
): Page<TrackSummary> {
  const offset = query.sort === 'random' ? 0 : query.offset;
  const limited = query.seenBy !== undefined;
  const where = limited ? `WHERE ${visibleWhere('track', 't.id', '?')}` : '';
  const seen = limited ? [query.seenBy] : [];
  const items = listTracks(
    db,
    `${where} ORDER BY ${orderBy[query.sort]} LIMIT ? OFFSET ?`,
    [...seen, query.limit, offset],
  );
  const total = stmt(db, `SELECT count(*) FROM track t ${where}`)
    .pluck()
    .get(...seen) as number;
  return { items, total, offset, limit: query.limit };
}
