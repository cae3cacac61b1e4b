// What each user adds to the library: playlists with ordered tracks, stars,
// ratings and play counts (one annotation row per user and item), what is
// playing now, and the play queue saved by one device for another. Item ids
// are the library's stable ids; they carry no foreign key, so a file that is
// missing for one scan (an unplugged drive) keeps its stars and its place in
// playlists when it comes back. Times are epoch milliseconds.
export const sql = `
CREATE TABLE playlist (
  id          INTEGER PRIMARY KEY,
  owner_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  comment     TEXT NOT NULL DEFAULT '',
  public      INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX playlist_owner ON playlist(owner_id);

CREATE TABLE playlist_track (
  playlist_id  INTEGER NOT NULL REFERENCES playlist(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  track_id     TEXT NOT NULL,
  PRIMARY KEY (playlist_id, position)
) WITHOUT ROWID;

-- Stars, ratings and plays of one user on one track, album or artist.
CREATE TABLE annotation (
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('track', 'album', 'artist')),
  item_id     TEXT NOT NULL,
  starred_at  INTEGER,
  rating      INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  play_count  INTEGER NOT NULL DEFAULT 0,
  played_at   INTEGER,
  PRIMARY KEY (user_id, kind, item_id)
) WITHOUT ROWID;
CREATE INDEX annotation_starred ON annotation(user_id, kind, starred_at)
  WHERE starred_at IS NOT NULL;
CREATE INDEX annotation_played ON annotation(user_id, kind, played_at)
  WHERE played_at IS NOT NULL;

-- What each user's players are playing; old rows are ignored when read.
CREATE TABLE now_playing (
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  player      TEXT NOT NULL,
  track_id    TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, player)
) WITHOUT ROWID;

-- One saved play queue per user, so another device can resume it.
CREATE TABLE play_queue (
  user_id           INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,
  current_track_id  TEXT,
  position_ms       INTEGER NOT NULL DEFAULT 0,
  changed_at        INTEGER NOT NULL,
  changed_by        TEXT NOT NULL
);

CREATE TABLE play_queue_track (
  user_id   INTEGER NOT NULL REFERENCES play_queue(user_id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  track_id  TEXT NOT NULL,
  PRIMARY KEY (user_id, position)
) WITHOUT ROWID;
`;
