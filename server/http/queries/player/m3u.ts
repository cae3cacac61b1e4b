// M3U playlists out and back in. Export writes extended M3U: an #EXTINF line
// (seconds, "Artist - Title") and the file's path relative to its music
// folder, which other players on a machine with the same library can open.
// Import resolves each entry to a library track by, in order: a Hearth
// stream URL, the longest matching tail of its path, then artist and title.
import type { Db } from '../../../db/index.js';
import { stmt } from '../sql.js';

export interface M3uTrack {
  title: string;
  artist: string;
  duration: number;
  /** Path inside its music folder, with forward slashes. */
  location: string;
}

/** The export text of a playlist. */
export function formatM3u(name: string, tracks: M3uTrack[]): string {
  const lines = ['#EXTM3U', `#PLAYLIST:${oneLine(name)}`];
  for (const track of tracks) {
    const label = oneLine(`${track.artist} - ${track.title}`);
    lines.push(`#EXTINF:${Math.round(track.duration)},${label}`, track.location);
  }
  return lines.join('\n') + '\n';
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

/** The M3U facts of tracks by id, in order; tracks no longer known are skipped. */
export function m3uTracks(db: Db, ids: readonly string[]): M3uTrack[] {
  const rows = stmt(
    db,
    `SELECT t.id, t.title, t.artist_name AS artist, t.duration, t.path, l.path AS root
     FROM track t JOIN folder f ON f.id = t.folder_id JOIN library l ON l.id = f.library_id
     WHERE t.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify([...new Set(ids)])) as (Omit<M3uTrack, 'location'> & {
    id: string;
    path: string;
    root: string;
  })[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const location = relativeTo(row.root, row.path);
    return [{ title: row.title, artist: row.artist, duration: row.duration, location }];
  });
}

function relativeTo(root: string, file: string): string {
  const inside = file.startsWith(root) ? file.slice(root.length) : file;
  return inside.replace(/\\/g, '/').replace(/^\/+/, '');
}

export interface M3uEntry {
  location: string;
  /** From #EXTINF, when present. */
  artist: string | null;
  title: string | null;
  duration: number | null;
}

/** Entries of an M3U/M3U8 text: each location with the #EXTINF before it. */
export function parseM3u(text: string): M3uEntry[] {
  const entries: M3uEntry[] = [];
  let info: Omit<M3uEntry, 'location'> | null = null;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) info = parseExtinf(line.slice(8));
    if (line === '' || line.startsWith('#')) continue;
    entries.push({ location: line, ...(info ?? noInfo) });
    info = null;
  }
  return entries;
}

const noInfo = { artist: null, title: null, duration: null };

/**
 * Whether a text reads as an M3U playlist by its form alone: the #EXTM3U
 * header, or a location that looks like a path, a URL or a file name.
 * JSON or prose sent by mistake has neither.
 */
export function looksLikeM3u(text: string, entries: readonly M3uEntry[]): boolean {
  if (/^\uFEFF?\s*#EXTM3U/.test(text)) return true;
  return entries.some(({ location }) => /[\\/]|\.[a-z0-9]{2,5}$/i.test(location));
}

/** "215,Artist - Title" (attributes before the comma are ignored). */
function parseExtinf(value: string): Omit<M3uEntry, 'location'> {
  const comma = value.indexOf(',');
  const seconds = Number.parseFloat(value);
  const label = comma >= 0 ? value.slice(comma + 1).trim() : '';
  const dash = label.indexOf(' - ');
  return {
    duration: Number.isFinite(seconds) && seconds > 0 ? seconds : null,
    artist: dash > 0 ? label.slice(0, dash).trim() : null,
    title: dash > 0 ? label.slice(dash + 3).trim() : label || null,
  };
}

/** The library track an entry names, or null. */
export function resolveEntry(db: Db, entry: M3uEntry): string | null {
  return (
    byStreamUrl(db, entry.location) ?? byPath(db, entry.location) ?? byTags(db, entry)
  );
}

function byStreamUrl(db: Db, location: string): string | null {
  const id = /\/api\/tracks\/([A-Za-z0-9_-]{1,128})\/stream/.exec(location)?.[1];
  if (!id) return null;
  return (
    (stmt(db, 'SELECT id FROM track WHERE id = ?').pluck().get(id) as string) ?? null
  );
}

/** Path segments of a location: file URLs decoded, either slash, no dots. */
function segments(location: string): string[] {
  let text = location;
  if (/^file:/i.test(text)) {
    try {
      text = decodeURIComponent(new URL(text).pathname);
    } catch {
      return [];
    }
  }
  return text.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
}

/** The track whose path shares the longest tail with the location. */
function byPath(db: Db, location: string): string | null {
  const parts = segments(location);
  const file = parts.at(-1);
  if (!file) return null;
  const candidates = stmt(
    db,
    `SELECT id, path FROM track WHERE path = ? OR path LIKE ? ESCAPE '\\'`,
  ).all(file, `%${file.replace(/[\\%_]/g, '\\$&')}`) as { id: string; path: string }[];
  let best: { id: string; score: number } | null = null;
  for (const candidate of candidates) {
    const score = sharedTail(segments(candidate.path), parts);
    if (score > 0 && (!best || score > best.score)) best = { id: candidate.id, score };
  }
  return best?.id ?? null;
}

function sharedTail(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) {
    n += 1;
  }
  return n;
}

/** The track with the #EXTINF artist and title, the closest duration first. */
function byTags(db: Db, entry: M3uEntry): string | null {
  if (!entry.title) return null;
  const row = stmt(
    db,
    `SELECT id FROM track
     WHERE title = ? COLLATE NOCASE AND (? IS NULL OR artist_name = ? COLLATE NOCASE)
     ORDER BY abs(duration - coalesce(?, duration)), id LIMIT 1`,
  ).get(entry.title, entry.artist, entry.artist, entry.duration) as
    { id: string } | undefined;
  return row?.id ?? null;
}
