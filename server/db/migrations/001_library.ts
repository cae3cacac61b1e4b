// The library model: music folders, folders, tracks, albums, artists with
// roles, genres, scan failures, scan state and a full-text index. Ids are
// stable text keys derived from what identifies a thing (a track's or folder's
// path, an artist's or album's normalized names), so they survive rescans.
// server/library/README.md explains every table and column.
export const sql = `
CREATE TABLE library (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL UNIQUE
);

CREATE TABLE folder (
  id          TEXT PRIMARY KEY,
  library_id  INTEGER NOT NULL REFERENCES library(id) ON DELETE CASCADE,
  parent_id   TEXT REFERENCES folder(id) ON DELETE CASCADE,
  path        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  image_path  TEXT
);
CREATE INDEX folder_parent ON folder(parent_id);

CREATE TABLE artist (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  sort_name   TEXT NOT NULL,
  mbid        TEXT
);
CREATE INDEX artist_sort ON artist(sort_name COLLATE NOCASE);

CREATE TABLE album (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  sort_name      TEXT NOT NULL,
  artist_id      TEXT NOT NULL REFERENCES artist(id),
  artist_name    TEXT NOT NULL,
  compilation    INTEGER NOT NULL DEFAULT 0,
  year           INTEGER,
  mbid           TEXT,
  cover_track_id TEXT,
  cover_path     TEXT,
  track_count    INTEGER NOT NULL DEFAULT 0,
  disc_count     INTEGER NOT NULL DEFAULT 1,
  duration       REAL NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX album_sort ON album(sort_name COLLATE NOCASE);
CREATE INDEX album_artist_sort ON album(artist_id, year);
CREATE INDEX album_created ON album(created_at);

CREATE TABLE track (
  id              TEXT PRIMARY KEY,
  path            TEXT NOT NULL UNIQUE,
  folder_id       TEXT NOT NULL REFERENCES folder(id),
  album_id        TEXT NOT NULL REFERENCES album(id),
  title           TEXT NOT NULL,
  sort_title      TEXT NOT NULL,
  artist_name     TEXT NOT NULL,
  track_no        INTEGER,
  track_total     INTEGER,
  disc_no         INTEGER,
  disc_total      INTEGER,
  disc_subtitle   TEXT,
  year            INTEGER,
  duration        REAL NOT NULL DEFAULT 0,
  bitrate         INTEGER,
  sample_rate     INTEGER,
  channels        INTEGER,
  bits_per_sample INTEGER,
  codec           TEXT,
  container       TEXT,
  suffix          TEXT NOT NULL,
  lossless        INTEGER NOT NULL DEFAULT 0,
  size            INTEGER NOT NULL,
  mtime           REAL NOT NULL,
  fingerprint     TEXT NOT NULL,
  has_cover       INTEGER NOT NULL DEFAULT 0,
  lyrics          TEXT,
  lyrics_synced   INTEGER NOT NULL DEFAULT 0,
  lrc_mtime       REAL,
  comment         TEXT,
  rg_track_gain   REAL,
  rg_track_peak   REAL,
  rg_album_gain   REAL,
  rg_album_peak   REAL,
  mb_track_id     TEXT,
  mb_release_track_id TEXT,
  mb_album_id     TEXT,
  mb_artist_id    TEXT,
  mb_album_artist_id TEXT,
  mb_release_group_id TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX track_album ON track(album_id, disc_no, track_no);
CREATE INDEX track_folder ON track(folder_id);
CREATE INDEX track_size ON track(size, fingerprint);
CREATE INDEX track_created ON track(created_at);

-- Artists linked to tracks and albums with a role: artist, albumartist,
-- composer, lyricist, conductor, remixer, producer, arranger...
CREATE TABLE track_artist (
  track_id   TEXT NOT NULL REFERENCES track(id) ON DELETE CASCADE,
  artist_id  TEXT NOT NULL REFERENCES artist(id),
  role       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (track_id, role, position)
);
CREATE INDEX track_artist_artist ON track_artist(artist_id, role);

CREATE TABLE album_artist (
  album_id   TEXT NOT NULL REFERENCES album(id) ON DELETE CASCADE,
  artist_id  TEXT NOT NULL REFERENCES artist(id),
  role       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (album_id, role, position)
);
CREATE INDEX album_artist_artist ON album_artist(artist_id, role);

CREATE TABLE genre (
  id    TEXT PRIMARY KEY,
  name  TEXT NOT NULL
);

CREATE TABLE track_genre (
  track_id  TEXT NOT NULL REFERENCES track(id) ON DELETE CASCADE,
  genre_id  TEXT NOT NULL REFERENCES genre(id),
  position  INTEGER NOT NULL,
  PRIMARY KEY (track_id, genre_id)
);
CREATE INDEX track_genre_genre ON track_genre(genre_id);

-- Files and folders the scanner could not index, with the reason. size and
-- mtime let an unchanged failing file be skipped by the next scan.
CREATE TABLE scan_failure (
  path    TEXT PRIMARY KEY,
  dir     TEXT NOT NULL,
  size    INTEGER,
  mtime   REAL,
  reason  TEXT NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX scan_failure_dir ON scan_failure(dir);

-- Key/value state for scans: progress and the last result, as JSON.
CREATE TABLE scan_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

-- Full-text search. search_doc holds one row per artist, album and track;
-- the FTS5 table indexes it (external content), kept in step by triggers.
-- Accent- and case-insensitive, with prefix indexes for type-ahead.
CREATE TABLE search_doc (
  id    INTEGER PRIMARY KEY,
  kind  TEXT NOT NULL,
  ref   TEXT NOT NULL,
  text  TEXT NOT NULL,
  UNIQUE (kind, ref)
);

CREATE VIRTUAL TABLE search USING fts5(
  kind UNINDEXED,
  ref UNINDEXED,
  text,
  content = 'search_doc',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER search_doc_insert AFTER INSERT ON search_doc BEGIN
  INSERT INTO search(rowid, kind, ref, text) VALUES (new.id, new.kind, new.ref, new.text);
END;
CREATE TRIGGER search_doc_delete AFTER DELETE ON search_doc BEGIN
  INSERT INTO search(search, rowid, kind, ref, text)
    VALUES ('delete', old.id, old.kind, old.ref, old.text);
END;
CREATE TRIGGER search_doc_update AFTER UPDATE ON search_doc BEGIN
  INSERT INTO search(search, rowid, kind, ref, text)
    VALUES ('delete', old.id, old.kind, old.ref, old.text);
  INSERT INTO search(rowid, kind, ref, text) VALUES (new.id, new.kind, new.ref, new.text);
END;

-- Removing a track, album or artist removes its search entry.
CREATE TRIGGER track_search_delete AFTER DELETE ON track BEGIN
  DELETE FROM search_doc WHERE kind = 'track' AND ref = old.id;
END;
CREATE TRIGGER album_search_delete AFTER DELETE ON album BEGIN
  DELETE FROM search_doc WHERE kind = 'album' AND ref = old.id;
END;
CREATE TRIGGER artist_search_delete AFTER DELETE ON artist BEGIN
  DELETE FROM search_doc WHERE kind = 'artist' AND ref = old.id;
END;
`;
