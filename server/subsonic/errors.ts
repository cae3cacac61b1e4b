// Subsonic errors and the one mapper from any error to the protocol's error
// element. Handlers throw SubsonicError or Hearth's named errors; the /rest
// error middleware calls subsonicFailure() and nothing else writes an error.
import { ZodError } from 'zod';
import { SubsonicAuthError } from '../auth/guard.js';
import { HearthError } from '../http/errors.js';

/** The spec's error codes. */
export const ErrorCode = {
  generic: 0,
  missingParameter: 10,
  clientMustUpgrade: 20,
  serverMustUpgrade: 30,
  wrongCredentials: 40,
  tokenNotSupported: 41,
  mechanismNotSupported: 42,
  conflictingMechanisms: 43,
  invalidApiKey: 44,
  notAuthorized: 50,
  trialOver: 60,
  notFound: 70,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error with a Subsonic code; `status` is the HTTP status (200 for most). */
export class SubsonicError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 200,
  ) {
    super(message);
    this.name = 'SubsonicError';
  }
}

export const missingParameter = (name: string) =>
  new SubsonicError(
    ErrorCode.missingParameter,
    `Required parameter is missing: ${name}.`,
  );

export const invalidParameter = (name: string, why: string) =>
  new SubsonicError(ErrorCode.generic, `Invalid parameter ${name}: ${why}.`);

export const notFound = (what: string) =>
  new SubsonicError(ErrorCode.notFound, `${what} not found.`);

export const notAuthorized = (
  message = 'User is not authorized for the given operation.',
) => new SubsonicError(ErrorCode.notAuthorized, message);

/** An endpoint of the spec that Hearth does not build (visible in the route table). */
export const notImplemented = (method: string) =>
  new SubsonicError(ErrorCode.generic, `Not implemented: ${method}.`, 501);

/** What the error middleware writes for one error. */
export interface Failure {
  code: ErrorCode;
  message: string;
  /** HTTP status of the response. */
  status: number;
  headers: Record<string, string>;
  /** True for failures of the server itself: logged as errors. */
  internal: boolean;
}

// Hearth errors whose HTTP status means something to players and proxies
// even on the Subsonic API: ranges, a body too large (its connection
// closes), caps with Retry-After, unavailability.
const keptStatuses = new Set([412, 413, 416, 429, 503]);

/** Maps Hearth's named errors onto Subsonic codes. */
function fromHearth(err: HearthError): Failure {
  const base = { message: err.message, headers: err.headers, internal: false };
  const status = keptStatuses.has(err.status) ? err.status : 200;
  if (err instanceof SubsonicAuthError) {
    return { ...base, code: err.subsonicCode as ErrorCode, status: 200 };
  }
  if (err.status === 401) return { ...base, code: ErrorCode.wrongCredentials, status };
  if (err.status === 403) return { ...base, code: ErrorCode.notAuthorized, status };
  if (err.status === 404) return { ...base, code: ErrorCode.notFound, status };
  if (err.status >= 500 && !keptStatuses.has(err.status)) {
    return { ...base, code: ErrorCode.generic, status: 500, internal: true };
  }
  return { ...base, code: ErrorCode.generic, status };
}

/** The one mapper: any thrown value to the Subsonic error it stands for. */
export function subsonicFailure(err: unknown): Failure {
  if (err instanceof SubsonicError) {
    return {
      code: err.code,
      message: err.message,
      status: err.status,
      headers: {},
      internal: false,
    };
  }
  if (err instanceof HearthError) return fromHearth(err);
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const name = issue?.path.join('.') || 'input';
    return { ...subsonicFailure(invalidParameter(name, issue?.message ?? 'invalid')) };
  }
  // Koa's own errors (a malformed body...) carry a status and an expose flag.
  const { status, expose } = err as { status?: number; expose?: boolean };
  if (status && status < 500 && expose) {
    const message = (err as Error).message;
    return { code: ErrorCode.generic, message, status, headers: {}, internal: false };
  }
  return {
    code: ErrorCode.generic,
    message: 'Internal server error.',
    status: 500,
    headers: {},
    internal: true,
  };
}
