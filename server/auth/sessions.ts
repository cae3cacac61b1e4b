// Sign-in sessions, kept in the database so every worker sees them and they
// survive worker restarts. The cookie holds a random id; the database holds
// only its SHA-256 digest. A session ends after 30 idle days or 180 days in
// all, at logout, or when its user is disabled or changes password.
import type { Db } from '../db/index.js';
import { stmt } from '../db/statements.js';
import { digest, randomToken } from './secrets.js';
import { getUser, type User } from './users.js';

export const sessionIdleMs = 30 * 24 * 3600 * 1000;
export const sessionMaxMs = 180 * 24 * 3600 * 1000;
/** seen_at is refreshed at most this often, to keep requests read-only. */
const touchEveryMs = 3600 * 1000;

export interface Session {
  /** Digest of the cookie value; identifies the row, never sent to clients. */
  idHash: string;
  userId: number;
  createdAt: number;
  seenAt: number;
}

export interface NewSession {
  /** The cookie value: shown once, then only its digest exists. */
  token: string;
  session: Session;
}

interface SessionRow {
  id_hash: string;
  user_id: number;
  created_at: number;
  seen_at: number;
}

/** Opens a session for a user; called at every sign-in (fresh id each time). */
export function createSession(
  db: Db,
  userId: number,
  client: { ip: string; userAgent: string },
): NewSession {
  const token = randomToken(32);
  const now = Date.now();
  const idHash = digest(token);
  db.prepare(
    `INSERT INTO session (id_hash, user_id, created_at, seen_at, ip, user_agent)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(idHash, userId, now, now, client.ip, client.userAgent.slice(0, 200));
  pruneExpired(db, now);
  return { token, session: { idHash, userId, createdAt: now, seenAt: now } };
}

function expired(row: SessionRow, now: number): boolean {
  return now - row.seen_at > sessionIdleMs || now - row.created_at > sessionMaxMs;
}

/** The live session and enabled user behind a cookie value, or null. */
export function resolveSession(
  db: Db,
  token: string,
): { session: Session; user: User } | null {
  const now = Date.now();
  const idHash = digest(token);
  const row = stmt(
    db,
    'SELECT id_hash, user_id, created_at, seen_at FROM session WHERE id_hash = ?',
  ).get(idHash) as SessionRow | undefined;
  if (!row) return null;
  if (expired(row, now)) {
    endSession(db, idHash);
    return null;
  }
  const user = getUser(db, row.user_id);
  if (!user || user.disabled) return null;

  // Refresh the idle clock now and then, not on every request.
  if (now - row.seen_at > touchEveryMs) {
    db.prepare('UPDATE session SET seen_at = ? WHERE id_hash = ?').run(now, idHash);
  }
  const session = {
    idHash,
    userId: row.user_id,
    createdAt: row.created_at,
    seenAt: now,
  };
  return { session, user };
}

/** Ends one session. */
export function endSession(db: Db, idHash: string): void {
  db.prepare('DELETE FROM session WHERE id_hash = ?').run(idHash);
}

/** Ends every session of a user, except `keepIdHash` when given. */
export function endUserSessions(db: Db, userId: number, keepIdHash?: string): number {
  return db
    .prepare('DELETE FROM session WHERE user_id = ? AND id_hash IS NOT ?')
    .run(userId, keepIdHash ?? null).changes;
}

export interface SessionInfo {
  current: boolean;
  createdAt: number;
  seenAt: number;
  ip: string;
  userAgent: string;
}

/** A user's sessions, newest first, marking the caller's own. */
export function listSessions(
  db: Db,
  userId: number,
  currentIdHash: string,
): SessionInfo[] {
  const rows = db
    .prepare(
      `SELECT id_hash, created_at, seen_at, ip, user_agent FROM session
       WHERE user_id = ? ORDER BY created_at DESC`,
    )
    .all(userId) as Array<SessionRow & { ip: string; user_agent: string }>;
  return rows.map((r) => ({
    current: r.id_hash === currentIdHash,
    createdAt: r.created_at,
    seenAt: r.seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

function pruneExpired(db: Db, now: number): void {
  db.prepare('DELETE FROM session WHERE seen_at < ? OR created_at < ?').run(
    now - sessionIdleMs,
    now - sessionMaxMs,
  );
}
