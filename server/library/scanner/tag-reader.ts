// Turns music-metadata's result for one file into Hearth's fields, following
// the alias table in ../tags.ts. Runs inside a parse thread. Each field is
// read from the highest-priority tag family that has it; music-metadata's
// own `common` mapping fills what the table does not find.
import type { IAudioMetadata, ILyricsTag } from 'music-metadata';
import {
  creditRoles,
  familyPriority,
  tagFields,
  tagTypeFamily,
  unsplittableNames,
  compilationReleaseTypes,
  type FieldName,
  type TagFamily,
  type TagField,
} from '../tags.js';
import { isSyncedLyrics, lrcTime, type Lyrics } from '../lyrics.js';
import type { ParsedAudio, ParsedTags } from './types.js';

type NativeIndex = Map<TagFamily, Map<string, string[]>>;

interface Found {
  family: TagFamily;
  values: string[];
}

/** Native tags grouped by family, keyed by lower-cased id without NULs. */
function indexNative(metadata: IAudioMetadata): NativeIndex {
  const index: NativeIndex = new Map();
  for (const [type, tags] of Object.entries(metadata.native)) {
    const family = tagTypeFamily[type];
    if (!family) continue;
    const keys = index.get(family) ?? new Map<string, string[]>();
    index.set(family, keys);
    for (const tag of tags) {
      const key = tag.id.replaceAll('\0', '').trim().toLowerCase();
      const values = keys.get(key) ?? [];
      values.push(...valueTexts(tag.value));
      keys.set(key, values);
    }
  }
  return index;
}

/** The text(s) of one native value; comments with a descriptor are skipped. */
function valueTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return Number.isFinite(value) ? [String(value)] : [];
  if (typeof value === 'boolean') return [value ? '1' : '0'];
  if (Array.isArray(value)) return value.flatMap(valueTexts);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.text === 'string' && !v.descriptor) return [v.text];
    if (v.identifier instanceof Uint8Array) {
      return [Buffer.from(v.identifier).toString('latin1')];
    }
  }
  return [];
}

/** Aliases of a field for one family ('id3v2' covers 2.2, 2.3 and 2.4). */
function aliasesFor(field: TagField, family: TagFamily): string[] {
  const own = field.aliases[family] ?? [];
  const shared = family.startsWith('id3v2') ? (field.aliases.id3v2 ?? []) : [];
  return [...own, ...shared];
}

/** The first family, by priority, that has a non-empty value for the field. */
function find(index: NativeIndex, field: TagField): Found | null {
  for (const family of familyPriority) {
    const keys = index.get(family);
    if (!keys) continue;
    for (const alias of aliasesFor(field, family)) {
      const values = (keys.get(alias.toLowerCase()) ?? [])
        .map((v) => v.replaceAll('\0', ' ').trim())
        .filter((v) => v.length > 0 && v !== 'undefined');
      if (values.length > 0) return { family, values };
    }
  }
  return null;
}

/** Splits multi-valued text by the field's separators, keeping known names whole. */
function splitValues(field: TagField, found: Found): string[] {
  const legacyId3 = found.family === 'id3v23' || found.family === 'id3v22';
  const out: string[] = [];
  for (const value of found.values) {
    if (unsplittableNames.some((n) => n.toLowerCase() === value.toLowerCase())) {
      out.push(value);
      continue;
    }
    let parts = field.split ? value.split(field.split) : [value];
    if (legacyId3 && field.splitId3v23) {
      parts = parts.flatMap((part) => part.split(field.splitId3v23 as RegExp));
    }
    out.push(...parts.map((p) => p.trim()).filter((p) => p.length > 0));
  }
  return [...new Set(out)];
}

/** A reader of the table's fields over one file's native tags. */
function fieldReader(index: NativeIndex) {
  const text = (name: FieldName): string | null =>
    find(index, tagFields[name])?.values[0] ?? null;
  const list = (name: FieldName): string[] => {
    const field: TagField = tagFields[name];
    const found = find(index, field);
    return found ? splitValues(field, found) : [];
  };
  return { text, list };
}

/** "2/11" → {no: 2, of: 11}; "07" → {no: 7}; a zero total is unknown. */
export function parsePair(value: string | null): {
  no: number | null;
  of: number | null;
} {
  const match = value ? /^\s*(\d+)\s*(?:(?:\/|of)\s*(\d+))?/i.exec(value) : null;
  if (!match) return { no: null, of: null };
  const no = Number(match[1]);
  const of = match[2] ? Number(match[2]) : 0;
  return { no: no > 0 ? no : null, of: of > 0 ? of : null };
}

/** The year in a date-ish text ("2011-09-27", "2009.07.20", "1994"). */
export function parseYear(value: string | null): number | null {
  const match = value ? /\b(\d{4})\b/.exec(value) : null;
  const year = match ? Number(match[1]) : NaN;
  return year >= 1000 && year <= 2999 ? year : null;
}

/** A number from "-8.27 dB" or "0.966"; null when there is none. */
export function parseGain(value: string | null): number | null {
  const match = value ? /[-+]?\d+(?:[.,]\d+)?/.exec(value) : null;
  return match ? Number(match[0].replace(',', '.')) : null;
}

function parseFlag(value: string | null): boolean {
  return value !== null && ['1', 'true', 'yes'].includes(value.trim().toLowerCase());
}

/** Hearth's tag fields for one file. */
export function readTags(metadata: IAudioMetadata): ParsedTags {
  const { text, list } = fieldReader(indexNative(metadata));
  const common = metadata.common;

  // Names: the table first, then music-metadata's mapping for other formats.
  const artists = list('artist');
  const albumArtists = list('albumArtist');
  const track = parsePair(text('track'));
  const disc = parsePair(text('disc'));
  const releaseTypes = list('releaseType').map((t) => t.toLowerCase());
  const roles: Record<string, string[]> = {};
  for (const role of creditRoles) {
    const names = list(role);
    if (names.length > 0) roles[role] = names;
  }

  return {
    title: text('title') ?? common.title ?? null,
    artists:
      artists.length > 0
        ? artists
        : fallbackArtists(albumArtists, list('artists'), common),
    albumArtists:
      albumArtists.length > 0
        ? albumArtists
        : common.albumartist
          ? [common.albumartist]
          : [],
    album: text('album') ?? common.album ?? null,
    trackNo: track.no ?? common.track.no ?? null,
    trackTotal: track.of ?? parsePair(text('trackTotal')).no ?? common.track.of ?? null,
    discNo: disc.no ?? common.disk.no ?? null,
    discTotal: disc.of ?? parsePair(text('discTotal')).no ?? common.disk.of ?? null,
    discSubtitle: text('discSubtitle'),
    year: parseYear(text('date')) ?? common.year ?? null,
    genres: list('genre').length > 0 ? list('genre') : (common.genre ?? []),
    compilation:
      parseFlag(text('compilation')) ||
      common.compilation === true ||
      releaseTypes.some((t) => compilationReleaseTypes.includes(t)),
    roles,
    sortTitle: text('titleSort'),
    sortArtist: text('artistSort'),
    sortAlbum: text('albumSort'),
    sortAlbumArtist: text('albumArtistSort'),
    comment: text('comment'),
    rgTrackGain:
      parseGain(text('rgTrackGain')) ?? common.replaygain_track_gain?.dB ?? null,
    rgTrackPeak:
      parseGain(text('rgTrackPeak')) ?? common.replaygain_track_peak?.ratio ?? null,
    rgAlbumGain:
      parseGain(text('rgAlbumGain')) ?? common.replaygain_album_gain?.dB ?? null,
    rgAlbumPeak:
      parseGain(text('rgAlbumPeak')) ?? common.replaygain_album_peak?.ratio ?? null,
    mbTrackId: text('mbTrackId') ?? common.musicbrainz_recordingid ?? null,
    mbReleaseTrackId: text('mbReleaseTrackId') ?? common.musicbrainz_trackid ?? null,
    mbAlbumId: text('mbAlbumId') ?? common.musicbrainz_albumid ?? null,
    mbArtistId: text('mbArtistId') ?? common.musicbrainz_artistid?.[0] ?? null,
    mbAlbumArtistId:
      text('mbAlbumArtistId') ?? common.musicbrainz_albumartistid?.[0] ?? null,
    mbReleaseGroupId:
      text('mbReleaseGroupId') ?? common.musicbrainz_releasegroupid ?? null,
  };
}

/** No artist tag: the album artist, else Picard's ARTISTS, else music-metadata's. */
function fallbackArtists(
  albumArtists: string[],
  artists: string[],
  common: IAudioMetadata['common'],
): string[] {
  if (albumArtists.length > 0) return albumArtists;
  if (artists.length > 0) return artists;
  if (common.artist) return [common.artist];
  return common.artists ?? [];
}

/** Stream facts from the headers. */
export function readAudio(metadata: IAudioMetadata): ParsedAudio {
  const f = metadata.format;
  const finite = (n: number | undefined) =>
    n !== undefined && Number.isFinite(n) && n > 0 ? n : null;
  const bitrate = finite(f.bitrate);
  return {
    duration: finite(f.duration),
    bitrate: bitrate === null ? null : Math.round(bitrate / 1000),
    sampleRate: finite(f.sampleRate),
    channels: finite(f.numberOfChannels),
    bitsPerSample: finite(f.bitsPerSample),
    codec: f.codec ?? null,
    container: f.container ?? null,
    lossless: f.lossless === true,
  };
}

/** Whether the file carries a picture with actual bytes. */
export function hasPicture(metadata: IAudioMetadata): boolean {
  return (metadata.common.picture ?? []).some((p) => p.data.length > 0);
}

/** Embedded lyrics: timed lines become LRC text, else the plain text. */
export function readLyrics(metadata: IAudioMetadata): Lyrics | null {
  const tags: ILyricsTag[] = metadata.common.lyrics ?? [];
  const timed = tags.find((t) => (t.syncText?.length ?? 0) > 0);
  if (timed) {
    const text = timed.syncText
      .map((line) => `${lrcTime(line.timestamp ?? 0)}${line.text}`)
      .join('\n');
    return { text, synced: true };
  }
  const plain = tags.map((t) => t.text?.trim() ?? '').find((t) => t.length > 0);
  return plain ? { text: plain, synced: isSyncedLyrics(plain) } : null;
}
