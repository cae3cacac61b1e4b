// What is playing now: each user's players report the track they started,
// and everyone sees the list (Subsonic's "now playing", the player's
// "listening now"). A report stays visible for the track's length plus a
// grace period, so a player that stopped without saying so drops off.
import type { Db } from '../db/index.js';

/** How long past a track's end a report still counts, in milliseconds. */
const graceMs = 5 * 60 * 1000;

export interface NowPlaying {
  userId: number;
  username: string;
  /** The player's name, as the client gave it. */
  player: string;
  trackId: string;
  startedAt: number;
}

/** Records that a user's player started a track. */
export function setNowPlaying(
  db: Db,
  report: { userId: number; player: string; trackId: string; at?: number },
): void {
  db.prepare(
    `INSERT INTO now_playing (user_id, player, track_id, started_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, player)
     DO UPDATE SET track_id = excluded.track_id, started_at = excluded.started_at`,
  ).run(report.userId, report.player, report.trackId, report.at ?? Date.now());
}

/** Reports still current at `now`, newest first. Tracks no longer known drop out. */
export function listNowPlaying(db: Db, now = Date.now()): NowPlaying[] {
  return db
    .prepare(
      `SELECT np.user_id AS userId, u.username, np.player, np.track_id AS trackId,
         np.started_at AS startedAt
       FROM now_playing np
       JOIN user u ON u.id = np.user_id
       JOIN track t ON t.id = np.track_id
       WHERE np.started_at + t.duration * 1000 + ? >= ?
       ORDER BY np.started_at DESC`,
    )
    .all(graceMs, now) as NowPlaying[];
}

/** Clears one player's report (it stopped). */
export function clearNowPlaying(db: Db, userId: number, player: string): void {
  db.prepare('DELETE FROM now_playing WHERE user_id = ? AND player = ?').run(
    userId,
    player,
  );
}
