// Builds the Koa application that every HTTP worker runs: request ids and
// access logs, security headers, the JSON error middleware, the route table
// with each route behind its access guard, and the player's static files. It
// knows nothing about processes; the caller listens.
import { randomUUID } from 'node:crypto';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import Router from '@koa/router';
import { guard } from '../auth/guard.js';
import { knownMethodsOnly, securityHeaders } from '../auth/headers.js';
import { itemVisibility } from '../auth/visibility.js';
import { logger, type Logger } from '../log.js';
import type { AppDeps } from './deps.js';
import { jsonErrors } from './errors.js';
import type { RouteSpec } from './routes.js';
import { apiRoutes } from './routes/index.js';
import { testRoutes } from './routes/test-routes.js';
import type { Settings } from '../settings/schema.js';
import { apiFallback, defaultRendererDir, servePages } from './static.js';
import { subsonicApi } from '../subsonic/transport.js';
import { endPlayOnReuse } from '../stream/active.js';

declare module 'koa' {
  interface DefaultContext {
    log: Logger;
    requestId: string;
  }
}

const httpLog = logger('http');

/** Gives each request an id and a child logger; logs one line when it ends. */
async function requestLog(ctx: Context, next: Next): Promise<void> {
  const started = process.hrtime.bigint();
  // Read now: a request whose socket is gone by the end has no address.
  const ip = ctx.ip;
  ctx.requestId = randomUUID();
  ctx.log = httpLog.child({ requestId: ctx.requestId });
  ctx.set('X-Request-Id', ctx.requestId);
  try {
    await next();
  } finally {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const fields = {
      method: ctx.method,
      path: ctx.path,
      status: ctx.status,
      ms: Math.round(ms * 10) / 10,
      ip,
    };
    // Access-log level follows the status class.
    if (ctx.status >= 500) ctx.log.error(fields, 'request');
    else if (ctx.status >= 400) ctx.log.warn(fields, 'request');
    else ctx.log.debug(fields, 'request');
  }
}

/**
 * Mounts a route table on a router: each handler, bound to the deps, behind
 * the guard that enforces the route's access decision and, for routes that
 * name one library item, the check that the caller may see its folder.
 */
export function mountRoutes(router: Router, routes: RouteSpec[], deps: AppDeps): void {
  for (const spec of routes) {
    const method = spec.method.toLowerCase() as
      'get' | 'post' | 'put' | 'patch' | 'delete';
    const checks = [guard(spec, deps), itemVisibility(spec, deps)].filter(
      (check): check is Middleware => check !== null,
    );
    router[method](spec.path, ...checks, (ctx) => spec.handler(ctx, deps));
  }
}

/**
 * Every route the app serves, in mount order. The misbehaving test routes
 * join only when settings.testRoutes is on (the supervisor's tests).
 */
export function routeTable(settings?: Pick<Settings, 'testRoutes'>): RouteSpec[] {
  return settings?.testRoutes ? [...apiRoutes, ...testRoutes] : [...apiRoutes];
}

export interface CreateAppOptions {
  /** Trust X-Forwarded-For / PROXY data from the dispatcher in front. */
  proxy?: boolean;
  /** The built player pages; default dist/renderer. */
  pagesDir?: string;
}

/** Creates the Koa app for one process. */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): Koa {
  const app = new Koa({ proxy: options.proxy ?? false });
  const router = new Router();
  mountRoutes(router, routeTable(deps.settings), deps);

  app.use(requestLog);
  app.use(endPlayOnReuse);
  app.use(securityHeaders);
  // /rest answers every outcome, errors included, in the Subsonic format.
  app.use(subsonicApi(deps));
  app.use(jsonErrors);
  app.use(knownMethodsOnly);
  app.use(apiFallback);
  app.use(servePages(options.pagesDir ?? defaultRendererDir()));
  app.use(router.routes());
  app.use(router.allowedMethods());
  // Koa's default error printer would use console; errors are logged above.
  app.silent = true;
  return app;
}
