// The built pages (dist/renderer) served at `/` and `/setup` (the player,
// which shows first-run setup while no user exists) and `/settings` (the
// settings window's page, for an admin in a plain browser), and the JSON
// 404 for anything under /api that no route answered. Both run after the
// router.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';
import send from 'send';
import { respondWithSend } from '../stream/raw.js';
import { HearthError, NotFoundError } from './errors.js';

/**
 * Where the built pages live: dist/renderer, found from this module whether
 * it runs compiled (dist/server/http) or from source (server/http).
 */
export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const top = path.resolve(here, '..', '..');
  return path.basename(top) === 'dist'
    ? path.join(top, 'renderer')
    : path.join(top, 'dist', 'renderer');
}

/** True for /api and everything below it. */
function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** True when no route has answered the request. */
function unanswered(ctx: Context): boolean {
  return ctx.status === 404 && ctx.body == null;
}

/** Unanswered /api requests get a JSON error instead of Koa's plain text. */
export async function apiFallback(ctx: Context, next: Next): Promise<void> {
  await next();
  if (!isApiPath(ctx.path)) return;
  if (unanswered(ctx)) throw new NotFoundError('route');
  if (ctx.status === 405 && ctx.body == null) {
    throw new HearthError(405, 'method_not_allowed', 'method not allowed', {
      Allow: String(ctx.response.get('Allow')),
    });
  }
}

/** Page paths without a file of that name: /settings is settings.html, and
 * /setup (the address the first-run log gives) is the player. */
const pageAliases: Record<string, string> = {
  '/setup': '/index.html',
  '/setup/': '/index.html',
  '/settings': '/settings.html',
  '/settings/': '/settings.html',
};

/**
 * Serves the page files for GET and HEAD requests no route answered. Hashed
 * assets are cached for a year; index.html is revalidated every time.
 */
export function servePages(dir: string) {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    if (!unanswered(ctx) || isApiPath(ctx.path)) return;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    const hashed = ctx.path.startsWith('/assets/');
    const file = pageAliases[ctx.path] ?? ctx.path;
    const stream = send(ctx.req, file, {
      root: dir,
      index: ['index.html'],
      maxAge: hashed ? 365 * 24 * 3600 * 1000 : 0,
      immutable: hashed,
    });
    // A folder without its trailing slash is not a page: no redirect.
    stream.on('directory', () => stream.error(404));
    await respondWithSend(ctx, stream);
  };
}
