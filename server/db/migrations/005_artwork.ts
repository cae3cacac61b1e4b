// Cover pictures the artwork cache could not decode. A broken picture is
// recorded once, with its reason, and skipped by the pre-warm job and the
// thumbnail routes until its source files change (the key is derived from
// the source paths and their modification times).
export const sql = `
CREATE TABLE artwork_failure (
  source_key  TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  reason      TEXT NOT NULL,
  failed_at   INTEGER NOT NULL
) WITHOUT ROWID;
`;
