// The play queue a user saves on one device to resume on another: the track
// ids in order, the current track and the position in it.
import type { Db } from '../db/index.js';

export interface PlayQueue {
  trackIds: string[];
  /** The track playing when the queue was saved, if any. */
  currentTrackId: string | null;
  /** Milliseconds into the current track. */
  positionMs: number;
  changedAt: number;
  /** The client that saved it. */
  changedBy: string;
}

export interface SaveQueue {
  trackIds: readonly string[];
  currentTrackId?: string | null;
  positionMs?: number;
  changedBy: string;
  at?: number;
}

/** Replaces the user's saved queue; an empty list clears it. */
export function savePlayQueue(db: Db, userId: number, queue: SaveQueue): void {
  db.transaction(() => {
    db.prepare('DELETE FROM play_queue WHERE user_id = ?').run(userId);
    if (queue.trackIds.length === 0) return;
    db.prepare(
      `INSERT INTO play_queue (user_id, current_track_id, position_ms, changed_at,
         changed_by) VALUES (?, ?, ?, ?, ?)`,
    ).run(
      userId,
      queue.currentTrackId ?? null,
      Math.max(0, Math.round(queue.positionMs ?? 0)),
      queue.at ?? Date.now(),
      queue.changedBy,
    );
    const insert = db.prepare(
      'INSERT INTO play_queue_track (user_id, position, track_id) VALUES (?, ?, ?)',
    );
    queue.trackIds.forEach((trackId, position) => insert.run(userId, position, trackId));
  })();
}

/** The user's saved queue, or null when none is saved. */
export function getPlayQueue(db: Db, userId: number): PlayQueue | null {
  const row = db
    .prepare(
      `SELECT current_track_id, position_ms, changed_at, changed_by
       FROM play_queue WHERE user_id = ?`,
    )
    .get(userId) as
    | {
        current_track_id: string | null;
        position_ms: number;
        changed_at: number;
        changed_by: string;
      }
    | undefined;
  if (!row) return null;
  const tracks = db
    .prepare('SELECT track_id FROM play_queue_track WHERE user_id = ? ORDER BY position')
    .all(userId) as { track_id: string }[];
  return {
    trackIds: tracks.map((t) => t.track_id),
    currentTrackId: row.current_track_id,
    positionMs: row.position_ms,
    changedAt: row.changed_at,
    changedBy: row.changed_by,
  };
}
