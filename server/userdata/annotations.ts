// Stars, ratings and plays: what one user thinks of and does with a track,
// an album or an artist. One row per user and item holds all of it, so a
// list query joins a single table to show a star, a rating and a play count.
import type { Db } from '../db/index.js';

export type ItemKind = 'track' | 'album' | 'artist';

/** One item named by kind and library id. */
export interface ItemRef {
  kind: ItemKind;
  id: string;
}

/** What a user added to an item; absent fields mean "never". */
export interface Annotation {
  starredAt: number | null;
  /** 1 to 5; 0 when unrated. */
  rating: number;
  playCount: number;
  playedAt: number | null;
}

export const noAnnotation: Annotation = {
  starredAt: null,
  rating: 0,
  playCount: 0,
  playedAt: null,
};

/** Makes sure the row of an item exists, so updates can be plain UPDATEs. */
function ensure(db: Db, userId: number, item: ItemRef): void {
  db.prepare(
    `INSERT OR IGNORE INTO annotation (user_id, kind, item_id) VALUES (?, ?, ?)`,
  ).run(userId, item.kind, item.id);
}

/** Stars (or unstars) items; starring keeps the first star's time. */
export function setStarred(
  db: Db,
  userId: number,
  items: readonly ItemRef[],
  starred: boolean,
  at = Date.now(),
): void {
  const update = db.prepare(
    `UPDATE annotation SET starred_at = ${starred ? 'coalesce(starred_at, ?)' : '?'}
     WHERE user_id = ? AND kind = ? AND item_id = ?`,
  );
  db.transaction(() => {
    for (const item of items) {
      ensure(db, userId, item);
      update.run(starred ? at : null, userId, item.kind, item.id);
    }
  })();
}

/** Thrown for a rating outside 0..5. */
export class RatingRangeError extends Error {
  constructor() {
    super('rating must be 0 (none) to 5');
  }
}

/** Rates an item 1 to 5; 0 removes the rating. */
export function setRating(db: Db, userId: number, item: ItemRef, rating: number): void {
  if (!Number.isInteger(rating) || rating < 0 || rating > 5) throw new RatingRangeError();
  db.transaction(() => {
    ensure(db, userId, item);
    db.prepare(
      `UPDATE annotation SET rating = ? WHERE user_id = ? AND kind = ? AND item_id = ?`,
    ).run(rating, userId, item.kind, item.id);
  })();
}

/**
 * Counts one play of a track, and of its album and artists when given, at
 * `at`. A play reported late (an offline phone catching up) never moves
 * "last played" backwards.
 */
export function recordPlay(
  db: Db,
  userId: number,
  items: readonly ItemRef[],
  at = Date.now(),
): void {
  const update = db.prepare(
    `UPDATE annotation SET play_count = play_count + 1,
       played_at = max(coalesce(played_at, 0), ?)
     WHERE user_id = ? AND kind = ? AND item_id = ?`,
  );
  db.transaction(() => {
    for (const item of items) {
      ensure(db, userId, item);
      update.run(at, userId, item.kind, item.id);
    }
  })();
}

interface AnnotationRow {
  item_id: string;
  starred_at: number | null;
  rating: number;
  play_count: number;
  played_at: number | null;
}

/** The annotations of some items of one kind, by item id (missing: none). */
export function annotationsOf(
  db: Db,
  userId: number,
  kind: ItemKind,
  ids: readonly string[],
): Map<string, Annotation> {
  const rows = db
    .prepare(
      `SELECT item_id, starred_at, rating, play_count, played_at FROM annotation
       WHERE user_id = ? AND kind = ? AND item_id IN (SELECT value FROM json_each(?))`,
    )
    .all(userId, kind, JSON.stringify(ids)) as AnnotationRow[];
  return new Map(
    rows.map((row) => [
      row.item_id,
      {
        starredAt: row.starred_at,
        rating: row.rating,
        playCount: row.play_count,
        playedAt: row.played_at,
      },
    ]),
  );
}

/** Ids of the items of one kind a user starred, most recent star first. */
export function starredIds(db: Db, userId: number, kind: ItemKind): string[] {
  const rows = db
    .prepare(
      `SELECT item_id FROM annotation
       WHERE user_id = ? AND kind = ? AND starred_at IS NOT NULL
       ORDER BY starred_at DESC, item_id`,
    )
    .all(userId, kind) as { item_id: string }[];
  return rows.map((row) => row.item_id);
}

/** The average rating of an item over every user who rated it, or null. */
export function averageRating(db: Db, item: ItemRef): number | null {
  const row = db
    .prepare(
      `SELECT avg(rating) AS average FROM annotation
       WHERE kind = ? AND item_id = ? AND rating > 0`,
    )
    .get(item.kind, item.id) as { average: number | null };
  return row.average;
}
