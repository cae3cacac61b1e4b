// The library model: folders, tracks, albums, artists with roles, genres,
// scan failures, and a full-text index. Ids are stable text keys derived from
// what identifies a thing (its path, or its normalized names), so they survive
// a rescan and a rebuilt database.
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
  image_path  TEXT,
  mtime       REAL
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
  artist_name    TEXT NOT NULL,
  compilation    INTEGER NOT NULL DEFAULT 0,
  year           INTEGER,
  mbid           TEXT,
  cover_track_id TEXT,
  cover_path     TEXT,
  track_count    INTEGER NOT NULL DEFAULT 0,
  duration       REAL NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX album_sort ON album(sort_name COLLATE NOCASE);
CREATE INDEX album_created ON album(created_at);

CREATE TABLE track (
  id              TEXT PRIMARY KEY,
  path            TEXT NOT NULL UNIQUE,
  folder_id       TEXT NOT NULL REFERENCES folder(id),
  album_id        TEXT REFERENCES album(id),
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
  cover           TEXT,
  rg_track_gain   REAL,
  rg_track_peak   REAL,
  rg_album_gain   REAL,
  rg_album_peak   REAL,
  mb_track_id     TEXT,
  mb_recording_id TEXT,
  mb_album_id     TEXT,
  mb_artist_id    TEXT,
  mb_album_artist_id TEXT,
  lyrics          TEXT,
  lyrics_synced   INTEGER NOT NULL DEFAULT 0,
  comment         TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX track_album ON track(album_id, disc_no, track_no);
CREATE INDEX track_folder ON track(folder_id);

-- Artists linked to tracks and albums with a role: artist, albumartist,
-- composer, lyricist, conductor, remixer, producer...
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
  name  TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE track_genre (
  track_id  TEXT NOT NULL REFERENCES track(id) ON DELETE CASCADE,
  genre_id  TEXT NOT NULL REFERENCES genre(id),
  position  INTEGER NOT NULL,
  PRIMARY KEY (track_id, genre_id)
);
CREATE INDEX track_genre_genre ON track_genre(genre_id);

-- Files the scanner could not index, with the reason. Keyed by path; size and
-- mtime let an unchanged failing file be skipped on the next scan.
CREATE TABLE scan_failure (
  path    TEXT PRIMARY KEY,
  size    INTEGER,
  mtime   REAL,
  reason  TEXT NOT NULL,
  at      INTEGER NOT NULL
);

-- Key/value state for scans: progress, checkpoints, last result.
CREATE TABLE scan_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

-- Accent- and case-insensitive search with prefix queries.
CREATE VIRTUAL TABLE search USING fts5(
  kind UNINDEXED,
  ref UNINDEXED,
  text,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
`;
