// Tracks as the API shows them: a summary for lists (album pages, folders,
// search) and a detail with every tag the scanner keeps. Local paths never
// leave this module; a track is named by its id.
import type { Db } from '../../db/index.js';
import { contentTypeFor } from '../../stream/raw.js';
import { groupBy, idList, stmt } from './sql.js';

/** An artist named on a track or album, with the link's role implied by the field. */
export interface ArtistRef {
  id: string;
  name: string;
}

export interface TrackSummary {
  id: string;
  title: string;
  /** The artist line as tagged ("A feat. B"). */
  artist: string;
  artists: ArtistRef[];
  albumId: string | null;
  album: string | null;
  albumArtist: string | null;
  trackNo: number | null;
  discNo: number | null;
  discSubtitle: string | null;
  year: number | null;
  /** Seconds, from the file headers. */
  duration: number;
  /** kbit/s. */
  bitrate: number | null;
  suffix: string;
  contentType: string;
  size: number;
  folderId: string;
  hasCover: boolean;
}

export interface TrackDetail extends TrackSummary {
  trackTotal: number | null;
  discTotal: number | null;
  sampleRate: number | null;
  channels: number | null;
  bitsPerSample: number | null;
  codec: string | null;
  container: string | null;
  lossless: boolean;
  genres: { id: string; name: string }[];
  /** Every artist link by role: composer, lyricist, conductor, remixer... */
  contributors: (ArtistRef & { role: string })[];
  replayGain: {
    trackGain: number | null;
    trackPeak: number | null;
    albumGain: number | null;
    albumPeak: number | null;
  };
  musicBrainz: {
    /** The recording id (MusicBrainz "Track Id" tag). */
    trackId: string | null;
    releaseTrackId: string | null;
    albumId: string | null;
    artistId: string | null;
    albumArtistId: string | null;
    releaseGroupId: string | null;
  };
  lyrics: string | null;
  lyricsSynced: boolean;
  comment: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The columns the raw streamer and transcoder need: never sent to clients. */
export interface TrackFile {
  id: string;
  path: string;
  suffix: string;
  size: number;
  duration: number;
  bitrate: number | null;
  codec: string | null;
  lossless: boolean;
}

interface TrackRow {
  id: string;
  title: string;
  artist_name: string;
  album_id: string | null;
  album_name: string | null;
  album_artist: string | null;
  track_no: number | null;
  disc_no: number | null;
  disc_subtitle: string | null;
  year: number | null;
  duration: number;
  bitrate: number | null;
  suffix: string;
  size: number;
  folder_id: string;
  has_cover: number;
}

/** The SELECT every track list starts from; callers add WHERE and ORDER BY. */
export const trackSelect = `
  SELECT t.id, t.title, t.artist_name, t.album_id, a.name AS album_name,
    a.artist_name AS album_artist, t.track_no, t.disc_no, t.disc_subtitle, t.year,
    t.duration, t.bitrate, t.suffix, t.size, t.folder_id,
    (t.has_cover = 1 OR f.image_path IS NOT NULL OR a.cover_path IS NOT NULL)
      AS has_cover
  FROM track t LEFT JOIN album a ON a.id = t.album_id
  LEFT JOIN folder f ON f.id = t.folder_id`;

/** Order of tracks on an album: disc, then track number, then file. */
export const albumOrder = `ORDER BY coalesce(t.disc_no, 1), t.track_no IS NULL,
  t.track_no, t.path`;

/** Performing artists of each track, in tag order. */
function trackArtists(db: Db, ids: string[]): Map<string, ArtistRef[]> {
  const rows = stmt(
    db,
    `SELECT ta.track_id, ar.id, ar.name FROM track_artist ta
     JOIN artist ar ON ar.id = ta.artist_id
     WHERE ta.role = 'artist' AND ta.track_id IN (SELECT value FROM json_each(?))
     ORDER BY ta.track_id, ta.position`,
  ).all(idList(ids)) as { track_id: string; id: string; name: string }[];
  return groupBy(
    rows,
    (row) => row.track_id,
    (row) => ({ id: row.id, name: row.name }),
  );
}

/** Turns track rows (from trackSelect) into summaries, with their artists. */
export function toTrackSummaries(db: Db, rows: TrackRow[]): TrackSummary[] {
  const artists = trackArtists(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    artist: row.artist_name,
    artists: artists.get(row.id) ?? [],
    albumId: row.album_id,
    album: row.album_name,
    albumArtist: row.album_artist,
    trackNo: row.track_no,
    discNo: row.disc_no,
    discSubtitle: row.disc_subtitle,
    year: row.year,
    duration: row.duration,
    bitrate: row.bitrate,
    suffix: row.suffix,
    contentType: contentTypeFor(row.suffix),
    size: row.size,
    folderId: row.folder_id,
    hasCover: row.has_cover === 1,
  }));
}

/** Runs a track query (trackSelect + clauses) and maps the rows. */
export function listTracks(db: Db, clauses: string, params: unknown[]): TrackSummary[] {
  const rows = stmt(db, `${trackSelect} ${clauses}`).all(...params) as TrackRow[];
  return toTrackSummaries(db, rows);
}

/** Tracks by id, in the order of the ids given; unknown ids are skipped. */
export function tracksByIds(db: Db, ids: string[]): TrackSummary[] {
  const found = listTracks(db, 'WHERE t.id IN (SELECT value FROM json_each(?))', [
    idList(ids),
  ]);
  const byId = new Map(found.map((track) => [track.id, track]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A track's file facts for streaming, or undefined. */
export function trackFile(db: Db, id: string): TrackFile | undefined {
  const row = stmt(
    db,
    `SELECT id, path, suffix, size, duration, bitrate, codec, lossless
     FROM track WHERE id = ?`,
  ).get(id) as (Omit<TrackFile, 'lossless'> & { lossless: number }) | undefined;
  return row && { ...row, lossless: row.lossless === 1 };
}

interface TrackDetailRow {
  track_total: number | null;
  disc_total: number | null;
  sample_rate: number | null;
  channels: number | null;
  bits_per_sample: number | null;
  codec: string | null;
  container: string | null;
  lossless: number;
  rg_track_gain: number | null;
  rg_track_peak: number | null;
  rg_album_gain: number | null;
  rg_album_peak: number | null;
  mb_track_id: string | null;
  mb_release_track_id: string | null;
  mb_album_id: string | null;
  mb_artist_id: string | null;
  mb_album_artist_id: string | null;
  mb_release_group_id: string | null;
  lyrics: string | null;
  lyrics_synced: number;
  comment: string | null;
  created_at: number;
  updated_at: number;
}

/** Genres and every artist role of one track. */
function trackLinks(db: Db, id: string): Pick<TrackDetail, 'genres' | 'contributors'> {
  const genres = stmt(
    db,
    `SELECT g.id, g.name FROM track_genre tg JOIN genre g ON g.id = tg.genre_id
     WHERE tg.track_id = ? ORDER BY tg.position`,
  ).all(id) as { id: string; name: string }[];
  const contributors = stmt(
    db,
    `SELECT ar.id, ar.name, ta.role FROM track_artist ta
     JOIN artist ar ON ar.id = ta.artist_id
     WHERE ta.track_id = ? ORDER BY ta.role, ta.position`,
  ).all(id) as (ArtistRef & { role: string })[];
  return { genres, contributors };
}

/** One track with everything Hearth knows about it, or undefined. */
export function trackDetail(db: Db, id: string): TrackDetail | undefined {
  const [summary] = listTracks(db, 'WHERE t.id = ?', [id]);
  if (!summary) return undefined;
  const row = stmt(db, 'SELECT * FROM track WHERE id = ?').get(id) as TrackDetailRow;
  return {
    ...summary,
    trackTotal: row.track_total,
    discTotal: row.disc_total,
    sampleRate: row.sample_rate,
    channels: row.channels,
    bitsPerSample: row.bits_per_sample,
    codec: row.codec,
    container: row.container,
    lossless: row.lossless === 1,
    ...trackLinks(db, id),
    replayGain: {
      trackGain: row.rg_track_gain,
      trackPeak: row.rg_track_peak,
      albumGain: row.rg_album_gain,
      albumPeak: row.rg_album_peak,
    },
    musicBrainz: {
      trackId: row.mb_track_id,
      releaseTrackId: row.mb_release_track_id,
      albumId: row.mb_album_id,
      artistId: row.mb_artist_id,
      albumArtistId: row.mb_album_artist_id,
      releaseGroupId: row.mb_release_group_id,
    },
    lyrics: row.lyrics,
    lyricsSynced: row.lyrics_synced === 1,
    comment: row.comment,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
