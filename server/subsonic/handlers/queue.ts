// The play queue a client saves to resume on another device.
import {
  getPlayQueue as load,
  savePlayQueue as save,
} from '../../userdata/play-queue.js';
import { tracksByIds } from '../catalog/tracks.js';
import { notFound } from '../errors.js';
import * as map from '../mapper.js';
import type { Call } from '../method.js';
import type { Payload } from '../render.js';

export function getPlayQueue({ deps, scope, user }: Call): Payload {
  const queue = load(deps.db, user.id);
  const tracks = queue ? tracksByIds(deps.db, scope, queue.trackIds) : [];
  return map.playQueue(user.username, queue, tracks);
}

/** Saves the queue; with no id the saved queue is cleared. */
export function savePlayQueue({ deps, scope, params, user, client }: Call): Payload {
  const ids = params.all('id');
  const known = new Set(tracksByIds(deps.db, scope, ids).map((t) => t.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown) throw notFound(`Song ${unknown}`);
  const current = params.get('current');
  if (current && !ids.includes(current)) throw notFound(`Song ${current} in the queue`);
  save(deps.db, user.id, {
    trackIds: ids,
    currentTrackId: current ?? null,
    positionMs: params.int('position', 0, { min: 0 }),
    changedBy: client,
  });
  return {};
}
