// Music-folder visibility for the routes that name one library item by id
// (/api/tracks/:id..., /api/albums/:id..., /api/artists/:id, /api/folders/:id).
// A user whom an admin limited to some music folders gets the same 404 for
// an item outside them as for an item that does not exist, so no detail,
// stream or cover leaks from a folder they may not see. Users who see every
// folder (all admins by default) skip the check. The kind of item comes from
// the route's path, so a new route of that shape is covered without a list.
// seenBy(ctx) tells the list queries whose folders limit them.
import type { Context, Middleware, Next } from 'koa';
import type { AppDeps } from '../http/deps.js';
import { NotFoundError } from '../http/errors.js';
import type { RouteSpec } from '../http/routes.js';
import { id as idSchema } from '../http/routes/input.js';
import { visibleWhere, type ItemKind } from '../http/queries/visible.js';
import type { User } from './users.js';
import { stmt } from '../db/statements.js';

const itemRoute = /^\/api\/(track|album|artist|folder)s\/:id(\/|$)/;

/** True when `user` may see the item. */
export function canSeeItem(
  deps: AppDeps,
  user: User,
  kind: ItemKind,
  id: string,
): boolean {
  if (user.allLibraries) return true;
  const row = stmt(deps.db, `SELECT ${visibleWhere(kind, '@id', '@user')} AS seen`).get({
    user: user.id,
    id,
  }) as { seen: number };
  return row.seen === 1;
}

/** The caller's id when their lists must be limited to their folders, else undefined. */
export function seenBy(ctx: Context): number | undefined {
  const user = ctx.caller?.user;
  return user && !user.allLibraries ? user.id : undefined;
}

/**
 * The visibility check for a route that names one library item by id, or
 * null for other routes. Ids that are not well-formed pass through, so the
 * handler still answers them with its 400.
 */
export function itemVisibility(spec: RouteSpec, deps: AppDeps): Middleware | null {
  const kind = itemRoute.exec(spec.path)?.[1] as ItemKind | undefined;
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
