// The session cookie: HttpOnly, SameSite=Lax, Secure when the request came
// over TLS, scoped to the whole site, living as long as a session can.
import type { Context } from 'koa';
import { sessionMaxMs } from './sessions.js';

export const sessionCookie = 'hearth_session';

/** The session token the client sent, if any. */
export function sessionToken(ctx: Context): string | undefined {
  const value = ctx.cookies.get(sessionCookie);
  return value && /^[\w-]{20,100}$/.test(value) ? value : undefined;
}

/** Gives the client a session cookie. */
export function setSessionCookie(ctx: Context, token: string): void {
  ctx.cookies.set(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    path: '/',
    maxAge: sessionMaxMs,
    overwrite: true,
  });
}

/** Tells the client to forget its session cookie. */
export function clearSessionCookie(ctx: Context): void {
  ctx.cookies.set(sessionCookie, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    path: '/',
    maxAge: 0,
    overwrite: true,
  });
}
