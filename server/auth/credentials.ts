// Credentials for Subsonic clients. The app password is separate from the
// sign-in password: Subsonic token auth sends md5(password + salt), so the
// server must be able to recover it; it is sealed with the data folder's key.
// OpenSubsonic API keys are random, shown once, and stored as digests.
import { randomInt } from 'node:crypto';
import type { Db } from '../db/index.js';
import { stmt } from '../db/statements.js';
import { digest, randomToken, seal, unseal } from './secrets.js';

// Readable app passwords: no 0/o, 1/l/i; 16 characters of 32 symbols = 80 bits.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A fresh app password, grouped in fours for typing on a phone. */
export function generateAppPassword(): string {
  const chars = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

const context = (userId: number) => `app-password:user:${userId}`;

/** Seals and stores a user's app password (null removes it). */
export function setAppPassword(
  db: Db,
  key: Buffer,
  userId: number,
  password: string | null,
): void {
  const sealed = password === null ? null : seal(key, password, context(userId));
  db.prepare(
    'UPDATE user SET app_password = ?, app_password_at = ?, updated_at = ? WHERE id = ?',
  ).run(sealed, password === null ? null : Date.now(), Date.now(), userId);
}

/** The user's app password in the clear, for token checks; null if none. */
export function appPasswordOf(db: Db, key: Buffer, userId: number): string | null {
  const row = stmt(db, 'SELECT app_password FROM user WHERE id = ?').get(userId) as
    { app_password: string | null } | undefined;
  if (!row?.app_password) return null;
  return unseal(key, row.app_password, context(userId));
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  /** The key's last four characters, so a user can tell keys apart. */
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
}

const keyPrefix = 'hearth_';

/** Creates an API key; the returned `key` is the only copy that exists. */
export function createApiKey(
  db: Db,
  userId: number,
  name: string,
): ApiKeyInfo & { key: string } {
  const key = keyPrefix + randomToken(32);
  const now = Date.now();
  const hint = key.slice(-4);
  const result = db
    .prepare(
      `INSERT INTO api_key (user_id, name, key_hash, hint, created_at)
       VALUES (?, ?, ?, ?, ?)`,
    )
    .run(userId, name, digest(key), hint, now);
  const id = Number(result.lastInsertRowid);
  return { id, name, hint, createdAt: now, lastUsedAt: null, key };
}

interface ApiKeyRow {
  id: number;
  name: string;
  hint: string;
  created_at: number;
  last_used_at: number | null;
}

/** A user's API keys, newest first, without the keys themselves. */
export function listApiKeys(db: Db, userId: number): ApiKeyInfo[] {
  const rows = db
    .prepare(
      `SELECT id, name, hint, created_at, last_used_at FROM api_key
       WHERE user_id = ? ORDER BY created_at DESC, id DESC`,
    )
    .all(userId) as ApiKeyRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    hint: r.hint,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revokes one of a user's keys; false when the user has no such key. */
export function revokeApiKey(db: Db, userId: number, id: number): boolean {
  return (
    db.prepare('DELETE FROM api_key WHERE id = ? AND user_id = ?').run(id, userId)
      .changes > 0
  );
}

/** The user id owning an API key, or null; records when it was last used. */
export function userIdForApiKey(db: Db, key: string): number | null {
  const row = stmt(
    db,
    'SELECT id, user_id, last_used_at FROM api_key WHERE key_hash = ?',
  ).get(digest(key)) as
    { id: number; user_id: number; last_used_at: number | null } | undefined;
  if (!row) return null;
  // Record use at minute precision, so a busy client does not write per request.
  const now = Date.now();
  if (!row.last_used_at || now - row.last_used_at > 60_000) {
    db.prepare('UPDATE api_key SET last_used_at = ? WHERE id = ?').run(now, row.id);
  }
  return row.user_id;
}
