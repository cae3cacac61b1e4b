// The access check every route of the route table passes through.
// mountRoutes() puts guard(spec) in front of each handler, so the `access`
// field is enforced in one place: the caller is resolved from the session
// cookie, cookie-authenticated state changes must come from Hearth's own
// origin, and the role must fit. (/rest has its own method table; its
// transport calls authenticateSubsonic() and throws SubsonicAuthError.)
import type { Context, Middleware, Next } from 'koa';
import type { AppDeps } from '../http/deps.js';
import { ForbiddenError, HearthError, UnauthorizedError } from '../http/errors.js';
import type { RouteSpec } from '../http/routes.js';
import { clearSessionCookie, sessionToken } from './cookie.js';
import { resolveSession, type Session } from './sessions.js';
import type { User } from './users.js';

/** Who is calling, and how they proved it. */
export interface Caller {
  user: User;
  via: 'session' | 'apiKey' | 'token' | 'password';
  /** Set when the caller came with a session cookie. */
  session?: Session;
}

declare module 'koa' {
  interface DefaultContext {
    /** The authenticated caller; set by the guard, absent when anonymous. */
    caller?: Caller;
  }
}

/** A Subsonic credential failure; the /rest error mapper answers with `subsonicCode`. */
export class SubsonicAuthError extends HearthError {
  constructor(
    readonly subsonicCode: number,
    message: string,
    options: { status?: number; retryAfterSeconds?: number } = {},
  ) {
    const wait = options.retryAfterSeconds;
    const status = wait !== undefined ? 429 : (options.status ?? 401);
    const id = { 401: 'unauthorized', 403: 'forbidden', 429: 'too_many_attempts' }[
      status
    ];
    super(
      status,
      id ?? 'unauthorized',
      message,
      wait ? { 'Retry-After': String(wait) } : {},
    );
  }
}

const accessLevels = new Set(['public', 'user', 'admin']);
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller of a request that passed the guard; throws 401 when anonymous. */
export function requireCaller(ctx: Context): Caller {
  if (!ctx.caller) throw new UnauthorizedError();
  return ctx.caller;
}

/**
 * The middleware that enforces one route's access decision. Throws at mount
 * time for a route whose access is not one of public, user, admin.
 */
export function guard(spec: RouteSpec, deps: AppDeps): Middleware {
  if (!accessLevels.has(spec.access)) {
    throw new Error(`route ${spec.method} ${spec.path} has no access decision`);
  }
  return async (ctx: Context, next: Next) => {
    sessionCaller(ctx, deps);

    // Role check: anonymous callers get 401, the wrong role 403.
    if (spec.access !== 'public' && !ctx.caller) throw new UnauthorizedError();
    if (spec.access === 'admin' && ctx.caller?.user.role !== 'admin') {
      throw new ForbiddenError('admins only');
    }
    await next();
  };
}

function sessionCaller(ctx: Context, deps: AppDeps): void {
  const token = sessionToken(ctx);
  const found = token ? resolveSession(deps.db, token) : null;
  if (token && !found) clearSessionCookie(ctx);
  if (!safeMethods.has(ctx.method)) checkOrigin(ctx, found !== null);
  if (found) ctx.caller = { user: found.user, via: 'session', session: found.session };
}

/**
 * CSRF defence for state changes. The session cookie is SameSite=Lax, which
 * stops other sites; the Origin check also stops other ports on this host
 * (the same "site" for SameSite). A state change that carries a session must
 * name its origin; any request naming a foreign origin is refused.
 */
export function checkOrigin(ctx: Context, withSession: boolean): void {
  const origin = ctx.get('Origin') || refererOrigin(ctx.get('Referer'));
  if (!origin) {
    if (withSession) throw crossSite();
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  if (host.toLowerCase() !== ctx.host.toLowerCase()) throw crossSite();
}

const crossSite = () =>
  new HearthError(403, 'cross_site_refused', 'cross-site request refused');

function refererOrigin(referer: string): string {
  if (!referer) return '';
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}
