// Opens the one SQLite database that every Hearth process shares. WAL lets
// readers (HTTP workers) proceed while the job worker writes; the busy timeout
// makes a writer wait for another instead of failing with SQLITE_BUSY.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { logger } from '../log.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Apply pending migrations. Only the process that owns start-up does this. */
  migrate?: boolean;
  readonly?: boolean;
}

const log = logger('db');

/** Opens (creating if needed) the database file with Hearth's pragmas. */
export function openDb(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) createPrivately(file);
  const db = new Database(file, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (options.migrate ?? true) migrate(db);
  return db;
}

/**
 * Creates a missing database file 0600 in a 0700 folder before SQLite opens
 * it: SQLite would make it 0644, and gives its -wal and -shm the same mode.
 */
function createPrivately(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Applies every migration newer than the database's user_version, each atomically. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    log.info({ version: migration.version, name: migration.name }, 'migration applied');
  }
}

/** The database file inside a data folder. */
export function dbFile(dataDir: string): string {
  return path.join(dataDir, 'hearth.db');
}
