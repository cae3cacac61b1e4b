// The external-info methods, answered from the Last.fm cache that the
// "external-info" job fills (never a call out during a request): biography,
// images and similar artists (those in the library) for getArtistInfo2,
// notes for getAlbumInfo2, Last.fm's top tracks matched to the library for
// getTopSongs (then the household's most played), and tracks of similar
// artists for getSimilarSongs2. With nothing cached, the library's own data.
import { cachedAlbumInfo, cachedArtistInfo } from '../../external/info.js';
import type { LastfmImage } from '../../external/lastfm.js';
import { albumById } from '../catalog/albums.js';
import { artistById, listArtists } from '../catalog/artists.js';
import type { Scope } from '../catalog/scope.js';
import { listTracks } from '../catalog/tracks.js';
import { notFound } from '../errors.js';
import * as map from '../mapper.js';
import type { Call } from '../method.js';
import type { Payload } from '../render.js';
import type { Db } from '../../db/index.js';

/** Last.fm's image list as Subsonic's three sizes. */
function imageUrls(images: LastfmImage[] | undefined) {
  const of = (size: string) =>
    images?.find((i) => i.size === size)?.['#text'] || undefined;
  return {
    smallImageUrl: of('small'),
    mediumImageUrl: of('medium'),
    largeImageUrl: of('extralarge') ?? of('large'),
  };
}

/** Library artists with these names, in the order given. */
function artistsNamed(db: Db, scope: Scope, names: string[]) {
  const found = listArtists(
    db,
    scope,
    'lower(ar.name) IN (SELECT lower(value) FROM json_each(?))',
    [JSON.stringify(names)],
  );
  const rank = new Map(names.map((name, i) => [name.toLowerCase(), i]));
  return found.sort(
    (a, b) =>
      (rank.get(a.name.toLowerCase()) ?? 0) - (rank.get(b.name.toLowerCase()) ?? 0),
  );
}

export function getArtistInfo2({ deps, scope, params }: Call): Payload {
  const artist = artistById(deps.db, scope, params.required('id'));
  if (!artist) throw notFound('Artist');
  const count = params.int('count', 20, { min: 0, max: 100 });
  const info = cachedArtistInfo(deps.db, artist.name);
  const similar = artistsNamed(
    deps.db,
    scope,
    info.similar.map((s) => s.name),
  ).slice(0, count);
  return {
    artistInfo2: {
      biography: info.artist?.bio?.summary || undefined,
      musicBrainzId: artist.mbid ?? info.artist?.mbid ?? undefined,
      lastFmUrl: info.artist?.url,
      ...imageUrls(info.artist?.image),
      similarArtist: similar.map((a) => map.artistEntry(a)),
    },
  };
}

export function getAlbumInfo2({ deps, scope, params }: Call): Payload {
  const album = albumById(deps.db, scope, params.required('id'));
  if (!album) throw notFound('Album');
  const info = cachedAlbumInfo(deps.db, album.artistName, album.name);
  return {
    albumInfo: {
      notes: info?.wiki?.summary || undefined,
      musicBrainzId: album.mbid ?? info?.mbid ?? undefined,
      lastFmUrl: info?.url,
      ...imageUrls(info?.image),
    },
  };
}

/**
 * An artist's top tracks: Last.fm's chart order where the library has the
 * title, then the household's most played, then by title.
 */
export function getTopSongs({ deps, scope, params }: Call): Payload {
  const name = params.required('artist');
  const count = params.int('count', 50, { min: 0, max: 500 });
  const chart = cachedArtistInfo(deps.db, name).top.map((t) => t.name.toLowerCase());
  const tracks = listTracks(
    deps.db,
    scope,
    `t.id IN (SELECT ta.track_id FROM track_artist ta JOIN artist ar ON ar.id = ta.artist_id
       WHERE ta.role = 'artist' AND ar.name = ? COLLATE NOCASE)
     ORDER BY coalesce((SELECT key FROM json_each(?) WHERE value = lower(t.title)), 1e9),
       (SELECT coalesce(sum(play_count), 0) FROM annotation
         WHERE kind = 'track' AND item_id = t.id) DESC, t.sort_title COLLATE NOCASE
     LIMIT ?`,
    [name, JSON.stringify(chart), count],
  );
  return map.trackList('topSongs', tracks);
}

/** Tracks by the artists Last.fm calls similar (those in the library), shuffled. */
export function getSimilarSongs2({ deps, scope, params }: Call): Payload {
  const artist = artistById(deps.db, scope, params.required('id'));
  if (!artist) throw notFound('Artist');
  const count = params.int('count', 50, { min: 0, max: 500 });
  const names = cachedArtistInfo(deps.db, artist.name).similar.map((s) => s.name);
  const ids = artistsNamed(deps.db, scope, names).map((a) => a.id);
  const tracks = listTracks(
    deps.db,
    scope,
    `t.id IN (SELECT track_id FROM track_artist WHERE role = 'artist'
       AND artist_id IN (SELECT value FROM json_each(?)))
     ORDER BY random() LIMIT ?`,
    [JSON.stringify(ids), count],
  );
  return map.trackList('similarSongs2', tracks);
}
