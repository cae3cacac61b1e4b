// Security headers on every response. The player pages get a CSP that allows
// only Hearth's own scripts, styles, images and media. API responses (JSON,
// audio, covers: anything from /api or /rest) get a CSP that allows nothing
// and sandboxes the document, so a hostile file in a library can never run
// as a page of Hearth's origin. No response may be framed by another site.
import type { Context, Next } from 'koa';
import { HearthError } from '../http/errors.js';

const pageCsp = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline style attributes are set by the UI framework; no inline scripts.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const apiCsp = "default-src 'none'; frame-ancestors 'none'; sandbox";

function isApi(path: string): boolean {
  return /^\/(api|rest)(\/|$)/.test(path);
}

/** Sets the security headers before the response is produced. */
export async function securityHeaders(ctx: Context, next: Next): Promise<void> {
  ctx.set({
    'Content-Security-Policy': isApi(ctx.path) ? apiCsp : pageCsp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  await next();
}

const knownMethods = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/**
 * Refuses methods Hearth never serves (TRACE, CONNECT, made-up ones) with a
 * 405 before routing, instead of the router's 501.
 */
export async function knownMethodsOnly(ctx: Context, next: Next): Promise<void> {
  if (!knownMethods.has(ctx.method)) {
    throw new HearthError(405, 'method_not_allowed', 'method not allowed', {
      Allow: [...knownMethods].join(', '),
    });
  }
  await next();
}
