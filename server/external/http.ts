// One call to an outside service, with the household's manners: no call
// while the service's backoff holds; a 429 (HTTP, or Last.fm's error 29)
// records the wait the service asked for (Retry-After, or ListenBrainz's
// X-RateLimit-Reset-In); a 5xx, a timeout or a refused connection is tried
// again a few times with doubling pauses, then counts as a failure and
// lengthens the backoff. Named errors say which of these happened.
import type { Db } from '../db/index.js';
import { logger } from '../log.js';
import {
  blockedUntil,
  holdUntil,
  noteFailure,
  noteSuccess,
  type ServiceName,
} from './backoff.js';

const log = logger('external');

export class ServiceBackoffError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly until: number,
  ) {
    super(`${service} is backing off`);
    this.name = 'ServiceBackoffError';
  }
}

export class ServiceFailedError extends Error {
  constructor(
    readonly service: ServiceName,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ServiceFailedError';
  }
}

/** The service answered but refused the request itself (bad token, unknown artist). */
export class ServiceRejectedError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly code: number | string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceRejectedError';
  }
}

export interface CallOptions {
  db: Db;
  service: ServiceName;
  url: string;
  init?: RequestInit;
  /** Tries after the first for a 5xx or a network error. */
  retries?: number;
  /** Pause before the first retry; doubles for each next one. */
  retryDelayMs?: number;
  timeoutMs?: number;
  /** Reads a service-level error out of a 200 body (Last.fm's { error, message }). */
  bodyError?: (
    body: unknown,
  ) => { code: number; message: string; kind: 'rate' | 'retry' | 'reject' } | null;
}

type Outcome = { ok: unknown } | { retry: string; status: number | null };

/** Seconds from Retry-After or X-RateLimit-Reset-In; 60 when neither says. */
function waitMs(res: Response): number {
  const header =
    res.headers.get('retry-after') ?? res.headers.get('x-ratelimit-reset-in');
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}

function rateLimited(options: CallOptions, ms: number): never {
  const until = Date.now() + ms;
  holdUntil(options.db, options.service, until);
  log.warn({ service: options.service, waitMs: ms }, 'service rate limit: backing off');
  throw new ServiceBackoffError(options.service, until);
}

/** One request: a value, a reason to retry, or a thrown rate limit or rejection. */
async function attempt(options: CallOptions): Promise<Outcome> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  let res: Response;
  try {
    res = await fetch(options.url, { ...options.init, signal });
  } catch (err) {
    return { retry: (err as Error).message, status: null };
  }
  if (res.status === 429) rateLimited(options, waitMs(res));
  if (res.status >= 500) return { retry: `HTTP ${res.status}`, status: res.status };
  const body = (await res.json().catch(() => null)) as unknown;
  const error = options.bodyError?.(body) ?? null;
  if (error?.kind === 'rate') rateLimited(options, waitMs(res));
  if (error?.kind === 'retry') return { retry: error.message, status: res.status };
  if (error) throw new ServiceRejectedError(options.service, error.code, error.message);
  if (!res.ok)
    throw new ServiceRejectedError(options.service, res.status, `HTTP ${res.status}`);
  return { ok: body };
}

/** Calls the service; the parsed JSON body of its answer. */
export async function callService(options: CallOptions): Promise<unknown> {
  const until = blockedUntil(options.db, options.service);
  if (until > 0) throw new ServiceBackoffError(options.service, until);
  const retries = options.retries ?? 2;
  let last: Outcome = { retry: 'not tried', status: null };
  for (let tryNo = 0; tryNo <= retries; tryNo++) {
    if (tryNo > 0) await sleep((options.retryDelayMs ?? 500) * 2 ** (tryNo - 1));
    last = await attempt(options);
    if ('ok' in last) {
      noteSuccess(options.db, options.service);
      return last.ok;
    }
    log.info(
      { service: options.service, reason: last.retry, tryNo },
      'service call failed',
    );
  }
  const reason = 'retry' in last ? last.retry : 'failed';
  const status = 'status' in last ? last.status : null;
  const resumeAt = noteFailure(options.db, options.service);
  log.warn(
    { service: options.service, reason, resumeAt },
    'service unavailable: backing off',
  );
  throw new ServiceFailedError(options.service, reason, status);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
