// Phase 2, group: decides which album and which artists a track belongs to.
// An album is its album artist(s) plus its name, so CD1/ and CD2/ of one
// album meet again, the same title by two album artists stays apart, and a
// compilation (flag, or a "Various Artists" album artist) is one album no
// matter how many track artists it has.
import path from 'node:path';
import { cleanName, ids, isVariousArtists, normalizeName } from '../ids.js';
import { variousArtists } from '../tags.js';
import type { FolderInfo, WalkedFile } from './walk.js';
import type { ParsedFile } from './types.js';

/** A file read in phase 1, with what the database knew about its path. */
export interface ReadItem {
  file: WalkedFile;
  folder: FolderInfo;
  existing: { id: string; albumId: string } | null;
  parsed: ParsedFile;
}

export interface ArtistRef {
  id: string;
  name: string;
  sortName: string;
  mbid: string | null;
}

export interface AlbumRef {
  id: string;
  name: string;
  sortName: string;
  /** Display name of the album artist(s). */
  artistName: string;
  artists: ArtistRef[];
  compilation: boolean;
  year: number | null;
  mbid: string | null;
}

export interface GroupedTrack {
  item: ReadItem;
  title: string;
  sortTitle: string;
  /** Display credit: the artist values joined with " / ". */
  artistName: string;
  artists: ArtistRef[];
  credits: Array<{ role: string; artist: ArtistRef }>;
  album: AlbumRef;
  genres: Array<{ id: string; name: string }>;
}

export const unknownArtist = '[Unknown Artist]';
export const unknownAlbum = '[Unknown Album]';

/** Sort form of a name: the tag's sort value, else the name without "The ". */
export function sortName(name: string, tagged?: string | null): string {
  if (tagged) return cleanName(tagged);
  return name.replace(/^the\s+/i, '');
}

function artistRefs(
  names: string[],
  sort: string | null,
  mbid: string | null,
): ArtistRef[] {
  const single = names.length === 1;
  return names.map((name) => ({
    id: ids.artist(name),
    name,
    sortName: sortName(name, single ? sort : null),
    mbid: single ? mbid : null,
  }));
}

/** Distinct cleaned names, keeping the first spelling of each. */
function distinct(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of names) {
    const name = cleanName(raw);
    if (name && !seen.has(normalizeName(name))) seen.set(normalizeName(name), name);
  }
  return [...seen.values()];
}

/** Groups one read file: its album, artists with roles, and genres. */
export function groupTrack(item: ReadItem): GroupedTrack {
  const tags = item.parsed.tags;

  // Track artists; an untagged artist falls back to the album artist.
  const taggedAlbumArtists = distinct(tags.albumArtists);
  let artistNames = distinct(tags.artists);
  if (artistNames.length === 0) artistNames = taggedAlbumArtists;
  if (artistNames.length === 0) artistNames = [unknownArtist];

  // Album artist: as tagged; a compilation without one is "Various Artists".
  const various =
    taggedAlbumArtists.length === 1 && isVariousArtists(taggedAlbumArtists[0]!);
  const compilation = tags.compilation || various;
  let albumArtistNames = taggedAlbumArtists;
  if (albumArtistNames.length === 0) {
    albumArtistNames = compilation ? [variousArtists] : artistNames;
  }

  // Album: keyed by album artist(s) and name; untitled albums stay per folder.
  const albumName = tags.album ? cleanName(tags.album) : unknownAlbum;
  const scope = tags.album ? '' : item.folder.path;
  const albumArtists = artistRefs(
    albumArtistNames,
    tags.sortAlbumArtist,
    tags.mbAlbumArtistId,
  );
  const album: AlbumRef = {
    id: ids.album(albumArtistNames, albumName, scope),
    name: albumName,
    sortName: sortName(albumName, tags.sortAlbum),
    artistName: albumArtistNames.join(' / '),
    artists: albumArtists,
    compilation,
    year: tags.year,
    mbid: tags.mbAlbumId,
  };

  return {
    item,
    title: tags.title ? cleanName(tags.title) : fileTitle(item.file.path),
    sortTitle: sortName(tags.title ?? fileTitle(item.file.path), tags.sortTitle),
    artistName: artistNames.join(' / '),
    artists: artistRefs(artistNames, tags.sortArtist, tags.mbArtistId),
    credits: Object.entries(tags.roles).flatMap(([role, names]) =>
      artistRefs(distinct(names), null, null).map((artist) => ({ role, artist })),
    ),
    album,
    genres: distinct(tags.genres).map((name) => ({ id: ids.genre(name), name })),
  };
}

/** A title for an untagged file: its name without the extension. */
function fileTitle(file: string): string {
  const base = path.basename(file);
  const ext = path.extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}
