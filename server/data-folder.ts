// The data folder holds the database, the settings, the key that seals app
// passwords and the setup code: it is its owner's alone. It is created 0700
// and those files 0600 (SQLite gives -wal and -shm the database's mode); an
// older install with looser modes is tightened at start. Windows has no such
// modes, and its per-user AppData is private already.
import fs from 'node:fs';
import path from 'node:path';
import { logger } from './log.js';

/** Files in the data folder that only their owner may read. */
export const privateFiles = [
  'hearth.db',
  'hearth.db-wal',
  'hearth.db-shm',
  'settings.json',
  'secret.key',
  'setup-token',
];

const log = logger('main');

/** Creates the data folder if needed; makes it and its private files the owner's. */
export function makeDataFolderPrivate(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  tighten(dataDir, 0o700);
  for (const name of privateFiles) tighten(path.join(dataDir, name), 0o600);
}

/** Sets `mode` when the group or others have any access; a missing file is fine. */
function tighten(file: string, mode: number): void {
  let current: number;
  try {
    current = fs.statSync(file).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if ((current & 0o077) === 0) return;
  fs.chmodSync(file, mode);
  const modes = { from: current.toString(8), to: mode.toString(8) };
  log.info({ path: file, ...modes }, 'data folder entry made private');
}
