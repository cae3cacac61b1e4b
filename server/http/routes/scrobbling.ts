// A user's links to Last.fm and ListenBrainz. Last.fm: POST answers the
// Last.fm page to open; Last.fm sends the browser back to the callback
// with a token, which becomes a session key (auth.getSession). ListenBrainz:
// the user pastes their user token, checked with validate-token. Tokens are
// never sent back to the client.
import type { Context } from 'koa';
import { z } from 'zod';
import { readJson } from '../../auth/body.js';
import { requireCaller } from '../../auth/guard.js';
import type { ServiceName } from '../../external/backoff.js';
import { ServiceRejectedError } from '../../external/http.js';
import { Lastfm } from '../../external/lastfm.js';
import { linksOf, removeLink, saveLink } from '../../external/links.js';
import { ListenBrainz } from '../../external/listenbrainz.js';
import type { AppDeps } from '../deps.js';
import {
  HearthError,
  InvalidInputError,
  NotFoundError,
  UnavailableError,
} from '../errors.js';
import { route } from '../routes.js';

const services = ['lastfm', 'listenbrainz'] as const;
const serviceParams = z.object({
  service: z.enum(services).describe('lastfm or listenbrainz'),
});
const callbackQuery = z.object({
  token: z.string().min(1).max(200).describe('the token Last.fm adds to the callback'),
});
const listenbrainzBody = z.object({
  token: z.string().min(1).max(200).describe('the ListenBrainz user token'),
});

/** What the caller has linked, without the tokens. */
function linksView(deps: AppDeps, userId: number) {
  const links = linksOf(deps.db, userId);
  const pending = deps.db
    .prepare('SELECT count(*) AS n FROM scrobble_queue WHERE user_id = ?')
    .get(userId) as { n: number };
  return {
    services: services.map((service) => {
      const link = links.find((l) => l.service === service);
      return {
        service,
        available:
          service === 'listenbrainz' || new Lastfm(deps.db, deps.settings).canScrobble,
        linked: Boolean(link),
        account: link?.account ?? null,
        linkedAt: link?.linkedAt ?? null,
      };
    }),
    pending: pending.n,
  };
}

function lastfmOf(deps: AppDeps): Lastfm {
  const lastfm = new Lastfm(deps.db, deps.settings);
  if (!lastfm.canScrobble)
    throw new HearthError(
      409,
      'lastfm_not_configured',
      'Last.fm API key and secret are not set',
    );
  return lastfm;
}

/** A service call from a route: its refusal is bad input, its absence a 503. */
async function ask<T>(service: ServiceName, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ServiceRejectedError)
      throw new InvalidInputError(`${service} refused the token`, { token: err.message });
    throw new UnavailableError(
      'service_unavailable',
      `${service} cannot be reached now`,
      60,
    );
  }
}

function callbackUrl(ctx: Context): string {
  return `${ctx.origin}/api/me/scrobbling/lastfm/callback`;
}

export const scrobblingRoutes = [
  route({
    method: 'GET',
    path: '/api/me/scrobbling',
    access: 'user',
    summary: "The caller's scrobbling links and how many plays wait for delivery.",
    response: 'ScrobbleLinks',
    handler: (ctx, deps) => {
      ctx.body = linksView(deps, requireCaller(ctx).user.id);
    },
  }),
  route({
    method: 'POST',
    path: '/api/me/scrobbling/lastfm',
    access: 'user',
    summary: 'Starts linking Last.fm: the page to open, which returns to the callback.',
    response: 'LastfmAuth',
    handler: (ctx, deps) => {
      ctx.body = { authUrl: lastfmOf(deps).authUrl(callbackUrl(ctx)) };
    },
  }),
  route({
    method: 'GET',
    path: '/api/me/scrobbling/lastfm/callback',
    access: 'user',
    summary: "Where Last.fm returns: the token becomes the caller's session key.",
    input: { query: callbackQuery },
    response: 'ScrobbleLinks',
    handler: async (ctx, deps) => {
      const { token } = callbackQuery.parse(ctx.query);
      const userId = requireCaller(ctx).user.id;
      const lastfm = lastfmOf(deps);
      const session = await ask('lastfm', () => lastfm.session(token));
      saveLink(deps.db, userId, {
        service: 'lastfm',
        token: session.key,
        account: session.name,
      });
      ctx.body = linksView(deps, userId);
    },
  }),
  route({
    method: 'PUT',
    path: '/api/me/scrobbling/listenbrainz',
    access: 'user',
    summary: 'Links ListenBrainz with the user token from the ListenBrainz profile page.',
    input: { body: listenbrainzBody },
    response: 'ScrobbleLinks',
    handler: async (ctx, deps) => {
      const { token } = await readJson(ctx, listenbrainzBody);
      const userId = requireCaller(ctx).user.id;
      const client = new ListenBrainz(deps.db, deps.settings.listenbrainzBaseUrl);
      const account = await ask('listenbrainz', () => client.validate(token));
      if (account === null)
        throw new InvalidInputError('ListenBrainz says the token is not valid', {
          token: 'not valid',
        });
      saveLink(deps.db, userId, { service: 'listenbrainz', token, account });
      ctx.body = linksView(deps, userId);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/me/scrobbling/:service',
    access: 'user',
    summary: 'Unlinks a service and drops the plays still waiting for it.',
    input: { params: serviceParams },
    response: 'ScrobbleLinks',
    handler: (ctx, deps) => {
      const { service } = serviceParams.parse(ctx.params);
      const userId = requireCaller(ctx).user.id;
      if (!removeLink(deps.db, userId, service)) throw new NotFoundError('link');
      ctx.body = linksView(deps, userId);
    },
  }),
];
