// A fetch for the admin API as the settings page makes it: signed in over HTTP
// as a new admin account. Until the Accounts routes are mounted in the app
// (GET /api/auth/me answers 404), it is a plain fetch with no cookie.
import type { Db } from '../../server/db/index.js';
import { clientFetch, signIn } from '../helpers/auth.js';

export type AdminFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Signs in as a new admin where sign-in exists; returns the fetch and cookie. */
export async function adminClient(app: {
  url: string;
  db: Db;
}): Promise<{ fetch: AdminFetch; cookie: string | null }> {
  const probe = await clientFetch(app.url)('/api/auth/me');
  if (probe.status === 404) return { fetch: clientFetch(app.url), cookie: null };
  const admin = await signIn(app, 'admin');
  return { fetch: admin.fetch, cookie: admin.cookie };
}
