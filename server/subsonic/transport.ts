// The /rest transport: /rest/<method> and /rest/<method>.view, by GET or by
// POST with a form body (formPost). It finds the method in the route table,
// authenticates the caller with their Subsonic credentials, runs the handler
// and writes the response in XML, JSON or JSONP. Every failure, from a wrong
// password to a crash, leaves through subsonicFailure() as a Subsonic error
// element: never plain text, never the /api JSON error shape.
import type { Context, Middleware, Next } from 'koa';
import { SubsonicAuthError } from '../auth/guard.js';
import { authenticateSubsonic } from '../auth/subsonic.js';
import { visibleLibraryIds, type User } from '../auth/users.js';
import type { AppDeps } from '../http/deps.js';
import {
  ErrorCode,
  notFound,
  notImplemented,
  subsonicFailure,
  SubsonicError,
} from './errors.js';
import type { Call, Scope, SubsonicMethod } from './method.js';
import { readParams, type Params } from './params.js';
import { envelope, formatOf, writeResponse, type Format } from './render.js';
import { methodTable } from './routes.js';

const prefix = '/rest/';
const allowedMethods = new Set(['GET', 'HEAD', 'POST']);

/** The method name of a /rest path, without a .view suffix; null for other paths. */
export function methodName(path: string): string | null {
  if (!path.startsWith(prefix)) return null;
  return path.slice(prefix.length).replace(/\.view$/, '');
}

/** The Koa middleware serving /rest; other paths pass through. */
export function subsonicApi(deps: AppDeps): Middleware {
  const table = methodTable();
  return async (ctx: Context, next: Next) => {
    const name = methodName(ctx.path);
    if (name === null && ctx.path !== '/rest') return next();
    // The format is known from the query until a form body is read.
    const query = new URLSearchParams(ctx.querystring);
    const answer: Answer = {
      format: formatOf(query.get('f') ?? undefined),
      callback: query.get('callback') ?? '',
    };
    try {
      const payload = await dispatch(
        ctx,
        deps,
        table.get(name ?? ''),
        name ?? '',
        answer,
      );
      if (payload)
        writeResponse(ctx, envelope('ok', payload), answer.format, answer.callback);
    } catch (err) {
      writeFailure(ctx, err, answer);
    }
  };
}

/** How the client wants its answer: f and callback, from the query or the form. */
interface Answer {
  format: Format;
  callback: string;
}

/** Finds, authorizes and runs one method; returns its payload. */
async function dispatch(
  ctx: Context,
  deps: AppDeps,
  spec: SubsonicMethod | undefined,
  name: string,
  answer: Answer,
) {
  if (!allowedMethods.has(ctx.method)) {
    throw new SubsonicError(ErrorCode.generic, 'Use GET or POST.', 405);
  }
  if (!spec) throw new SubsonicError(ErrorCode.notFound, `Unknown method: ${name}.`, 404);
  if ('planned' in spec) throw notImplemented(spec.name);
  const params = await readParams(ctx);
  answer.format = formatOf(params.get('f'));
  answer.callback = params.get('callback') ?? '';
  checkVersion(params.get('v'));
  const client = params.get('c') ?? 'unknown';
  ctx.log = ctx.log.child({ subsonic: spec.name, client });
  if (spec.access === 'public') return spec.handler({ ctx, deps, params, client });
  const user = authenticate(ctx, deps, params);
  if (spec.access === 'admin' && user.role !== 'admin') {
    throw new SubsonicError(ErrorCode.notAuthorized, 'Only admins may do this.');
  }
  const call: Call = {
    ctx,
    deps,
    params,
    client,
    user,
    scope: scopeOf(deps, user, params),
  };
  return spec.handler(call);
}

/** Protocol versions: any 1.x is served; 0.x must upgrade; 2.x needs a newer server. */
function checkVersion(v: string | undefined): void {
  const major = Number(v?.split('.')[0]);
  if (v === undefined || !Number.isFinite(major) || major === 1) return;
  if (major < 1) {
    throw new SubsonicError(ErrorCode.clientMustUpgrade, 'Client must upgrade.');
  }
  throw new SubsonicError(ErrorCode.serverMustUpgrade, 'Server must upgrade.');
}

/** The Subsonic credential check from accounts; its failures carry their codes. */
function authenticate(ctx: Context, deps: AppDeps, params: Params): User {
  const credentials = {
    u: params.get('u'),
    t: params.get('t'),
    s: params.get('s'),
    p: params.get('p'),
    apiKey: params.get('apiKey'),
  };
  const result = authenticateSubsonic(deps, credentials, ctx.ip, {
    allowPlainPassword: deps.settings.subsonicPlainPassword,
  });
  if (!result.ok) {
    const { code, message, retryAfterSeconds } = result;
    throw new SubsonicAuthError(code, message, { retryAfterSeconds });
  }
  ctx.caller = { user: result.user, via: result.via };
  return result.user;
}

/** The libraries the caller sees, narrowed to musicFolderId when given. */
function scopeOf(deps: AppDeps, user: User, params: Params): Scope {
  const visible = visibleLibraryIds(deps.db, user);
  const folder = params.optionalInt('musicFolderId');
  if (folder === undefined) return { userId: user.id, libraryIds: visible };
  if (!visible.includes(folder)) throw notFound('Music folder');
  return { userId: user.id, libraryIds: [folder] };
}

/** Writes the error element for any failure; internal ones are logged. */
function writeFailure(ctx: Context, err: unknown, answer: Answer) {
  const failure = subsonicFailure(err);
  if (failure.internal) ctx.log.error({ err }, 'subsonic request failed');
  else ctx.log.debug({ code: failure.code, reason: failure.message }, 'subsonic error');
  // A binary response may have started (stream): then only the socket can tell.
  if (ctx.res.headersSent) {
    ctx.res.destroy();
    return;
  }
  ctx.respond = true;
  ctx.status = failure.status;
  ctx.set(failure.headers);
  const error = { code: failure.code, message: failure.message };
  writeResponse(ctx, envelope('failed', { error }), answer.format, answer.callback);
}
