// Accounts: users with a role, the music folders (libraries) each user sees,
// sessions, OpenSubsonic API keys, login throttling and first-run state.
// Secrets are never stored in the clear: passwords as scrypt hashes, session
// ids, API keys and the setup token as SHA-256 digests, the Subsonic app
// password sealed with the data folder's key. Times are epoch milliseconds.
export const sql = `
CREATE TABLE user (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name        TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  disabled            INTEGER NOT NULL DEFAULT 0,
  password_hash       TEXT NOT NULL,
  app_password        TEXT,
  app_password_at     INTEGER,
  all_libraries       INTEGER NOT NULL DEFAULT 1,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);

-- The libraries a user sees when all_libraries is 0.
CREATE TABLE user_library (
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  library_id  INTEGER NOT NULL REFERENCES library(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, library_id)
);

CREATE TABLE session (
  id_hash     TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  seen_at     INTEGER NOT NULL,
  ip          TEXT NOT NULL,
  user_agent  TEXT NOT NULL
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_key (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  key_hash      TEXT NOT NULL UNIQUE,
  hint          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER
);
CREATE INDEX api_key_user ON api_key(user_id);

-- Failed sign-ins per key ("ip:...", "user:...", "user-ip:..."), shared by
-- every worker so the limits hold however connections are spread.
CREATE TABLE login_throttle (
  key            TEXT PRIMARY KEY,
  failures       INTEGER NOT NULL,
  last_failure   INTEGER NOT NULL,
  blocked_until  INTEGER NOT NULL
);

-- Small key/value facts: the setup token's digest while no user exists.
CREATE TABLE auth_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
`;
