// Password sign-in. Whether the username exists, is disabled, or the password
// is wrong, the caller gets the same answer after the same work (a full
// scrypt verification), and every attempt passes the throttle first.
import type { Db } from '../db/index.js';
import { logger } from '../log.js';
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from './passwords.js';
import { admit, settleFailure, settleSuccess, throttleKeys } from './throttle.js';
import { findUser, passwordHashOf, replacePasswordHash, type User } from './users.js';

const log = logger('auth');

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export interface Attempt {
  username: string;
  password: string;
  ip: string;
}

/** Checks a username and password, within the throttle. */
export async function signIn(db: Db, attempt: Attempt): Promise<SignInResult> {
  const keys = throttleKeys(attempt.username, attempt.ip);
  const wait = admit(db, keys);
  if (wait > 0) {
    log.warn({ ip: attempt.ip, retryAfterMs: wait }, 'sign-in throttled');
    return { ok: false, reason: 'throttled', retryAfterMs: wait };
  }

  // The same scrypt work whether or not the account exists or is enabled.
  const user = findUser(db, attempt.username);
  const hash = user ? passwordHashOf(db, user.id) : null;
  const good = hash
    ? await verifyPassword(attempt.password, hash)
    : await verifyNothing(attempt.password);
  if (!good || !user || user.disabled) {
    settleFailure(db, keys);
    log.info({ ip: attempt.ip }, 'sign-in refused');
    return { ok: false, reason: 'invalid' };
  }

  settleSuccess(db, keys);
  if (hash && needsRehash(hash)) {
    replacePasswordHash(db, user.id, await hashPassword(attempt.password));
  }
  log.info({ userId: user.id, ip: attempt.ip }, 'signed in');
  return { ok: true, user };
}
