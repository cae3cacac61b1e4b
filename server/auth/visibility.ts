// Music-folder visibility for the routes that name one library item by id
// (/api/tracks/:id..., /api/albums/:id..., /api/artists/:id, /api/folders/:id).
// A user whom an admin limited to some music folders gets the same 404 for
// an item outside them as for an item that does not exist, so no detail,
// stream or cover leaks from a folder they may not see. Users who see every
// folder (all admins by default) skip the check. The kind of item comes from
// the route's path, so a new route of that shape is covered without a list.
import type { Context, Middleware, Next } from 'koa';
import type { AppDeps } from '../http/deps.js';
import { NotFoundError } from '../http/errors.js';
import type { RouteSpec } from '../http/routes.js';
import { id as idSchema } from '../http/routes/input.js';
import type { User } from './users.js';

type Kind = 'track' | 'album' | 'artist' | 'folder';

const itemRoute = /^\/api\/(track|album|artist|folder)s\/:id(\/|$)/;

/** The folder `f` lies in a library the user @user sees. */
const inUserLibraries =
  'f.library_id IN (SELECT library_id FROM user_library WHERE user_id = @user)';

const trackInLibraries = `SELECT 1 FROM track t JOIN folder f ON f.id = t.folder_id
  WHERE ${inUserLibraries}`;

/** Per kind: SQL that finds a row when the item @id lies in a visible folder. */
const visibleSql: Record<Kind, string> = {
  track: `${trackInLibraries} AND t.id = @id`,
  album: `${trackInLibraries} AND t.album_id = @id`,
  artist: `${trackInLibraries} AND (
    EXISTS (SELECT 1 FROM track_artist ta WHERE ta.track_id = t.id AND ta.artist_id = @id)
    OR EXISTS (SELECT 1 FROM album_artist aa
               WHERE aa.album_id = t.album_id AND aa.artist_id = @id))`,
  folder: `SELECT 1 FROM folder f WHERE ${inUserLibraries} AND f.id = @id`,
};

/** True when `user` may see the item. */
export function canSeeItem(deps: AppDeps, user: User, kind: Kind, id: string): boolean {
  if (user.allLibraries) return true;
  const row = deps.db
    .prepare(`SELECT EXISTS (${visibleSql[kind]}) AS seen`)
    .get({ user: user.id, id }) as { seen: number };
  return row.seen === 1;
}

/**
 * The visibility check for a route that names one library item by id, or
 * null for other routes. Ids that are not well-formed pass through, so the
 * handler still answers them with its 400.
 */
export function itemVisibility(spec: RouteSpec, deps: AppDeps): Middleware | null {
  const kind = itemRoute.exec(spec.path)?.[1] as Kind | undefined;
  if (!kind) return null;
  return async (ctx: Context, next: Next) => {
    const user = ctx.caller?.user;
    const id = (ctx.params as Record<string, string> | undefined)?.id ?? '';
    const wellFormed = idSchema.safeParse(id).success;
    if (user && wellFormed && !canSeeItem(deps, user, kind, id)) {
      throw new NotFoundError(kind);
    }
    await next();
  };
}
