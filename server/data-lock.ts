// One server per data folder. Two on the same folder would run two job
// workers and two folder watchers on one database, so a start takes a lock
// first: hearth.lock in the data folder, holding the pid of the process that
// serves it. The file is born with its content (linked into place from a
// private temporary file, which fails if the lock exists), so nobody ever
// reads it half written. A lock whose process is gone (kill -9, a power cut)
// is taken over. Two starts that find the same stale lock at the same
// instant could both take it: the window is the few microseconds between
// reading the pid and replacing the file, and is accepted.
import fs from 'node:fs';
import path from 'node:path';
import { logger } from './log.js';
import { processAlive } from './pids.js';
import { dataFolderInUseCode } from './tray/startup-error.js';

const log = logger('main');

/** Thrown when a live process holds the data folder's lock. */
export class DataFolderInUseError extends Error {
  readonly code = dataFolderInUseCode;

  constructor(
    /** The lock file. */
    readonly path: string,
    /** The process that holds it, when the lock names one. */
    readonly pid: number | null,
  ) {
    super(`the data folder is in use by process ${pid ?? '(unknown)'} (${path})`);
    this.name = 'DataFolderInUseError';
  }
}

export interface DataFolderLock {
  readonly file: string;
  /** Removes the lock if it is still this process's. Also runs at exit. */
  release(): void;
}

/** The lock file of a data folder. */
export function lockFileOf(dataDir: string): string {
  return path.join(dataDir, 'hearth.lock');
}

/** The pid a lock file names, or null when it names none (empty, garbage, gone). */
function holderOf(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Links a file holding this pid into place; false when a lock is there already. */
function create(file: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${process.pid}\n`, { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Takes the data folder's lock for this process, taking over a stale one.
 * Throws DataFolderInUseError naming the live process that holds it. A lock
 * this process holds already (the tray restarting its server) is its own.
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  const file = lockFileOf(dataDir);
  const release = () => {
    if (holderOf(file) === process.pid) fs.rmSync(file, { force: true });
    process.off('exit', release);
  };
  for (let attempt = 1; !create(file); attempt++) {
    const holder = holderOf(file);
    if (holder === process.pid) break;
    // A live holder, or a lock that others keep taking as this one frees it.
    if ((holder !== null && processAlive(holder)) || attempt === 3) {
      throw new DataFolderInUseError(file, holder);
    }
    log.warn(
      { path: file, pid: holder },
      'taking over the lock of a process that is gone',
    );
    fs.rmSync(file, { force: true });
  }
  process.on('exit', release);
  return { file, release };
}
