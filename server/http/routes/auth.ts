// Signing in and out, first-run setup, and what a signed-in user manages for
// themselves: their password, sessions, Subsonic app password and API keys.
import type { Context } from 'koa';
import { z } from 'zod';
import { readJson } from '../../auth/body.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../../auth/cookie.js';
import {
  createApiKey,
  generateAppPassword,
  listApiKeys,
  revokeApiKey,
  setAppPassword,
} from '../../auth/credentials.js';
import {
  announceFirstAdmin,
  checkSetupToken,
  clearSetupToken,
  isLoopbackHost,
  needsSetup,
} from '../../auth/first-run.js';
import { requireCaller } from '../../auth/guard.js';
import { maxPasswordLength, minPasswordLength } from '../../auth/passwords.js';
import { keyFile, loadKey } from '../../auth/secrets.js';
import {
  createSession,
  endSession,
  endUserSessions,
  listSessions,
  resolveSession,
} from '../../auth/sessions.js';
import { signIn } from '../../auth/sign-in.js';
import { addressKeys, blockedFor, recordFailure } from '../../auth/throttle.js';
import {
  createUser,
  FirstRunOverError,
  setPassword,
  type User,
} from '../../auth/users.js';
import type { AppDeps } from '../deps.js';
import { HearthError, NotFoundError, TooManyRequestsError } from '../errors.js';
import { route } from '../routes.js';

/** A password as typed when choosing one. */
export const newPassword = z
  .string()
  .min(minPasswordLength, `must be at least ${minPasswordLength} characters`)
  .max(maxPasswordLength)
  .describe('password');

/** A username as chosen at creation: letters, digits and . _ @ - */
export const username = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits and . _ @ - only')
  .describe('username');

export const displayName = z.string().trim().min(1).max(100).describe('display name');

const loginBody = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(maxPasswordLength),
});

const setupBody = z.object({
  username,
  password: newPassword,
  displayName: displayName.optional(),
  setupToken: z.string().max(200).optional(),
});

const logoutBody = z.object({
  scope: z.enum(['this', 'others', 'all']).default('this'),
});

const passwordBody = z.object({
  currentPassword: z.string().min(1).max(maxPasswordLength),
  newPassword,
  endOtherSessions: z.boolean().default(true),
});

const appPasswordBody = z.object({
  password: z.string().min(8).max(128).optional(),
});

const apiKeyBody = z.object({ name: z.string().trim().min(1).max(100) });
const apiKeyParams = z.object({ id: z.coerce.number().int().positive() });

/** True when the request comes from this computer and names it as such. */
function fromThisComputer(ctx: Context): boolean {
  return isLoopbackHost(ctx.ip) && isLoopbackHost(ctx.hostname);
}

/** Starts a fresh session for `user`, ending the one the client came with. */
function startSession(ctx: Context, deps: AppDeps, user: User): void {
  const old = sessionToken(ctx);
  const previous = old ? resolveSession(deps.db, old) : null;
  if (previous) endSession(deps.db, previous.session.idHash);
  const client = { ip: ctx.ip, userAgent: ctx.get('User-Agent') };
  const { token } = createSession(deps.db, user.id, client);
  setSessionCookie(ctx, token);
}

function secretKey(deps: AppDeps): Buffer {
  return loadKey(keyFile(deps.dataDir));
}

const wrongCredentials = () =>
  new HearthError(401, 'invalid_credentials', 'wrong username or password');

const throttled = (ms: number) =>
  new TooManyRequestsError(
    'too_many_attempts',
    'too many failed attempts; try again later',
    ms / 1000,
  );

export const authRoutes = [
  route({
    method: 'GET',
    path: '/api/setup',
    access: 'public',
    summary: 'Whether first-run setup is open, and whether it needs the setup code.',
    response: 'SetupState',
    handler: (ctx, deps) => {
      ctx.set('Cache-Control', 'no-store');
      const needed = needsSetup(deps.db);
      ctx.body = { needed, tokenRequired: needed && !fromThisComputer(ctx) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/setup',
    access: 'public',
    summary: 'Creates the first admin: from this computer, or with the setup code.',
    input: { body: setupBody },
    response: 'UserEnvelope',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, setupBody);
      if (!needsSetup(deps.db)) throw new HearthError(409, 'setup_done', 'setup is done');

      // Away from this computer, the setup code from the log is required.
      if (!fromThisComputer(ctx)) {
        const keys = addressKeys(ctx.ip);
        const wait = blockedFor(deps.db, keys);
        if (wait > 0) throw throttled(wait);
        if (!body.setupToken || !checkSetupToken(deps.db, body.setupToken)) {
          recordFailure(deps.db, keys);
          throw new HearthError(
            403,
            'setup_code_required',
            'a valid setup code is required',
          );
        }
      }
      const user = await createFirstAdmin(deps, body).catch((err: unknown) => {
        if (err instanceof FirstRunOverError) {
          throw new HearthError(409, 'setup_done', 'setup is done');
        }
        throw err;
      });
      clearSetupToken(deps.db, deps.dataDir);
      announceFirstAdmin();
      ctx.log.info({ userId: user.id }, 'first admin created');
      startSession(ctx, deps, user);
      ctx.status = 201;
      ctx.body = { user };
    },
  }),
  route({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    summary: 'Signs in with a username and password; sets the session cookie.',
    input: { body: loginBody },
    response: 'UserEnvelope',
    handler: async (ctx, deps) => {
      ctx.set('Cache-Control', 'no-store');
      const body = await readJson(ctx, loginBody);
      const result = await signIn(deps.db, { ...body, ip: ctx.ip });
      if (!result.ok && result.reason === 'throttled')
        throw throttled(result.retryAfterMs);
      if (!result.ok) throw wrongCredentials();
      startSession(ctx, deps, result.user);
      ctx.body = { user: result.user };
    },
  }),
  route({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'user',
    summary: 'Signs out this session, the others, or all of them.',
    input: { body: logoutBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const { scope } = await readJson(ctx, logoutBody);
      const { user, session } = requireCaller(ctx);
      if (scope === 'all') endUserSessions(deps.db, user.id);
      if (scope === 'others') endUserSessions(deps.db, user.id, session?.idHash);
      if (scope === 'this' && session) endSession(deps.db, session.idHash);
      if (scope !== 'others') clearSessionCookie(ctx);
      ctx.status = 204;
    },
  }),
  route({
    method: 'GET',
    path: '/api/auth/me',
    access: 'user',
    summary: 'The signed-in user.',
    response: 'UserEnvelope',
    handler: (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { user: requireCaller(ctx).user };
    },
  }),
  route({
    method: 'GET',
    path: '/api/auth/sessions',
    access: 'user',
    summary: "The signed-in user's sessions, marking the current one.",
    response: 'SessionList',
    handler: (ctx, deps) => {
      const { user, session } = requireCaller(ctx);
      ctx.body = { sessions: listSessions(deps.db, user.id, session?.idHash ?? '') };
    },
  }),
  route({
    method: 'PUT',
    path: '/api/auth/password',
    access: 'user',
    summary: 'Changes the password; ends the other sessions unless told not to.',
    input: { body: passwordBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, passwordBody);
      const { user } = requireCaller(ctx);

      // The current password again, under the sign-in throttle.
      const check = await signIn(deps.db, {
        username: user.username,
        password: body.currentPassword,
        ip: ctx.ip,
      });
      if (!check.ok && check.reason === 'throttled') throw throttled(check.retryAfterMs);
      if (!check.ok) throw wrongCredentials();

      // New hash, then a fresh session id for this client.
      await setPassword(deps.db, user.id, body.newPassword);
      if (body.endOtherSessions) endUserSessions(deps.db, user.id);
      startSession(ctx, deps, user);
      ctx.log.info({ userId: user.id }, 'password changed');
      ctx.status = 204;
    },
  }),
  route({
    method: 'GET',
    path: '/api/auth/app-password',
    access: 'user',
    summary: 'Whether a Subsonic app password is set (it is never shown again).',
    response: 'AppPasswordState',
    handler: (ctx) => {
      ctx.body = { set: requireCaller(ctx).user.hasAppPassword };
    },
  }),
  route({
    method: 'POST',
    path: '/api/auth/app-password',
    access: 'user',
    summary: 'Sets the Subsonic app password (generated unless given); shown once.',
    input: { body: appPasswordBody },
    response: 'AppPassword',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, appPasswordBody);
      const { user } = requireCaller(ctx);
      const appPassword = body.password ?? generateAppPassword();
      setAppPassword(deps.db, secretKey(deps), user.id, appPassword);
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 201;
      ctx.body = { appPassword };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/auth/app-password',
    access: 'user',
    summary: 'Removes the Subsonic app password; token sign-in stops working.',
    response: 'no content (204)',
    handler: (ctx, deps) => {
      setAppPassword(deps.db, secretKey(deps), requireCaller(ctx).user.id, null);
      ctx.status = 204;
    },
  }),
  route({
    method: 'GET',
    path: '/api/auth/api-keys',
    access: 'user',
    summary: "The signed-in user's OpenSubsonic API keys (names and hints only).",
    response: 'ApiKeyList',
    handler: (ctx, deps) => {
      ctx.body = { apiKeys: listApiKeys(deps.db, requireCaller(ctx).user.id) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/auth/api-keys',
    access: 'user',
    summary: 'Creates an OpenSubsonic API key; the key is shown this once.',
    input: { body: apiKeyBody },
    response: 'NewApiKey',
    handler: async (ctx, deps) => {
      const { name } = await readJson(ctx, apiKeyBody);
      const created = createApiKey(deps.db, requireCaller(ctx).user.id, name);
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 201;
      ctx.body = { apiKey: created };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/auth/api-keys/:id',
    access: 'user',
    summary: 'Revokes one of the signed-in user’s API keys.',
    input: { params: apiKeyParams },
    response: 'no content (204)',
    handler: (ctx, deps) => {
      const { id } = apiKeyParams.parse(ctx.params);
      if (!revokeApiKey(deps.db, requireCaller(ctx).user.id, id)) {
        throw new NotFoundError('api key', 'api_key_not_found');
      }
      ctx.status = 204;
    },
  }),
];

function createFirstAdmin(deps: AppDeps, body: z.infer<typeof setupBody>): Promise<User> {
  return createUser(deps.db, {
    username: body.username,
    password: body.password,
    displayName: body.displayName,
    role: 'admin',
    onlyIfFirst: true,
  });
}
