// Small pieces the handlers share: paging parameters and id resolution.
import type { Db } from '../../db/index.js';
import type { ItemKind } from '../../userdata/annotations.js';
import { albumById } from '../catalog/albums.js';
import { artistById } from '../catalog/artists.js';
import type { Scope, Window } from '../catalog/scope.js';
import { trackById } from '../catalog/tracks.js';
import { notFound } from '../errors.js';
import type { Params } from '../params.js';

/** A count/offset pair of parameters, bounded. */
export function windowOf(
  params: Params,
  names: { count: string; offset: string },
  fallback: number,
  max = 500,
): Window {
  return {
    limit: params.int(names.count, fallback, { min: 0, max }),
    offset: params.int(names.offset, 0, { min: 0 }),
  };
}

/** What kind of library item an id names, among those the caller sees. */
export function kindOf(db: Db, scope: Scope, id: string): ItemKind | null {
  if (trackById(db, scope, id)) return 'track';
  if (albumById(db, scope, id)) return 'album';
  if (artistById(db, scope, id)) return 'artist';
  return null;
}

/** Like kindOf, but an unknown id is the spec's "not found". */
export function requireKind(db: Db, scope: Scope, id: string): ItemKind {
  const kind = kindOf(db, scope, id);
  if (!kind) throw notFound(`Item ${id}`);
  return kind;
}
