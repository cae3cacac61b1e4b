// Info fetched from Last.fm, cached in SQLite with an expiry
// (externalInfoTtlHours). Keys are lower-cased names, so every spelling
// the library uses for an artist finds the same row. An answer of "not
// found" is cached too (body null), so an unknown artist is not asked for
// again before its expiry.
import type { Db } from '../db/index.js';

export type InfoKind = 'artist' | 'album' | 'similar' | 'top';

export interface CachedInfo<T> {
  body: T | null;
  fresh: boolean;
}

/** The key of an artist, or of an album by its artist. */
export function infoKey(...names: string[]): string {
  return names.map((name) => name.trim().toLowerCase()).join('\u001f');
}

export function readInfo<T>(db: Db, kind: InfoKind, key: string): CachedInfo<T> | null {
  const row = db
    .prepare('SELECT body, expires_at FROM external_info WHERE kind = ? AND item_key = ?')
    .get(kind, key) as { body: string | null; expires_at: number } | undefined;
  if (!row) return null;
  const body = row.body === null ? null : (JSON.parse(row.body) as T);
  return { body, fresh: row.expires_at > Date.now() };
}

export function writeInfo(
  db: Db,
  entry: { kind: InfoKind; key: string; body: unknown; ttlMs: number },
): void {
  const now = Date.now();
  db.prepare(
    `INSERT INTO external_info (kind, item_key, body, fetched_at, expires_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, item_key) DO UPDATE SET body = excluded.body,
       fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
  ).run(
    entry.kind,
    entry.key,
    entry.body === null ? null : JSON.stringify(entry.body),
    now,
    now + entry.ttlMs,
  );
}
