// Broken cover pictures, recorded in the database so every process skips
// them: the pre-warm job, and the thumbnail routes in each HTTP worker.
import type { Db } from '../db/index.js';

export interface ArtworkFailure {
  sourceKey: string;
  source: string;
  reason: string;
  failedAt: number;
}

export function recordFailure(db: Db, failure: Omit<ArtworkFailure, 'failedAt'>): void {
  db.prepare(
    `INSERT INTO artwork_failure (source_key, source, reason, failed_at)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (source_key) DO UPDATE SET reason = excluded.reason,
       failed_at = excluded.failed_at`,
  ).run(failure.sourceKey, failure.source, failure.reason, Date.now());
}

export function isBroken(db: Db, sourceKey: string): boolean {
  return (
    db.prepare('SELECT 1 FROM artwork_failure WHERE source_key = ?').get(sourceKey) !==
    undefined
  );
}

export function listFailures(db: Db): ArtworkFailure[] {
  return db
    .prepare(
      `SELECT source_key AS sourceKey, source, reason, failed_at AS failedAt
       FROM artwork_failure ORDER BY failed_at`,
    )
    .all() as ArtworkFailure[];
}
