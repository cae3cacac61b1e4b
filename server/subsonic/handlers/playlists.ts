// Playlists: the caller's own and everyone's public ones. Only the owner may
// change or delete a playlist; tracks are the library's ids, in order.
import type { Db } from '../../db/index.js';
import {
  canEditPlaylist,
  canSeePlaylist,
  createPlaylist as create,
  deletePlaylist as remove,
  getPlaylist as find,
  listPlaylists,
  playlistTrackIds,
  updatePlaylist as update,
  type Playlist,
} from '../../userdata/playlists.js';
import { findUser } from '../../auth/users.js';
import type { Scope } from '../catalog/scope.js';
import { tracksByIds } from '../catalog/tracks.js';
import {
  invalidParameter,
  missingParameter,
  notAuthorized,
  notFound,
} from '../errors.js';
import * as map from '../mapper.js';
import type { Call } from '../method.js';
import type { Params } from '../params.js';
import type { Payload } from '../render.js';

/** A playlist entry as the caller sees it (tracks they may see, in order). */
function entry(db: Db, scope: Scope, playlist: Playlist, withTracks: boolean) {
  const tracks = tracksByIds(db, scope, playlistTrackIds(db, playlist.id));
  const readonly = !canEditPlaylist(playlist, scope.userId);
  return map.playlistEntry(playlist, tracks, { withTracks, readonly });
}

/** The playlist an id parameter names, if the caller may see it. */
function visible(call: Call, name: string): Playlist {
  const raw = call.params.required(name);
  const id = Number(raw);
  const playlist = Number.isInteger(id) ? find(call.deps.db, id) : null;
  if (!playlist || !canSeePlaylist(playlist, call.user.id)) throw notFound('Playlist');
  return playlist;
}

/** Like visible(), and the caller must own it. */
function owned(call: Call, name: string): Playlist {
  const playlist = visible(call, name);
  if (!canEditPlaylist(playlist, call.user.id)) {
    throw notAuthorized('Only the owner may change a playlist.');
  }
  return playlist;
}

/** Track ids from a parameter, each one a track the caller sees. */
function trackIds(call: Call, name: string): string[] {
  const ids = call.params.all(name);
  const found = new Set(tracksByIds(call.deps.db, call.scope, ids).map((t) => t.id));
  const unknown = ids.find((id) => !found.has(id));
  if (unknown) throw notFound(`Song ${unknown}`);
  return ids;
}

/** Lists the caller's and public playlists; admins may ask for another user's. */
export function getPlaylists(call: Call): Payload {
  const { deps, params, user, scope } = call;
  const username = params.get('username');
  let ownerId: number | undefined;
  if (username && username.toLowerCase() !== user.username.toLowerCase()) {
    if (user.role !== 'admin') throw notAuthorized('Only admins may list for others.');
    ownerId = findUser(deps.db, username)?.id ?? -1;
  }
  const playlists = listPlaylists(deps.db, user.id, ownerId);
  return map.playlistsPayload(playlists.map((p) => entry(deps.db, scope, p, false)));
}

export function getPlaylist(call: Call): Payload {
  const playlist = visible(call, 'id');
  return map.playlistPayload(entry(call.deps.db, call.scope, playlist, true));
}

/** Creates a playlist, or with playlistId replaces an owned playlist's tracks. */
export function createPlaylist(call: Call): Payload {
  const { deps, params, user } = call;
  const tracks = trackIds(call, 'songId');
  let id: number;
  if (params.get('playlistId')) {
    id = owned(call, 'playlistId').id;
    update(deps.db, id, { trackIds: tracks, name: params.get('name') });
  } else {
    const name = params.get('name');
    if (!name) throw missingParameter('name or playlistId');
    id = create(deps.db, { ownerId: user.id, name, trackIds: tracks });
  }
  return map.playlistPayload(entry(deps.db, call.scope, find(deps.db, id)!, true));
}

/** Positions to remove, as 0-based integers. */
function positions(params: Params): number[] {
  return params.all('songIndexToRemove').map((raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw invalidParameter('songIndexToRemove', raw);
    return n;
  });
}

export function updatePlaylist(call: Call): Payload {
  const { deps, params } = call;
  const playlist = owned(call, 'playlistId');
  update(deps.db, playlist.id, {
    name: params.get('name'),
    comment: params.get('comment'),
    public: params.get('public') === undefined ? undefined : params.bool('public', false),
    removePositions: positions(params),
    append: trackIds(call, 'songIdToAdd'),
  });
  return {};
}

export function deletePlaylist(call: Call): Payload {
  remove(call.deps.db, owned(call, 'id').id);
  return {};
}
