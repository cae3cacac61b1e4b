// Signing in for tests: accounts made straight in the database (hashed as
// usual), real sign-in over HTTP for the session cookie, a fetch that sends
// it (with the same-origin Origin header state changes need), and raw
// requests from another loopback address (127.0.0.2...), which Linux routes
// to lo, so the app sees a different client IP without any proxy switch.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  createUser,
  type LibraryChoice,
  type Role,
  type User,
} from '../../server/auth/users.js';
import type { Db } from '../../server/db/index.js';

export interface Account {
  user: User;
  username: string;
  password: string;
}

export interface SignedIn extends Account {
  /** The Cookie header value: `hearth_session=...`. */
  cookie: string;
  /** fetch relative to the app's URL, as this user. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

interface AppLike {
  url: string;
  db: Db;
}

let counter = 0;

/** Creates an account in the database; the password is random unless given. */
export async function createAccount(
  app: { db: Db },
  role: Role,
  options: { username?: string; password?: string; libraries?: LibraryChoice } = {},
): Promise<Account> {
  counter += 1;
  const username =
    options.username ?? `${role}${counter}-${randomBytes(3).toString('hex')}`;
  const password = options.password ?? `pw-${randomBytes(9).toString('base64url')}`;
  const user = await createUser(app.db, {
    username,
    password,
    role,
    libraries: options.libraries,
  });
  return { user, username, password };
}

/** The session cookie from a response, as a Cookie header value. */
export function sessionCookieOf(res: Response): string | null {
  for (const line of res.headers.getSetCookie()) {
    const match = /^(hearth_session=[^;]+)/.exec(line);
    if (match?.[1] && !line.startsWith('hearth_session=;')) return match[1];
  }
  return null;
}

/** A fetch bound to the app's URL that sends a cookie and a same-origin Origin. */
export function clientFetch(appUrl: string, cookie?: string) {
  return (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookie && !headers.has('Cookie')) headers.set('Cookie', cookie);
    if (!headers.has('Origin')) headers.set('Origin', appUrl);
    if (typeof init.body === 'string' && !headers.has('Content-Type')) {
      headers.set('Content-Type', 'application/json');
    }
    return fetch(appUrl + path, { ...init, headers, redirect: 'manual' });
  };
}

/** Signs in over HTTP as an existing account, or as a new one with `role`. */
export async function signIn(app: AppLike, who: Role | Account): Promise<SignedIn> {
  const account = typeof who === 'string' ? await createAccount(app, who) : who;
  const res = await clientFetch(app.url)('/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  const cookie = sessionCookieOf(res);
  if (res.status !== 200 || !cookie) {
    throw new Error(`sign-in failed for ${account.username}: ${res.status}`);
  }
  return { ...account, cookie, fetch: clientFetch(app.url, cookie) };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The client's source address, e.g. 127.0.0.2. */
  localAddress?: string;
}

/** One HTTP request with full control of the client address and headers. */
export function rawRequest(url: string, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POSTs JSON from a chosen client address, as a browser on Hearth's page would. */
export function postJsonFrom(
  appUrl: string,
  path: string,
  body: unknown,
  options: { localAddress?: string; cookie?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Origin: appUrl,
  };
  if (options.cookie) headers.Cookie = options.cookie;
  return rawRequest(appUrl + path, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    localAddress: options.localAddress,
  });
}
