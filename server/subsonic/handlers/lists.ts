// Lists: album lists of every type, random tracks, tracks by genre, what is
// playing now, the caller's stars, and search.
import { starredIds } from '../../userdata/annotations.js';
import { listNowPlaying } from '../../userdata/now-playing.js';
import { albumList, albumsByIds, type AlbumOrder } from '../catalog/albums.js';
import { artistsByIds } from '../catalog/artists.js';
import { search } from '../catalog/search.js';
import { albumOrder, listTracks, tracksByIds } from '../catalog/tracks.js';
import { invalidParameter } from '../errors.js';
import * as map from '../mapper.js';
import type { Call } from '../method.js';
import type { Params } from '../params.js';
import type { Payload } from '../render.js';
import { windowOf } from './common.js';

/** The list type parameter as an album order. */
function orderOf(params: Params): AlbumOrder {
  const type = params.required('type');
  switch (type) {
    case 'random':
    case 'newest':
    case 'highest':
    case 'frequent':
    case 'recent':
    case 'starred':
      return { kind: type };
    case 'alphabeticalByName':
      return { kind: 'name' };
    case 'alphabeticalByArtist':
      return { kind: 'artist' };
    case 'byYear':
      return {
        kind: 'year',
        from: params.requiredInt('fromYear'),
        to: params.requiredInt('toYear'),
      };
    case 'byGenre':
      return { kind: 'genre', genre: params.required('genre') };
    default:
      throw invalidParameter('type', `unknown list type ${type}`);
  }
}

function albums(call: Call, id3: boolean): Payload {
  const order = orderOf(call.params);
  const page = windowOf(call.params, { count: 'size', offset: 'offset' }, 10);
  return map.albumList(albumList(call.deps.db, call.scope, order, page), id3);
}

export const getAlbumList = (call: Call) => albums(call, false);
export const getAlbumList2 = (call: Call) => albums(call, true);

/** Random tracks, optionally of a genre and within years. */
export function getRandomSongs({ deps, scope, params }: Call): Payload {
  const size = params.int('size', 10, { min: 0, max: 500 });
  const conditions = ['1 = 1'];
  const values: unknown[] = [];
  const genre = params.get('genre');
  if (genre) {
    conditions.push(`EXISTS (SELECT 1 FROM track_genre rtg JOIN genre rg ON rg.id = rtg.genre_id
      WHERE rtg.track_id = t.id AND rg.name = ? COLLATE NOCASE)`);
    values.push(genre);
  }
  const from = params.optionalInt('fromYear');
  const to = params.optionalInt('toYear');
  for (const [bound, op] of [
    [from, '>='],
    [to, '<='],
  ] as const) {
    if (bound === undefined) continue;
    conditions.push(`t.year ${op} ?`);
    values.push(bound);
  }
  const clauses = `${conditions.join(' AND ')} ORDER BY random() LIMIT ?`;
  return map.trackList(
    'randomSongs',
    listTracks(deps.db, scope, clauses, [...values, size]),
  );
}

export function getSongsByGenre({ deps, scope, params }: Call): Payload {
  const genre = params.required('genre');
  const page = windowOf(params, { count: 'count', offset: 'offset' }, 10);
  const tracks = listTracks(
    deps.db,
    scope,
    `EXISTS (SELECT 1 FROM track_genre gtg JOIN genre g ON g.id = gtg.genre_id
       WHERE gtg.track_id = t.id AND g.name = ? COLLATE NOCASE)
     ORDER BY al.sort_name COLLATE NOCASE, ${albumOrder}
     LIMIT ? OFFSET ?`,
    [genre, page.limit, page.offset],
  );
  return map.trackList('songsByGenre', tracks);
}

/** Every user's current plays that the caller is allowed to see. */
export function getNowPlaying({ deps, scope }: Call): Payload {
  const now = Date.now();
  const reports = listNowPlaying(deps.db, now);
  const tracks = tracksByIds(
    deps.db,
    scope,
    reports.map((r) => r.trackId),
  );
  const byId = new Map(tracks.map((t) => [t.id, t]));
  const entries = reports.flatMap((report, index) => {
    const track = byId.get(report.trackId);
    return track ? [{ report, track, playerId: index + 1 }] : [];
  });
  return map.nowPlaying(entries, now);
}

function starred(call: Call, key: 'starred' | 'starred2'): Payload {
  const { db } = call.deps;
  const user = call.scope.userId;
  return map.found(key, {
    artists: artistsByIds(db, call.scope, starredIds(db, user, 'artist')),
    albums: albumsByIds(db, call.scope, starredIds(db, user, 'album')),
    tracks: tracksByIds(db, call.scope, starredIds(db, user, 'track')),
  });
}

export const getStarred = (call: Call) => starred(call, 'starred');
export const getStarred2 = (call: Call) => starred(call, 'starred2');

function searchWith(call: Call, key: 'searchResult2' | 'searchResult3'): Payload {
  const { params } = call;
  const result = search(call.deps.db, call.scope, params.get('query') ?? '', {
    artists: windowOf(params, { count: 'artistCount', offset: 'artistOffset' }, 20),
    albums: windowOf(params, { count: 'albumCount', offset: 'albumOffset' }, 20),
    tracks: windowOf(params, { count: 'songCount', offset: 'songOffset' }, 20),
  });
  return map.found(key, result);
}

export const search2 = (call: Call) => searchWith(call, 'searchResult2');
export const search3 = (call: Call) => searchWith(call, 'searchResult3');
