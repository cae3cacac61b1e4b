// Annotation: stars, ratings and scrobbles. A scrobble with submission=true
// counts a play (track, album and performing artists); with false it tells
// everyone what the player is playing now.
import { scrobblePlay } from '../../external/scrobbles.js';
import {
  recordPlay,
  setRating as rate,
  setStarred,
  type ItemRef,
} from '../../userdata/annotations.js';
import { setNowPlaying } from '../../userdata/now-playing.js';
import { albumById } from '../catalog/albums.js';
import { artistById } from '../catalog/artists.js';
import { trackById } from '../catalog/tracks.js';
import { invalidParameter, missingParameter, notFound } from '../errors.js';
import type { Call } from '../method.js';
import type { Payload } from '../render.js';
import { requireKind } from './common.js';

/** The items named by id (any kind), albumId and artistId. */
function itemsOf({ deps, scope, params }: Call): ItemRef[] {
  const { db } = deps;
  const items: ItemRef[] = params
    .all('id')
    .map((id) => ({ kind: requireKind(db, scope, id), id }));
  for (const id of params.all('albumId')) {
    if (!albumById(db, scope, id)) throw notFound(`Album ${id}`);
    items.push({ kind: 'album', id });
  }
  for (const id of params.all('artistId')) {
    if (!artistById(db, scope, id)) throw notFound(`Artist ${id}`);
    items.push({ kind: 'artist', id });
  }
  if (items.length === 0) throw missingParameter('id, albumId or artistId');
  return items;
}

export function star(call: Call): Payload {
  setStarred(call.deps.db, call.user.id, itemsOf(call), true);
  return {};
}

export function unstar(call: Call): Payload {
  setStarred(call.deps.db, call.user.id, itemsOf(call), false);
  return {};
}

export function setRating({ deps, scope, params, user }: Call): Payload {
  const id = params.required('id');
  const rating = params.requiredInt('rating');
  if (rating < 0 || rating > 5) throw invalidParameter('rating', 'must be 0 to 5');
  rate(deps.db, user.id, { kind: requireKind(deps.db, scope, id), id }, rating);
  return {};
}

/** Plays (submission, the default) or now-playing reports, one per id. */
export function scrobble({ deps, scope, params, user, client }: Call): Payload {
  const ids = params.all('id');
  if (ids.length === 0) throw missingParameter('id');
  const times = params.all('time').map(Number);
  const submission = params.bool('submission', true);
  ids.forEach((id, index) => {
    const track = trackById(deps.db, scope, id);
    if (!track) throw notFound(`Song ${id}`);
    const at =
      Number.isFinite(times[index]) && times[index]! > 0 ? times[index]! : Date.now();
    if (!submission) {
      setNowPlaying(deps.db, { userId: user.id, player: client, trackId: id, at });
      return;
    }
    const artists = track.artists.map((a): ItemRef => ({ kind: 'artist', id: a.id }));
    const items: ItemRef[] = [
      { kind: 'track', id },
      { kind: 'album', id: track.albumId },
    ];
    recordPlay(deps.db, user.id, [...items, ...artists], at);
    scrobblePlay(deps, { userId: user.id, trackId: id, at });
  });
  return {};
}
