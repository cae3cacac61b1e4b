// The access check every route passes through. mountRoutes() puts guard(spec)
// in front of each handler, so the route table's `access` field is enforced
// in one place: the caller is resolved (session cookie for /api and pages,
// Subsonic credentials for /rest), cookie-authenticated state changes must
// come from Hearth's own origin, and the role must fit.
import type { Context, Middleware, Next } from 'koa';
import type { AppDeps } from '../http/deps.js';
import { ForbiddenError, HearthError, UnauthorizedError } from '../http/errors.js';
import type { RouteSpec } from '../http/routes.js';
import { clearSessionCookie, sessionToken } from './cookie.js';
import { resolveSession, type Session } from './sessions.js';
import { authenticateSubsonic, type SubsonicCredentials } from './subsonic.js';
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

/** True for the Subsonic API's paths. */
export function isSubsonicPath(path: string): boolean {
  return path === '/rest' || path.startsWith('/rest/');
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
    if (isSubsonicPath(ctx.path)) subsonicCaller(ctx, spec, deps);
    else sessionCaller(ctx, deps);

    // Role check: anonymous callers get 401, the wrong role 403.
    if (spec.access !== 'public' && !ctx.caller) throw new UnauthorizedError();
    if (spec.access === 'admin' && ctx.caller?.user.role !== 'admin') {
      if (!isSubsonicPath(ctx.path)) throw new ForbiddenError('admins only');
      throw new SubsonicAuthError(50, 'User is not authorized for the given operation.', {
        status: 403,
      });
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

/** The first value of each credential parameter, from the query or a form body. */
function subsonicParams(ctx: Context): SubsonicCredentials {
  const body = (ctx.request as { body?: unknown }).body;
  const sources = [ctx.query, body && typeof body === 'object' ? body : {}] as Array<
    Record<string, unknown>
  >;
  const pick = (name: string): string | undefined => {
    for (const source of sources) {
      const value = source[name];
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') return first;
    }
    return undefined;
  };
  return {
    u: pick('u'),
    t: pick('t'),
    s: pick('s'),
    p: pick('p'),
    apiKey: pick('apiKey'),
  };
}

function subsonicCaller(ctx: Context, spec: RouteSpec, deps: AppDeps): void {
  if (spec.access === 'public') return;
  const result = authenticateSubsonic(deps, subsonicParams(ctx), ctx.ip, {
    allowPlainPassword: deps.settings.subsonicPlainPassword,
  });
  if (!result.ok) {
    const { code, message, retryAfterSeconds } = result;
    throw new SubsonicAuthError(code, message, { retryAfterSeconds });
  }
  ctx.caller = { user: result.user, via: result.via };
}
