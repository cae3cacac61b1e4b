// Streaming and transcoding state shared by every worker process:
// - transcode_slot: one row per running ffmpeg, so the caps on concurrent
//   transcodes (whole server, per user) hold across processes. A row whose
//   process stopped refreshing its heartbeat is stale and ignored.
// - transcode_speed: this machine's transcode speed per profile, in seconds
//   of audio per CPU second, from the calibration clip and from real plays.
export const sql = `
CREATE TABLE transcode_slot (
  id            INTEGER PRIMARY KEY,
  pid           INTEGER NOT NULL,
  user_key      TEXT NOT NULL,
  profile       TEXT NOT NULL,
  started_at    INTEGER NOT NULL,
  expected_end  INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL
);
CREATE INDEX transcode_slot_user ON transcode_slot(user_key);

CREATE TABLE transcode_speed (
  profile         TEXT PRIMARY KEY,
  calibrated      REAL,
  calibrated_at   INTEGER,
  ffmpeg_version  TEXT,
  played_audio_s  REAL NOT NULL DEFAULT 0,
  played_cpu_s    REAL NOT NULL DEFAULT 0
);
`;
