// Tracks as the Subsonic layer reads them: every tag the protocol can show,
// the links to artists (with roles) and genres, the caller's annotation, and
// the path relative to its library (never the local path).
import type { Db } from '../../db/index.js';
import type { Annotation } from '../../userdata/annotations.js';
import {
  annotationColumns,
  annotationJoin,
  bind,
  groupBy,
  inLibraries,
  inOrder,
  stmt,
  toAnnotation,
  type AnnotationColumns,
  type Scope,
} from './scope.js';

export interface ArtistRef {
  id: string;
  name: string;
}

export interface Track {
  id: string;
  title: string;
  sortTitle: string;
  /** The artist line as tagged ("A feat. B"). */
  artistName: string;
  albumId: string;
  albumName: string;
  albumArtistName: string;
  albumArtistId: string;
  folderId: string;
  libraryId: number;
  /** Path below its library folder, with forward slashes. */
  relativePath: string;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  duration: number;
  bitrate: number | null;
  sampleRate: number | null;
  channels: number | null;
  bitsPerSample: number | null;
  suffix: string;
  size: number;
  lossless: boolean;
  /** Id of the item whose picture shows this track (itself or its album). */
  coverId: string | null;
  comment: string | null;
  mbTrackId: string | null;
  replayGain: {
    trackGain: number | null;
    trackPeak: number | null;
    albumGain: number | null;
    albumPeak: number | null;
  };
  createdAt: number;
  genres: string[];
  artists: ArtistRef[];
  albumArtists: ArtistRef[];
  /** Every other role: composer, lyricist, conductor... */
  contributors: { role: string; artist: ArtistRef }[];
  annotation: Annotation;
}

interface TrackRow extends AnnotationColumns {
  id: string;
  title: string;
  sort_title: string;
  artist_name: string;
  album_id: string;
  album_name: string;
  album_artist_name: string;
  album_artist_id: string;
  folder_id: string;
  library_id: number;
  relative_path: string;
  track_no: number | null;
  disc_no: number | null;
  year: number | null;
  duration: number;
  bitrate: number | null;
  sample_rate: number | null;
  channels: number | null;
  bits_per_sample: number | null;
  suffix: string;
  size: number;
  lossless: number;
  has_cover: number;
  album_cover: number;
  comment: string | null;
  mb_track_id: string | null;
  rg_track_gain: number | null;
  rg_track_peak: number | null;
  rg_album_gain: number | null;
  rg_album_peak: number | null;
  created_at: number;
}

/** The SELECT every track query starts from; callers add WHERE/ORDER/LIMIT. */
export const trackFrom = `
  FROM track t
  JOIN album al ON al.id = t.album_id
  JOIN folder f ON f.id = t.folder_id
  JOIN library lib ON lib.id = f.library_id
  ${annotationJoin('an', 'track', 't.id')}`;

const trackSelect = `
  SELECT t.id, t.title, t.sort_title, t.artist_name, t.album_id,
    al.name AS album_name, al.artist_name AS album_artist_name,
    al.artist_id AS album_artist_id, t.folder_id, f.library_id,
    substr(t.path, length(lib.path) + 2) AS relative_path,
    t.track_no, t.disc_no, t.year, t.duration, t.bitrate, t.sample_rate, t.channels,
    t.bits_per_sample, t.suffix, t.size, t.lossless, t.has_cover,
    (al.cover_path IS NOT NULL OR al.cover_track_id IS NOT NULL) AS album_cover,
    t.comment, t.mb_track_id, t.rg_track_gain, t.rg_track_peak, t.rg_album_gain,
    t.rg_album_peak, t.created_at, ${annotationColumns('an')}
  ${trackFrom}`;

/** SQL condition: the track's library is visible. */
export const trackVisible = inLibraries('f.library_id');

/** Order of tracks on an album: disc, then track number, then file. */
export const albumOrder = `coalesce(t.disc_no, 1), t.track_no IS NULL, t.track_no, t.path`;

function toTrack(
  row: TrackRow,
): Omit<Track, 'genres' | 'artists' | 'albumArtists' | 'contributors'> {
  return {
    id: row.id,
    title: row.title,
    sortTitle: row.sort_title,
    artistName: row.artist_name,
    albumId: row.album_id,
    albumName: row.album_name,
    albumArtistName: row.album_artist_name,
    albumArtistId: row.album_artist_id,
    folderId: row.folder_id,
    libraryId: row.library_id,
    relativePath: row.relative_path.replaceAll('\\', '/'),
    trackNo: row.track_no,
    discNo: row.disc_no,
    year: row.year,
    duration: row.duration,
    bitrate: row.bitrate,
    sampleRate: row.sample_rate,
    channels: row.channels,
    bitsPerSample: row.bits_per_sample,
    suffix: row.suffix,
    size: row.size,
    lossless: row.lossless === 1,
    coverId: row.has_cover ? row.id : row.album_cover ? row.album_id : null,
    comment: row.comment,
    mbTrackId: row.mb_track_id,
    replayGain: {
      trackGain: row.rg_track_gain,
      trackPeak: row.rg_track_peak,
      albumGain: row.rg_album_gain,
      albumPeak: row.rg_album_peak,
    },
    createdAt: row.created_at,
    annotation: toAnnotation(row),
  };
}

interface LinkRow {
  owner: string;
  id: string;
  name: string;
  role: string;
}

/** Artist links (every role) and genres of some tracks, in tag order. */
function links(db: Db, ids: string[]) {
  const json = JSON.stringify(ids);
  const artists = stmt(
    db,
    `SELECT ta.track_id AS owner, ar.id, ar.name, ta.role FROM track_artist ta
     JOIN artist ar ON ar.id = ta.artist_id
     WHERE ta.track_id IN (SELECT value FROM json_each(?))
     ORDER BY ta.track_id, ta.role, ta.position`,
  ).all(json) as LinkRow[];
  const albumArtists = stmt(
    db,
    `SELECT t.id AS owner, ar.id, ar.name, aa.role FROM track t
     JOIN album_artist aa ON aa.album_id = t.album_id AND aa.role = 'albumartist'
     JOIN artist ar ON ar.id = aa.artist_id
     WHERE t.id IN (SELECT value FROM json_each(?)) ORDER BY t.id, aa.position`,
  ).all(json) as LinkRow[];
  const genres = stmt(
    db,
    `SELECT tg.track_id AS owner, g.name FROM track_genre tg
     JOIN genre g ON g.id = tg.genre_id
     WHERE tg.track_id IN (SELECT value FROM json_each(?))
     ORDER BY tg.track_id, tg.position`,
  ).all(json) as { owner: string; name: string }[];
  const ref = (r: LinkRow) => ({ id: r.id, name: r.name });
  return {
    byRole: groupBy(
      artists,
      (r) => r.owner,
      (r) => ({ role: r.role, artist: ref(r) }),
    ),
    albumArtists: groupBy(albumArtists, (r) => r.owner, ref),
    genres: groupBy(
      genres,
      (r) => r.owner,
      (r) => r.name,
    ),
  };
}

/** Runs a track query (the select + `clauses`) within the caller's scope. */
export function listTracks(
  db: Db,
  scope: Scope,
  clauses: string,
  params: unknown[] = [],
): Track[] {
  const sql = `${trackSelect} WHERE ${trackVisible} AND ${clauses}`;
  const rows = stmt(db, sql).all(bind(scope), ...params) as TrackRow[];
  const linked = links(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    const roles = linked.byRole.get(row.id) ?? [];
    return {
      ...toTrack(row),
      genres: linked.genres.get(row.id) ?? [],
      artists: roles.filter((r) => r.role === 'artist').map((r) => r.artist),
      albumArtists: linked.albumArtists.get(row.id) ?? [],
      contributors: roles.filter((r) => r.role !== 'artist'),
    };
  });
}

/** Tracks by id in the order given (repeats kept); unknown or hidden ids skipped. */
export function tracksByIds(db: Db, scope: Scope, ids: readonly string[]): Track[] {
  const found = listTracks(db, scope, 't.id IN (SELECT value FROM json_each(?))', [
    JSON.stringify([...new Set(ids)]),
  ]);
  return inOrder(ids, found);
}

/** One track the caller may see, or undefined. */
export function trackById(db: Db, scope: Scope, id: string): Track | undefined {
  return listTracks(db, scope, 't.id = ?', [id])[0];
}
