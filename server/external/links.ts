// Each user's links to scrobbling services: a Last.fm session key or a
// ListenBrainz user token, with the account name the service reported.
// Tokens never leave this module except to the service they belong to.
import type { Db } from '../db/index.js';
import type { ServiceName } from './backoff.js';

export interface Link {
  service: ServiceName;
  token: string;
  account: string | null;
  linkedAt: number;
}

export function linksOf(db: Db, userId: number): Link[] {
  return db
    .prepare(
      `SELECT service, token, account, linked_at AS linkedAt FROM scrobble_link
       WHERE user_id = ? ORDER BY service`,
    )
    .all(userId) as Link[];
}

export function saveLink(
  db: Db,
  userId: number,
  link: { service: ServiceName; token: string; account: string | null },
): void {
  db.prepare(
    `INSERT INTO scrobble_link (user_id, service, token, account, linked_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id, service) DO UPDATE SET token = excluded.token,
       account = excluded.account, linked_at = excluded.linked_at`,
  ).run(userId, link.service, link.token, link.account, Date.now());
}

/** Unlinks, and drops the plays still waiting for that service. */
export function removeLink(db: Db, userId: number, service: ServiceName): boolean {
  return db.transaction(() => {
    db.prepare('DELETE FROM scrobble_queue WHERE user_id = ? AND service = ?').run(
      userId,
      service,
    );
    return (
      db
        .prepare('DELETE FROM scrobble_link WHERE user_id = ? AND service = ?')
        .run(userId, service).changes > 0
    );
  })();
}
