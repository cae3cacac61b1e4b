// Playlists as the player shows them: the userdata module owns the rows
// (shared with the Subsonic API); this adds counts, durations and tracks.
import type { Db } from '../../../db/index.js';
import {
  getPlaylist,
  listPlaylists,
  playlistTrackIds,
  type Playlist,
} from '../../../userdata/playlists.js';
import { stmt } from '../sql.js';
import { tracksByIds, type TrackSummary } from '../tracks.js';

export interface PlaylistSummary {
  id: number;
  name: string;
  comment: string;
  public: boolean;
  owner: string;
  /** True when the caller owns it and may change it. */
  mine: boolean;
  trackCount: number;
  duration: number;
  createdAt: number;
  updatedAt: number;
}

export interface PlaylistDetail extends PlaylistSummary {
  /** Every entry in order, including tracks missing from the library now. */
  trackIds: string[];
  /** The entries found in the library, each with its position in trackIds. */
  tracks: (TrackSummary & { position: number })[];
}

/** Entry count and the duration of the entries that are in the library. */
function totals(db: Db, id: number): { trackCount: number; duration: number } {
  return stmt(
    db,
    `SELECT count(*) AS trackCount, coalesce(sum(t.duration), 0) AS duration
     FROM playlist_track pt LEFT JOIN track t ON t.id = pt.track_id
     WHERE pt.playlist_id = ?`,
  ).get(id) as { trackCount: number; duration: number };
}

function toSummary(db: Db, playlist: Playlist, viewerId: number): PlaylistSummary {
  return {
    id: playlist.id,
    name: playlist.name,
    comment: playlist.comment,
    public: playlist.public,
    owner: playlist.ownerName,
    mine: playlist.ownerId === viewerId,
    ...totals(db, playlist.id),
    createdAt: playlist.createdAt,
    updatedAt: playlist.updatedAt,
  };
}

/** The playlists a user sees: theirs and the public ones, by name. */
export function playlistSummaries(db: Db, viewerId: number): PlaylistSummary[] {
  return listPlaylists(db, viewerId).map((p) => toSummary(db, p, viewerId));
}

/** One playlist with its tracks, or undefined when missing. */
export function playlistDetail(
  db: Db,
  id: number,
  viewerId: number,
): PlaylistDetail | undefined {
  const playlist = getPlaylist(db, id);
  if (!playlist) return undefined;
  const trackIds = playlistTrackIds(db, id);
  const found = new Map(tracksByIds(db, [...new Set(trackIds)]).map((t) => [t.id, t]));
  const tracks = trackIds.flatMap((trackId, position) => {
    const track = found.get(trackId);
    return track ? [{ ...track, position }] : [];
  });
  return { ...toSummary(db, playlist, viewerId), trackIds, tracks };
}

/** The ids in the list that name no track in the library. */
export function unknownTrackIds(db: Db, ids: readonly string[]): string[] {
  const known = new Set(
    stmt(db, 'SELECT id FROM track WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify([...new Set(ids)])) as string[],
  );
  return ids.filter((id) => !known.has(id));
}
