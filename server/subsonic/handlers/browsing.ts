// Browsing by folder (getIndexes, getMusicDirectory: the real folder tree)
// and by tags (getArtists, getArtist, getAlbum, getSong, getGenres), plus the
// external-info endpoints, which answer from the library alone until the
// Jobs issue brings outside data.
import { albumById, albumsOfArtist } from '../catalog/albums.js';
import { albumArtists, artistById } from '../catalog/artists.js';
import { folderById, lastChange, rootFolders, subfolders } from '../catalog/folders.js';
import { listGenres } from '../catalog/genres.js';
import { albumOrder, listTracks, trackById } from '../catalog/tracks.js';
import { notFound } from '../errors.js';
import * as map from '../mapper.js';
import type { Call } from '../method.js';
import type { Payload } from '../render.js';

/**
 * The folders directly inside the music folders, by letter, and the tracks
 * lying in the music folders themselves. With ifModifiedSince (ms) and no
 * change since, the index is empty, as the protocol allows.
 */
export function getIndexes({ deps, scope, params }: Call): Payload {
  const { db } = deps;
  const roots = rootFolders(db, scope);
  const lastModified = lastChange(db, scope);
  const since = params.int('ifModifiedSince', 0);
  if (since > 0 && lastModified <= since) {
    return map.folderIndexes({ folders: [], tracks: [], lastModified });
  }
  const ids = JSON.stringify(roots.map((f) => f.id));
  const tracks = listTracks(
    db,
    scope,
    't.folder_id IN (SELECT value FROM json_each(?)) ORDER BY t.path',
    [ids],
  );
  return map.folderIndexes({
    folders: subfolders(
      db,
      scope,
      roots.map((f) => f.id),
    ),
    tracks,
    lastModified,
  });
}

/**
 * One directory: a real folder (subfolders, then tracks by file name), or,
 * for clients that browse albums as directories, an album or an artist id.
 */
export function getMusicDirectory({ deps, scope, params }: Call): Payload {
  const { db } = deps;
  const id = params.required('id');
  const folder = folderById(db, scope, id);
  if (folder) {
    const tracks = listTracks(db, scope, 't.folder_id = ? ORDER BY t.path', [id]);
    return map.folderDirectory(folder, subfolders(db, scope, [id]), tracks);
  }
  const album = albumById(db, scope, id);
  if (album) {
    const tracks = listTracks(db, scope, `t.album_id = ? ORDER BY ${albumOrder}`, [id]);
    return map.albumDirectory(album, tracks);
  }
  const artist = artistById(db, scope, id);
  if (artist) return map.artistDirectory(artist, albumsOfArtist(db, scope, id));
  throw notFound('Directory');
}

export function getArtists({ deps, scope }: Call): Payload {
  return map.artistIndexes(albumArtists(deps.db, scope));
}

export function getArtist({ deps, scope, params }: Call): Payload {
  const id = params.required('id');
  const artist = artistById(deps.db, scope, id);
  if (!artist) throw notFound('Artist');
  return map.artistPayload(artist, albumsOfArtist(deps.db, scope, id));
}

export function getAlbum({ deps, scope, params }: Call): Payload {
  const id = params.required('id');
  const album = albumById(deps.db, scope, id);
  if (!album) throw notFound('Album');
  const tracks = listTracks(deps.db, scope, `t.album_id = ? ORDER BY ${albumOrder}`, [
    id,
  ]);
  return map.albumPayload(album, tracks);
}

export function getSong({ deps, scope, params }: Call): Payload {
  const track = trackById(deps.db, scope, params.required('id'));
  if (!track) throw notFound('Song');
  return map.trackPayload(track);
}

export function getGenres({ deps, scope }: Call): Payload {
  return map.genres(listGenres(deps.db, scope));
}
