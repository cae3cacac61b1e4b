// Subsonic and OpenSubsonic credentials, for the /rest layer. Three ways in:
// an API key (apiKey), a token and salt against the user's app password
// (t = md5(appPassword + s)), and, only when an admin enables it, the legacy
// clear or hex-encoded password (p=, p=enc:...) against the app password.
// Failures carry the Subsonic error code the /rest layer must answer with.
import { createHash } from 'node:crypto';
import type { AppDeps } from '../http/deps.js';
import { logger } from '../log.js';
import { appPasswordOf, userIdForApiKey } from './credentials.js';
import { keyFile, loadKey, safeEqual } from './secrets.js';
import { addressKeys, blockedFor, recordFailure, throttleKeys } from './throttle.js';
import { findUser, getUser, type User } from './users.js';

const log = logger('auth');

/** The credential parameters of a Subsonic request (query or form body). */
export interface SubsonicCredentials {
  u?: string;
  t?: string;
  s?: string;
  p?: string;
  apiKey?: string;
}

/** Subsonic error codes for authentication, from the OpenSubsonic spec. */
export type SubsonicAuthCode = 10 | 40 | 42 | 43 | 44;

export type SubsonicAuthResult =
  | { ok: true; user: User; via: 'apiKey' | 'token' | 'password' }
  | {
      ok: false;
      code: SubsonicAuthCode;
      message: string;
      /** Set when the client is throttled: answer 429 with Retry-After. */
      retryAfterSeconds?: number;
    };

export interface SubsonicAuthOptions {
  /** The admin setting that allows p= and p=enc: (off by default). */
  allowPlainPassword: boolean;
}

const fail = (code: SubsonicAuthCode, message: string): SubsonicAuthResult => ({
  ok: false,
  code,
  message,
});

const wrong = () => fail(40, 'Wrong username or password.');

/**
 * Authenticates a Subsonic request. `deps` gives the database and the data
 * folder (whose key unseals app passwords); `ip` is the client address.
 */
export function authenticateSubsonic(
  deps: Pick<AppDeps, 'db' | 'dataDir'>,
  params: SubsonicCredentials,
  ip: string,
  options: SubsonicAuthOptions = { allowPlainPassword: false },
): SubsonicAuthResult {
  // 1. Which mechanism, and is the combination allowed?
  const { u, t, s, p, apiKey } = params;
  if (apiKey !== undefined) {
    if (u !== undefined || t !== undefined || s !== undefined || p !== undefined) {
      return fail(43, 'Multiple conflicting authentication mechanisms provided.');
    }
    return withThrottle(deps, addressKeys(ip), () => byApiKey(deps, apiKey));
  }
  if (!u) return fail(10, 'Required parameter is missing: u.');
  if (t !== undefined && p !== undefined) {
    return fail(43, 'Multiple conflicting authentication mechanisms provided.');
  }

  // 2. Token and salt, or the legacy password when the admin allows it.
  if (t !== undefined) {
    if (!s) return fail(10, 'Required parameter is missing: s.');
    return withThrottle(deps, throttleKeys(u, ip), () => byToken(deps, u, t, s));
  }
  if (p !== undefined) {
    if (!options.allowPlainPassword) {
      return fail(42, 'Password authentication is disabled. Use a token or an API key.');
    }
    return withThrottle(deps, throttleKeys(u, ip), () => byPassword(deps, u, p));
  }
  return fail(10, 'Required parameter is missing: t and s, or apiKey.');
}

type Check = () => SubsonicAuthResult;

/** Refuses a blocked client; counts a failed check. Checks are synchronous,
 * so within a worker nothing interleaves between the test and the count. */
function withThrottle(
  deps: Pick<AppDeps, 'db'>,
  keys: ReturnType<typeof addressKeys>,
  check: Check,
): SubsonicAuthResult {
  const wait = blockedFor(deps.db, keys);
  if (wait > 0) {
    const message = 'Too many failed attempts; try again later.';
    return { ok: false, code: 40, message, retryAfterSeconds: Math.ceil(wait / 1000) };
  }
  const result = check();
  if (!result.ok) {
    recordFailure(deps.db, keys);
    log.info({ code: result.code }, 'subsonic authentication refused');
  }
  return result;
}

function byApiKey(deps: Pick<AppDeps, 'db'>, apiKey: string): SubsonicAuthResult {
  const userId = userIdForApiKey(deps.db, apiKey);
  const user = userId === null ? null : getUser(deps.db, userId);
  if (!user || user.disabled) return fail(44, 'Invalid API key.');
  return { ok: true, user, via: 'apiKey' };
}

/** The app password of an enabled user, or null. */
function appPassword(deps: Pick<AppDeps, 'db' | 'dataDir'>, username: string) {
  const user = findUser(deps.db, username);
  if (!user || user.disabled || !user.hasAppPassword) return null;
  const secret = appPasswordOf(deps.db, loadKey(keyFile(deps.dataDir)), user.id);
  return secret === null ? null : { user, secret };
}

function byToken(
  deps: Pick<AppDeps, 'db' | 'dataDir'>,
  username: string,
  token: string,
  salt: string,
): SubsonicAuthResult {
  const found = appPassword(deps, username);
  const expected = createHash('md5')
    .update((found?.secret ?? '') + salt, 'utf8')
    .digest('hex');
  if (!found || !safeEqual(expected, token.toLowerCase())) return wrong();
  return { ok: true, user: found.user, via: 'token' };
}

function byPassword(
  deps: Pick<AppDeps, 'db' | 'dataDir'>,
  username: string,
  password: string,
): SubsonicAuthResult {
  const found = appPassword(deps, username);
  const given = decodeLegacyPassword(password);
  if (!found || given === null || !safeEqual(found.secret, given)) return wrong();
  return { ok: true, user: found.user, via: 'password' };
}

/** p=secret or p=enc:<hex of secret>; null when the hex is malformed. */
export function decodeLegacyPassword(p: string): string | null {
  if (!p.startsWith('enc:')) return p;
  const hex = p.slice(4);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return null;
  return Buffer.from(hex, 'hex').toString('utf8');
}
