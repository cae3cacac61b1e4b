// Sign-in throttling, shared by every worker through the database. Three
// counters watch each attempt: the client address (any account), the account
// from that address, and the account from everywhere. Past its free allowance
// a counter blocks further attempts for 1 s, doubling per failure up to a
// ceiling; an hour without failures forgets it. A blocked attempt is refused
// before any password is checked and does not count, so an attacker's address
// is shut out while the owner can still sign in from their own.
import { isIPv6 } from 'node:net';
import type { Db } from '../db/index.js';

interface Rule {
  free: number;
  maxBlockMs: number;
}

const minute = 60_000;
export const throttleRules: Record<'ip' | 'userIp' | 'user', Rule> = {
  ip: { free: 20, maxBlockMs: 15 * minute },
  userIp: { free: 5, maxBlockMs: 15 * minute },
  user: { free: 50, maxBlockMs: 5 * minute },
};
const forgetAfterMs = 60 * minute;

export interface ThrottleKey {
  key: string;
  rule: Rule;
}

/**
 * The address that identifies a client: IPv4 as is (IPv4-mapped IPv6 too),
 * IPv6 by its /64, since one home or host usually owns a whole /64.
 */
export function clientAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const full = expandIPv6(ip);
  return `${full.slice(0, 4).join(':')}::/64`;
}

function expandIPv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const a = head ? head.split(':') : [];
  const b = tail ? tail.split(':') : [];
  const zeros = Array<string>(Math.max(0, 8 - a.length - b.length)).fill('0');
  return (ip.includes('::') ? [...a, ...zeros, ...b] : a).map((x) =>
    x.toLowerCase().replace(/^0+(?=.)/, ''),
  );
}

/** The three counters for one attempt; the username need not exist. */
export function throttleKeys(username: string, ip: string): ThrottleKey[] {
  const address = clientAddress(ip);
  const account = username.trim().toLowerCase().slice(0, 256);
  return [
    { key: `ip:${address}`, rule: throttleRules.ip },
    { key: `user-ip:${account}|${address}`, rule: throttleRules.userIp },
    { key: `user:${account}`, rule: throttleRules.user },
  ];
}

/** Only the address counter, for credentials that name no account. */
export function addressKeys(ip: string): ThrottleKey[] {
  return [{ key: `ip:${clientAddress(ip)}`, rule: throttleRules.ip }];
}

interface Row {
  key: string;
  failures: number;
  last_failure: number;
  blocked_until: number;
}

function read(db: Db, key: string, now: number): Row | undefined {
  const row = db.prepare('SELECT * FROM login_throttle WHERE key = ?').get(key) as
    Row | undefined;
  if (row && now - Math.max(row.last_failure, row.blocked_until) > forgetAfterMs) {
    return undefined;
  }
  return row;
}

/** Milliseconds until every counter allows an attempt; 0 when allowed now. */
export function blockedFor(db: Db, keys: ThrottleKey[], now = Date.now()): number {
  let wait = 0;
  for (const { key } of keys) {
    const row = read(db, key, now);
    if (row) wait = Math.max(wait, row.blocked_until - now);
  }
  return wait;
}

function blockAfter(failures: number, rule: Rule): number {
  if (failures < rule.free) return 0;
  return Math.min(1000 * 2 ** Math.min(failures - rule.free, 20), rule.maxBlockMs);
}

/** Counts one failure on each counter, blocking those past their allowance. */
export function recordFailure(db: Db, keys: ThrottleKey[], now = Date.now()): void {
  const write = db.prepare(
    `INSERT INTO login_throttle (key, failures, last_failure, blocked_until)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
       last_failure = excluded.last_failure, blocked_until = excluded.blocked_until`,
  );
  for (const { key, rule } of keys) {
    const failures = (read(db, key, now)?.failures ?? 0) + 1;
    const block = blockAfter(failures, rule);
    write.run(key, failures, now, block ? now + block : 0);
  }
}

/**
 * Admits an attempt whose check takes time (a password hash): refuses it if
 * blocked, else counts it as a failure at once, so a burst of parallel
 * attempts cannot all slip through before the first result. settle() takes
 * the count back when the attempt succeeds.
 */
export function admit(db: Db, keys: ThrottleKey[], now = Date.now()): number {
  return db
    .transaction(() => {
      const wait = blockedFor(db, keys, now);
      if (wait <= 0) recordFailure(db, keys, now);
      return Math.max(wait, 0);
    })
    .immediate();
}

/**
 * After a failed attempt that admit() let through: restarts any block from
 * now, so the time the check took does not eat into it.
 */
export function settleFailure(db: Db, keys: ThrottleKey[], now = Date.now()): void {
  const row = db.prepare('SELECT failures FROM login_throttle WHERE key = ?');
  const update = db.prepare(
    'UPDATE login_throttle SET blocked_until = max(blocked_until, ?) WHERE key = ?',
  );
  for (const { key, rule } of keys) {
    const failures = (row.get(key) as { failures: number } | undefined)?.failures ?? 0;
    const block = blockAfter(failures, rule);
    if (block) update.run(now + block, key);
  }
}

/** After a successful attempt: forgets the account-and-address counter and
 * takes back the failure admit() counted on the others. */
export function settleSuccess(db: Db, keys: ThrottleKey[]): void {
  db.transaction(() => {
    for (const { key, rule } of keys) {
      if (key.startsWith('user-ip:')) {
        db.prepare('DELETE FROM login_throttle WHERE key = ?').run(key);
        continue;
      }
      db.prepare(
        `UPDATE login_throttle SET failures = max(failures - 1, 0),
           blocked_until = CASE WHEN failures - 1 < ? THEN 0 ELSE blocked_until END
         WHERE key = ?`,
      ).run(rule.free, key);
    }
  }).immediate();
}

/** Clears what an address or account has counted (after a password reset). */
export function forgetAccount(db: Db, username: string): void {
  const account = username.trim().toLowerCase();
  db.prepare("DELETE FROM login_throttle WHERE key = ? OR key LIKE ? ESCAPE '\\'").run(
    `user:${account}`,
    `user-ip:${account.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`,
  );
}

/** Drops counters nobody has tripped for an hour. */
export function pruneThrottle(db: Db, now = Date.now()): void {
  db.prepare('DELETE FROM login_throttle WHERE max(last_failure, blocked_until) < ?').run(
    now - forgetAfterMs,
  );
}
