// The library store as the scanner sees it: the reads that decide what
// changed, one transaction per batch of writes, and the set-based clean-ups
// of the reconcile phase. Every write is conditional, so a batch that
// changes nothing leaves the database untouched.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/index.js';
import { hashId, ids } from '../ids.js';
import { searchableText } from '../search.js';
import type { ArtistRef, AlbumRef } from './phase-2-group.js';
import type { TrackRow } from './phase-3-extract.js';
import type { FolderInfo, WalkRoot } from './walk.js';

export interface KnownTrack {
  id: string;
  path: string;
  size: number;
  mtime: number;
  lrcMtime: number | null;
  albumId: string;
  /** When the file was last read (a resumed full scan skips what it read). */
  updatedAt: number;
}

export interface KnownFailure {
  path: string;
  size: number | null;
  mtime: number | null;
  reason: string;
  /** When the failure was recorded or last changed. */
  at?: number;
}

export interface FailureRow extends KnownFailure {
  dir: string;
}

/** One transaction's worth of changes, gathered by phase 1. */
export interface Batch {
  tracks: TrackRow[];
  failures: FailureRow[];
  /** Known folders whose cover image changed. */
  folders: FolderInfo[];
  /** Tracks whose files vanished from a walked folder (removed in phase 4). */
  gone: Array<{ id: string; path: string }>;
  /** Sub-folders that vanished from a walked folder. */
  goneFolders: string[];
  /** Failure records whose files vanished. */
  clearedFailures: string[];
}

export interface BatchCounts {
  added: number;
  updated: number;
  moved: number;
  failed: number;
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/** Rows deleted per transaction in phase 4, so readers never wait long. */
const chunk = 500;

/** The range of paths strictly inside a folder: [dir/, dir0). */
function insideRange(dir: string): [string, string] {
  const next = String.fromCharCode(path.sep.charCodeAt(0) + 1);
  return [dir + path.sep, dir + next];
}

function statements(db: Db) {
  const s = (sql: string) => db.prepare(sql);
  return {
    tracksInFolder: s(`SELECT id, path, size, mtime, lrc_mtime AS lrcMtime,
      album_id AS albumId, updated_at AS updatedAt FROM track WHERE folder_id = ?`),
    failuresInDir: s(
      'SELECT path, size, mtime, reason, at FROM scan_failure WHERE dir = ?',
    ),
    folderImage: s('SELECT image_path AS image FROM folder WHERE id = ?'),
    childFolders: s('SELECT name, path FROM folder WHERE parent_id = ?'),
    estimate: s(
      `SELECT (SELECT count(*) FROM track) + (SELECT count(*) FROM scan_failure)`,
    ),
    libraries: s('SELECT id, path FROM library'),
    addLibrary: s('INSERT INTO library (path) VALUES (?) ON CONFLICT(path) DO NOTHING'),
    upsertFolder:
      s(`INSERT INTO folder (id, library_id, parent_id, path, name, image_path)
      VALUES (@id, @libraryId, @parentId, @path, @name, @image)
      ON CONFLICT(id) DO UPDATE SET image_path = excluded.image_path
      WHERE image_path IS NOT excluded.image_path`),
    albumsInFolder: s('SELECT DISTINCT album_id AS id FROM track WHERE folder_id = ?'),
    trackPathById: s('SELECT path FROM track WHERE id = ?'),
    movedCandidates: s(`SELECT id, path, album_id AS albumId FROM track
      WHERE size = ? AND fingerprint = ?`),
    artistRow: s('SELECT name, sort_name AS sortName, mbid FROM artist WHERE id = ?'),
    insertArtist: s(`INSERT INTO artist (id, name, sort_name, mbid)
      VALUES (@id, @name, @sortName, @mbid)`),
    updateArtist: s(`UPDATE artist SET name = @name, sort_name = @sortName, mbid = @mbid
      WHERE id = @id`),
    albumRow: s(`SELECT name, sort_name AS sortName, artist_id AS artistId,
      artist_name AS artistName, compilation, mbid FROM album WHERE id = ?`),
    insertAlbum: s(`INSERT INTO album (id, name, sort_name, artist_id, artist_name,
        compilation, mbid, created_at, updated_at)
      VALUES (@id, @name, @sortName, @artistId, @artistName, @compilation, @mbid,
        @now, @now)`),
    updateAlbum: s(`UPDATE album SET name = @name, sort_name = @sortName,
        artist_id = @artistId, artist_name = @artistName, compilation = @compilation,
        mbid = @mbid, updated_at = @now
      WHERE id = @id`),
    linkAlbumArtist: s(`INSERT INTO album_artist (album_id, artist_id, role, position)
      VALUES (?, ?, 'albumartist', ?) ON CONFLICT DO NOTHING`),
    upsertSearch: s(`INSERT INTO search_doc (kind, ref, text) VALUES (?, ?, ?)
      ON CONFLICT(kind, ref) DO UPDATE SET text = excluded.text
      WHERE text IS NOT excluded.text`),
    upsertTrack: s(`INSERT INTO track (id, path, folder_id, album_id, title, sort_title,
        artist_name, track_no, track_total, disc_no, disc_total, disc_subtitle, year,
        duration, bitrate, sample_rate, channels, bits_per_sample, codec, container,
        suffix, lossless, size, mtime, fingerprint, has_cover, lyrics, lyrics_synced,
        lrc_mtime, comment, rg_track_gain, rg_track_peak, rg_album_gain, rg_album_peak,
        mb_track_id, mb_release_track_id, mb_album_id, mb_artist_id, mb_album_artist_id,
        mb_release_group_id, created_at, updated_at)
      VALUES (@id, @path, @folderId, @albumId, @title, @sortTitle, @artistName, @trackNo,
        @trackTotal, @discNo, @discTotal, @discSubtitle, @year, @duration, @bitrate,
        @sampleRate, @channels, @bitsPerSample, @codec, @container, @suffix, @lossless,
        @size, @mtime, @fingerprint, @hasCover, @lyrics, @lyricsSynced, @lrcMtime,
        @comment, @rgTrackGain, @rgTrackPeak, @rgAlbumGain, @rgAlbumPeak, @mbTrackId,
        @mbReleaseTrackId, @mbAlbumId, @mbArtistId, @mbAlbumArtistId, @mbReleaseGroupId,
        @now, @now)
      ON CONFLICT(id) DO UPDATE SET path = excluded.path, folder_id = excluded.folder_id,
        album_id = excluded.album_id, title = excluded.title,
        sort_title = excluded.sort_title, artist_name = excluded.artist_name,
        track_no = excluded.track_no, track_total = excluded.track_total,
        disc_no = excluded.disc_no, disc_total = excluded.disc_total,
        disc_subtitle = excluded.disc_subtitle, year = excluded.year,
        duration = excluded.duration, bitrate = excluded.bitrate,
        sample_rate = excluded.sample_rate, channels = excluded.channels,
        bits_per_sample = excluded.bits_per_sample, codec = excluded.codec,
        container = excluded.container, suffix = excluded.suffix,
        lossless = excluded.lossless, size = excluded.size, mtime = excluded.mtime,
        fingerprint = excluded.fingerprint, has_cover = excluded.has_cover,
        lyrics = excluded.lyrics, lyrics_synced = excluded.lyrics_synced,
        lrc_mtime = excluded.lrc_mtime, comment = excluded.comment,
        rg_track_gain = excluded.rg_track_gain, rg_track_peak = excluded.rg_track_peak,
        rg_album_gain = excluded.rg_album_gain, rg_album_peak = excluded.rg_album_peak,
        mb_track_id = excluded.mb_track_id,
        mb_release_track_id = excluded.mb_release_track_id,
        mb_album_id = excluded.mb_album_id, mb_artist_id = excluded.mb_artist_id,
        mb_album_artist_id = excluded.mb_album_artist_id,
        mb_release_group_id = excluded.mb_release_group_id,
        updated_at = excluded.updated_at`),
    clearTrackArtists: s('DELETE FROM track_artist WHERE track_id = ?'),
    linkTrackArtist: s(`INSERT INTO track_artist (track_id, artist_id, role, position)
      VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    clearTrackGenres: s('DELETE FROM track_genre WHERE track_id = ?'),
    upsertGenre: s(`INSERT INTO genre (id, name) VALUES (?, ?)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name WHERE excluded.name < name`),
    linkTrackGenre: s(`INSERT INTO track_genre (track_id, genre_id, position)
      VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
    upsertFailure: s(`INSERT INTO scan_failure (path, dir, size, mtime, reason, at)
      VALUES (@path, @dir, @size, @mtime, @reason, @now)
      ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
        reason = excluded.reason, at = excluded.at
      WHERE size IS NOT excluded.size OR mtime IS NOT excluded.mtime
        OR reason IS NOT excluded.reason`),
    deleteFailure: s('DELETE FROM scan_failure WHERE path = ?'),
    deleteFailuresInside: s('DELETE FROM scan_failure WHERE path >= ? AND path < ?'),
    goneTrack: s('INSERT OR IGNORE INTO scan_gone (id, path) VALUES (?, ?)'),
    goneInside: s(`INSERT OR IGNORE INTO scan_gone (id, path)
      SELECT id, path FROM track WHERE path >= ? AND path < ?`),
    goneBatch: s(`SELECT id, path FROM scan_gone LIMIT ${chunk}`),
    forgetGone: s('DELETE FROM scan_gone WHERE id = ?'),
    deleteTrack: s(
      'DELETE FROM track WHERE id = ? AND path = ? RETURNING album_id AS albumId',
    ),
    refreshAlbum: s(`UPDATE album SET
        track_count = (SELECT count(*) FROM track WHERE album_id = @id),
        duration = (SELECT coalesce(sum(duration), 0) FROM track WHERE album_id = @id),
        disc_count = (SELECT coalesce(max(disc_no), 1) FROM track WHERE album_id = @id),
        year = (SELECT max(year) FROM track WHERE album_id = @id),
        cover_track_id = (SELECT id FROM track WHERE album_id = @id AND has_cover = 1
          ORDER BY disc_no, track_no, path LIMIT 1),
        cover_path = (SELECT f.image_path FROM track t JOIN folder f ON f.id = t.folder_id
          WHERE t.album_id = @id AND f.image_path IS NOT NULL
          ORDER BY t.disc_no, t.track_no, t.path LIMIT 1),
        updated_at = @now
      WHERE id = @id`),
    deleteEmptyAlbum: s(`DELETE FROM album WHERE id = ?
      AND NOT EXISTS (SELECT 1 FROM track WHERE album_id = album.id)`),
    libraryTracks: s(`SELECT t.id, t.path FROM track t JOIN folder f ON f.id = t.folder_id
      WHERE f.library_id = ? LIMIT ${chunk}`),
    deleteLibrary: s('DELETE FROM library WHERE id = ?'),
    orphanAlbums: s(`DELETE FROM album
      WHERE NOT EXISTS (SELECT 1 FROM track WHERE album_id = album.id)`),
    orphanArtists: s(`DELETE FROM artist
      WHERE NOT EXISTS (SELECT 1 FROM track_artist WHERE artist_id = artist.id)
        AND NOT EXISTS (SELECT 1 FROM album_artist WHERE artist_id = artist.id)`),
    orphanGenres: s(`DELETE FROM genre
      WHERE NOT EXISTS (SELECT 1 FROM track_genre WHERE genre_id = genre.id)`),
    emptyFolders: s(`DELETE FROM folder WHERE parent_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM track WHERE folder_id = folder.id)
      AND NOT EXISTS (SELECT 1 FROM folder c WHERE c.parent_id = folder.id)`),
    failureDirs: s('SELECT DISTINCT dir FROM scan_failure'),
    deleteFailuresInDir: s('DELETE FROM scan_failure WHERE dir = ?'),
  };
}

type Statements = ReturnType<typeof statements>;

export class LibraryStore {
  private readonly st: Statements;

  constructor(private readonly db: Db) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS scan_gone (
      id TEXT PRIMARY KEY, path TEXT NOT NULL)`);
    db.exec('DELETE FROM scan_gone');
    this.st = statements(db);
  }

  // Reads that plan a folder.

  tracksInFolder(folderPath: string): Map<string, KnownTrack> {
    const rows = this.st.tracksInFolder.all(ids.folder(folderPath)) as KnownTrack[];
    return new Map(rows.map((row) => [row.path, row]));
  }

  failuresInDir(dir: string): Map<string, KnownFailure> {
    const rows = this.st.failuresInDir.all(dir) as KnownFailure[];
    return new Map(rows.map((row) => [row.path, row]));
  }

  /** The stored image of a folder: undefined when the folder has no row yet. */
  folderImage(folderPath: string): string | null | undefined {
    const row = this.st.folderImage.get(ids.folder(folderPath)) as
      { image: string | null } | undefined;
    return row ? row.image : undefined;
  }

  childFolders(folderPath: string): Array<{ name: string; path: string }> {
    return this.st.childFolders.all(ids.folder(folderPath)) as Array<{
      name: string;
      path: string;
    }>;
  }

  /** Files the last scan knew: the progress total until the walk ends. */
  estimateFiles(): number {
    return this.st.estimate.pluck().get() as number;
  }

  /** Library rows for the music folders (created if new), in the given order. */
  libraries(folders: string[]): WalkRoot[] {
    const missing = folders.filter((f) => !this.libraryRows().some((r) => r.path === f));
    for (const folder of missing) this.st.addLibrary.run(folder);
    const rows = this.libraryRows();
    return folders.map((f) => ({
      path: f,
      libraryId: rows.find((r) => r.path === f)!.id,
    }));
  }

  private libraryRows(): Array<{ id: number; path: string }> {
    return this.st.libraries.all() as Array<{ id: number; path: string }>;
  }

  // Writes: one transaction per batch.

  writeBatch(batch: Batch, now: number): BatchCounts {
    const counts: BatchCounts = { added: 0, updated: 0, moved: 0, failed: 0, changes: 0 };
    const writer = new BatchWriter(this.st, now, counts);
    this.db.transaction(() => writer.write(batch)).immediate();
    return counts;
  }

  // Phase 4: removals and orphans, in short transactions.

  /** Deletes tracks whose files vanished (and did not move); returns how many. */
  removeGone(now: number): number {
    let removed = 0;
    for (;;) {
      const rows = this.st.goneBatch.all() as Array<{ id: string; path: string }>;
      if (rows.length === 0) return removed;
      removed += this.db.transaction(() => this.deleteTracks(rows, now)).immediate();
      for (const row of rows) this.st.forgetGone.run(row.id);
    }
  }

  /** Deletes music folders no longer configured, with everything in them. */
  removeLibraries(keep: string[], now: number): number {
    let removed = 0;
    for (const library of this.libraryRows()) {
      if (keep.includes(library.path)) continue;
      for (;;) {
        const rows = this.st.libraryTracks.all(library.id) as Array<{
          id: string;
          path: string;
        }>;
        if (rows.length === 0) break;
        removed += this.db.transaction(() => this.deleteTracks(rows, now)).immediate();
      }
      this.db.transaction(() => {
        this.st.deleteFailuresInside.run(...insideRange(library.path));
        this.st.deleteLibrary.run(library.id);
      })();
    }
    return removed;
  }

  private deleteTracks(rows: Array<{ id: string; path: string }>, now: number): number {
    const albums = new Set<string>();
    let removed = 0;
    for (const row of rows) {
      const deleted = this.st.deleteTrack.get(row.id, row.path) as
        { albumId: string } | undefined;
      if (deleted) {
        albums.add(deleted.albumId);
        removed++;
      }
    }
    for (const id of albums) {
      this.st.refreshAlbum.run({ id, now });
      this.st.deleteEmptyAlbum.run(id);
    }
    return removed;
  }

  /**
   * Removes what no track uses any more: albums, artists, genres, empty
   * folders, and failure records of folders that are gone. Safe to run after
   * any scan, including one that was killed half-way.
   */
  removeOrphans(roots: string[]): number {
    return this.db.transaction(() => {
      let changes = this.st.orphanAlbums.run().changes;
      changes += this.st.orphanArtists.run().changes;
      changes += this.st.orphanGenres.run().changes;
      for (let n = 1; n > 0; changes += n) n = this.st.emptyFolders.run().changes;
      for (const dir of this.st.failureDirs.pluck().all() as string[]) {
        if (!roots.includes(dir) && !fs.existsSync(dir))
          changes += this.st.deleteFailuresInDir.run(dir).changes;
      }
      return changes;
    })();
  }
}

/** Writes one batch inside its transaction, counting what it changes. */
class BatchWriter {
  private readonly touched = new Set<string>();
  private readonly folders = new Set<string>();
  /** Artists and albums already written in this batch. */
  private readonly written = new Set<string>();

  constructor(
    private readonly st: Statements,
    private readonly now: number,
    private readonly counts: BatchCounts,
  ) {}

  write(batch: Batch): void {
    for (const folder of batch.folders) this.folder(folder);
    for (const track of batch.tracks) this.track(track);
    for (const failure of batch.failures) this.failure(failure);
    for (const file of batch.clearedFailures)
      this.change(this.st.deleteFailure.run(file));
    for (const gone of batch.gone) this.st.goneTrack.run(gone.id, gone.path);
    for (const dir of batch.goneFolders) {
      this.st.goneInside.run(...insideRange(dir));
      this.change(this.st.deleteFailuresInside.run(...insideRange(dir)));
    }
    this.refreshAlbums();
  }

  private change(result: { changes: number }): number {
    this.counts.changes += result.changes;
    return result.changes;
  }

  /** Creates a folder and its parents, or updates its image; refreshes its albums. */
  private folder(folder: FolderInfo): void {
    const id = ids.folder(folder.path);
    if (this.folders.has(id)) return;
    if (folder.parent) this.folder(folder.parent);
    this.folders.add(id);
    const row = {
      id,
      libraryId: folder.libraryId,
      parentId: folder.parent ? ids.folder(folder.parent.path) : null,
      path: folder.path,
      name: folder.name,
      image: folder.image,
    };
    if (this.change(this.st.upsertFolder.run(row)) === 0) return;
    for (const album of this.st.albumsInFolder.all(id) as Array<{ id: string }>) {
      this.touched.add(album.id);
    }
  }

  private track(track: TrackRow): void {
    const { item } = track;
    this.folder(item.folder);
    const id = this.trackId(track);
    this.album(track.album);
    for (const artist of [...track.artists, ...track.credits.map((c) => c.artist)]) {
      this.artist(artist);
    }
    this.change(this.st.upsertTrack.run(trackParams(track, id, this.now)));
    this.links(id, track);
    this.change(this.st.upsertSearch.run('track', id, track.searchText));
    this.change(this.st.deleteFailure.run(item.file.path));
    this.touched.add(track.album.id);
  }

  /** The row id: the path's known id, a moved file's old id, or a new one. */
  private trackId(track: TrackRow): string {
    const { existing, file, parsed } = track.item;
    if (existing) {
      this.counts.updated++;
      this.touched.add(existing.albumId);
      return existing.id;
    }
    const candidates = this.st.movedCandidates.all(
      file.size,
      parsed.fingerprint,
    ) as Array<{
      id: string;
      path: string;
      albumId: string;
    }>;
    const moved = candidates.find((c) => c.path !== file.path && !fs.existsSync(c.path));
    if (moved) {
      this.counts.moved++;
      this.touched.add(moved.albumId);
      return moved.id;
    }
    this.counts.added++;
    let id = ids.track(file.path);
    for (let n = 1; this.st.trackPathById.get(id) !== undefined; n++) {
      id = hashId('track', `${file.path}\0${n}`);
    }
    return id;
  }

  /**
   * Creates or merges an artist. Spellings that normalize alike are one
   * artist; the row keeps the smallest spelling and MusicBrainz id seen, so
   * the result does not depend on the order files were read in.
   */
  private artist(artist: ArtistRef): void {
    const key = `artist\0${artist.id}\0${artist.name}\0${artist.sortName}\0${artist.mbid}`;
    if (this.written.has(key)) return;
    this.written.add(key);
    const incoming = { name: artist.name, sortName: artist.sortName, mbid: artist.mbid };
    const current = this.st.artistRow.get(artist.id) as typeof incoming | undefined;
    const next = current ? mergeNamed(current, incoming) : incoming;
    if (!current) this.change(this.st.insertArtist.run({ id: artist.id, ...next }));
    else if (!sameFields(current, next)) {
      this.change(this.st.updateArtist.run({ id: artist.id, ...next }));
    }
    this.change(this.st.upsertSearch.run('artist', artist.id, searchableText(next.name)));
  }

  /** Creates or merges an album, by the same order-free rules as artists. */
  private album(album: AlbumRef): void {
    const incoming = {
      name: album.name,
      sortName: album.sortName,
      artistId: (album.artists[0] as ArtistRef).id,
      artistName: album.artistName,
      compilation: album.compilation ? 1 : 0,
      mbid: album.mbid,
    };
    const key = `album\0${album.id}\0${JSON.stringify(incoming)}`;
    if (this.written.has(key)) return;
    this.written.add(key);
    for (const artist of album.artists) this.artist(artist);
    const current = this.st.albumRow.get(album.id) as typeof incoming | undefined;
    const next = current
      ? {
          ...mergeNamed(current, incoming),
          compilation: Math.max(current.compilation, incoming.compilation),
        }
      : incoming;
    const row = { id: album.id, ...next, now: this.now };
    if (!current) this.change(this.st.insertAlbum.run(row));
    else if (!sameFields(current, next)) this.change(this.st.updateAlbum.run(row));
    album.artists.forEach((artist, position) => {
      this.change(this.st.linkAlbumArtist.run(album.id, artist.id, position));
    });
    const text = searchableText(`${next.name} ${next.artistName}`);
    this.change(this.st.upsertSearch.run('album', album.id, text));
  }

  /** Replaces the track's artist and genre links. */
  private links(id: string, track: TrackRow): void {
    this.change(this.st.clearTrackArtists.run(id));
    track.artists.forEach((artist, position) => {
      this.change(this.st.linkTrackArtist.run(id, artist.id, 'artist', position));
    });
    const positions = new Map<string, number>();
    for (const { role, artist } of track.credits) {
      const position = positions.get(role) ?? 0;
      positions.set(role, position + 1);
      this.change(this.st.linkTrackArtist.run(id, artist.id, role, position));
    }
    this.change(this.st.clearTrackGenres.run(id));
    track.genres.forEach((genre, position) => {
      this.change(this.st.upsertGenre.run(genre.id, genre.name));
      this.change(this.st.linkTrackGenre.run(id, genre.id, position));
    });
  }

  private failure(failure: FailureRow): void {
    if (this.change(this.st.upsertFailure.run({ ...failure, now: this.now })) > 0) {
      this.counts.failed++;
    }
  }

  /** Recomputes counts, duration, year and covers of every album touched. */
  private refreshAlbums(): void {
    for (const id of this.touched) {
      this.change(this.st.refreshAlbum.run({ id, now: this.now }));
      this.change(this.st.deleteEmptyAlbum.run(id));
    }
  }
}

interface Named {
  name: string;
  sortName: string;
  mbid: string | null;
}

/**
 * The display fields to keep when two spellings meet: the smaller by
 * (name, sort name, other text fields); the smaller non-null MusicBrainz id.
 */
function mergeNamed<T extends Named>(current: T, incoming: T): T {
  const text = (row: T) =>
    Object.entries(row)
      .filter(([k, v]) => k !== 'mbid' && typeof v === 'string')
      .map(([, v]) => v as string)
      .join('\u0001');
  const base = text(incoming) < text(current) ? incoming : current;
  const ids = [current.mbid, incoming.mbid].filter((m): m is string => m !== null).sort();
  return { ...base, mbid: ids[0] ?? null };
}

function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  return Object.entries(b).every(([k, v]) => x[k] === v);
}

/** Named parameters of the track upsert. */
function trackParams(track: TrackRow, id: string, now: number): Record<string, unknown> {
  const { item } = track;
  const { tags, audio } = item.parsed;
  return {
    id,
    path: item.file.path,
    folderId: ids.folder(item.folder.path),
    albumId: track.album.id,
    title: track.title,
    sortTitle: track.sortTitle,
    artistName: track.artistName,
    trackNo: tags.trackNo,
    trackTotal: tags.trackTotal,
    discNo: tags.discNo,
    discTotal: tags.discTotal,
    discSubtitle: tags.discSubtitle,
    year: tags.year,
    duration: track.duration,
    bitrate: audio.bitrate,
    sampleRate: audio.sampleRate,
    channels: audio.channels,
    bitsPerSample: audio.bitsPerSample,
    codec: audio.codec,
    container: audio.container,
    suffix: track.suffix,
    lossless: audio.lossless ? 1 : 0,
    size: item.file.size,
    mtime: item.file.mtime,
    fingerprint: item.parsed.fingerprint,
    hasCover: track.hasCover ? 1 : 0,
    lyrics: track.lyrics,
    lyricsSynced: track.lyricsSynced ? 1 : 0,
    lrcMtime: item.file.lrc?.mtime ?? null,
    comment: tags.comment,
    rgTrackGain: tags.rgTrackGain,
    rgTrackPeak: tags.rgTrackPeak,
    rgAlbumGain: tags.rgAlbumGain,
    rgAlbumPeak: tags.rgAlbumPeak,
    mbTrackId: tags.mbTrackId,
    mbReleaseTrackId: tags.mbReleaseTrackId,
    mbAlbumId: tags.mbAlbumId,
    mbArtistId: tags.mbArtistId,
    mbAlbumArtistId: tags.mbAlbumArtistId,
    mbReleaseGroupId: tags.mbReleaseGroupId,
    now,
  };
}
