// Playlists: a name, an owner, a comment, public or private, and an ordered
// list of track ids (a track may appear more than once). Only the owner
// changes a playlist; others see it when it is public. Tracks that are not
// in the library right now keep their place and are skipped when read.
import type { Db } from '../db/index.js';

export interface Playlist {
  id: number;
  name: string;
  comment: string;
  public: boolean;
  ownerId: number;
  ownerName: string;
  createdAt: number;
  updatedAt: number;
}

interface PlaylistRow {
  id: number;
  name: string;
  comment: string;
  public: number;
  owner_id: number;
  owner_name: string;
  created_at: number;
  updated_at: number;
}

const select = `
  SELECT p.id, p.name, p.comment, p.public, p.owner_id, u.username AS owner_name,
    p.created_at, p.updated_at
  FROM playlist p JOIN user u ON u.id = p.owner_id`;

function toPlaylist(row: PlaylistRow): Playlist {
  return {
    id: row.id,
    name: row.name,
    comment: row.comment,
    public: row.public === 1,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A playlist by id, or null. */
export function getPlaylist(db: Db, id: number): Playlist | null {
  const row = db.prepare(`${select} WHERE p.id = ?`).get(id) as PlaylistRow | undefined;
  return row ? toPlaylist(row) : null;
}

/** Whether a user may see a playlist: theirs, or public. */
export function canSeePlaylist(playlist: Playlist, userId: number): boolean {
  return playlist.public || playlist.ownerId === userId;
}

/** Whether a user may change a playlist: only its owner. */
export function canEditPlaylist(playlist: Playlist, userId: number): boolean {
  return playlist.ownerId === userId;
}

/** The playlists a user sees (theirs and public ones), by name. */
export function listPlaylists(db: Db, viewerId: number, ownerId?: number): Playlist[] {
  const rows = db
    .prepare(
      `${select} WHERE (p.owner_id = ? OR p.public = 1)
         AND (? IS NULL OR p.owner_id = ?)
       ORDER BY p.name COLLATE NOCASE, p.id`,
    )
    .all(viewerId, ownerId ?? null, ownerId ?? null) as PlaylistRow[];
  return rows.map(toPlaylist);
}

/** A playlist's track ids in order, duplicates kept. */
export function playlistTrackIds(db: Db, id: number): string[] {
  const rows = db
    .prepare(
      'SELECT track_id FROM playlist_track WHERE playlist_id = ? ORDER BY position',
    )
    .all(id) as { track_id: string }[];
  return rows.map((row) => row.track_id);
}

export interface NewPlaylist {
  ownerId: number;
  name: string;
  comment?: string;
  public?: boolean;
  trackIds?: readonly string[];
}

/** Creates a playlist and returns its id. */
export function createPlaylist(db: Db, input: NewPlaylist): number {
  const now = Date.now();
  return db.transaction(() => {
    const result = db
      .prepare(
        `INSERT INTO playlist (owner_id, name, comment, public, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.ownerId,
        input.name,
        input.comment ?? '',
        input.public ? 1 : 0,
        now,
        now,
      );
    const id = Number(result.lastInsertRowid);
    writeTracks(db, id, input.trackIds ?? []);
    return id;
  })();
}

/** Rewrites a playlist's track list. */
function writeTracks(db: Db, id: number, trackIds: readonly string[]): void {
  db.prepare('DELETE FROM playlist_track WHERE playlist_id = ?').run(id);
  const insert = db.prepare(
    'INSERT INTO playlist_track (playlist_id, position, track_id) VALUES (?, ?, ?)',
  );
  trackIds.forEach((trackId, position) => insert.run(id, position, trackId));
}

export interface PlaylistChanges {
  name?: string;
  comment?: string;
  public?: boolean;
  /** Replace the whole track list. */
  trackIds?: readonly string[];
  /** Positions (0-based, in the list before this change) to remove. */
  removePositions?: readonly number[];
  /** Track ids to append, after the removals. */
  append?: readonly string[];
}

/** Applies changes to a playlist in one transaction; false when it does not exist. */
export function updatePlaylist(db: Db, id: number, changes: PlaylistChanges): boolean {
  return db.transaction(() => {
    const before = getPlaylist(db, id);
    if (!before) return false;

    // 1. The fields.
    db.prepare(
      `UPDATE playlist SET name = ?, comment = ?, public = ?, updated_at = ?
       WHERE id = ?`,
    ).run(
      changes.name ?? before.name,
      changes.comment ?? before.comment,
      (changes.public ?? before.public) ? 1 : 0,
      Date.now(),
      id,
    );

    // 2. The tracks: replaced, or edited by position then appended to.
    const edits = changes.removePositions?.length || changes.append?.length;
    if (!changes.trackIds && !edits) return true;
    let tracks = changes.trackIds ? [...changes.trackIds] : playlistTrackIds(db, id);
    const removed = new Set(changes.removePositions ?? []);
    tracks = tracks.filter((_, position) => !removed.has(position));
    writeTracks(db, id, [...tracks, ...(changes.append ?? [])]);
    return true;
  })();
}

/** Deletes a playlist; false when it does not exist. */
export function deletePlaylist(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM playlist WHERE id = ?').run(id).changes > 0;
}
