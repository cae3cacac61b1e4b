// Outside services (Last.fm, ListenBrainz): info fetched from them, cached
// with an expiry; each user's links to them (a Last.fm session key, a
// ListenBrainz user token); plays waiting to be delivered; and each
// service's backoff, shared by every process so a 429 seen by one worker
// holds them all. Times are epoch milliseconds.
export const sql = `
CREATE TABLE external_info (
  kind        TEXT NOT NULL CHECK (kind IN ('artist', 'album', 'similar', 'top')),
  item_key    TEXT NOT NULL,
  body        TEXT,
  fetched_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  PRIMARY KEY (kind, item_key)
) WITHOUT ROWID;

CREATE TABLE scrobble_link (
  user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  service    TEXT NOT NULL CHECK (service IN ('lastfm', 'listenbrainz')),
  token      TEXT NOT NULL,
  account    TEXT,
  linked_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, service)
) WITHOUT ROWID;

CREATE TABLE scrobble_queue (
  id               INTEGER PRIMARY KEY,
  user_id          INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  service          TEXT NOT NULL,
  track_id         TEXT NOT NULL,
  artist           TEXT NOT NULL,
  title            TEXT NOT NULL,
  album            TEXT,
  duration_s       INTEGER,
  played_at        INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT
);
CREATE INDEX scrobble_queue_due ON scrobble_queue(next_attempt_at);

CREATE TABLE service_backoff (
  service   TEXT PRIMARY KEY,
  until     INTEGER NOT NULL,
  failures  INTEGER NOT NULL
) WITHOUT ROWID;
`;
