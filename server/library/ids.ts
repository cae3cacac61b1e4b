// Stable ids. A track or folder id is a hash of its path; an artist, album or
// genre id is a hash of its normalized name(s). The same library therefore
// gets the same ids after a rescan, a crash, or a rebuilt database. (A moved
// track keeps the id it had at its old path: see scanner/README.md.)
import { createHash } from 'node:crypto';
import { variousArtists, variousArtistsNames } from './tags.js';

/** A short, URL-safe hash: 16 characters, 96 bits. */
export function hashId(kind: string, key: string): string {
  return createHash('sha1')
    .update(kind)
    .update('\0')
    .update(key)
    .digest('base64url')
    .slice(0, 16);
}

/** Case-, width- and spacing-insensitive form of a name, for keys. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Display form of a name: trimmed, inner runs of spaces kept as written. */
export function cleanName(name: string): string {
  return name.normalize('NFC').trim();
}

/** Whether an album artist name means "various artists". */
export function isVariousArtists(name: string): boolean {
  return variousArtistsNames.includes(normalizeName(name));
}

/** Album artist key: all names, "Various"-like names folded together. */
function albumArtistKey(names: string[]): string {
  if (names.length === 1 && isVariousArtists(names[0] as string)) {
    return normalizeName(variousArtists);
  }
  return names.map(normalizeName).join('\0');
}

export const ids = {
  track: (path: string) => hashId('track', path),
  folder: (path: string) => hashId('folder', path),
  artist: (name: string) => hashId('artist', normalizeName(name)),
  genre: (name: string) => hashId('genre', normalizeName(name)),
  /** An album is its album artist(s) plus its name; `scope` separates untitled ones. */
  album: (albumArtists: string[], name: string, scope = '') =>
    hashId(
      'album',
      `${albumArtistKey(albumArtists)}\u0001${normalizeName(name)}\u0001${scope}`,
    ),
};
