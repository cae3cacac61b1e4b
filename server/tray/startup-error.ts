// Start-up failures in words a person can act on. The tray app shows the
// result in a dialog that offers to open the settings; the headless server
// prints one line that names the flag to change. Pure: the error arrives as
// plain fields (the supervisor reports errors across a process boundary).

/** The parts of a Node or SQLite error that say what went wrong. */
export interface StartupFailure {
  /** errno code (EADDRINUSE, EACCES...) or SQLite code (SQLITE_BUSY...). */
  code?: string;
  /** For socket errors: listen, bind. */
  syscall?: string;
  message: string;
  /** For file errors: the file involved. */
  path?: string;
  /** For a data folder in use: the process that holds it. */
  pid?: number;
}

export interface StartupContext {
  host: string;
  port: number;
  dataDir: string;
}

export type StartupErrorKind =
  | 'portInUse'
  | 'portDenied'
  | 'dataFolderInUse'
  | 'addressUnavailable'
  | 'databaseLocked'
  | 'noWriteAccess'
  | 'diskFull'
  | 'invalidSettings'
  | 'other';

export interface StartupErrorReport {
  kind: StartupErrorKind;
  /** One line: what happened. */
  title: string;
  /** What to do about it. */
  message: string;
  /** The technical cause, for the dialog's details and the log. */
  detail: string;
}

/** The fields of a thrown error that startupErrorKind reads. */
export function failureOf(err: unknown): StartupFailure {
  const e = err as (NodeJS.ErrnoException & { pid?: unknown }) | undefined;
  return {
    code: e?.code,
    syscall: e?.syscall,
    path: e?.path,
    ...(typeof e?.pid === 'number' ? { pid: e.pid } : {}),
    message: String(e?.message ?? err),
  };
}

const socketCall = (f: StartupFailure) => f.syscall === 'listen' || f.syscall === 'bind';

/** The code a host gives settings that do not validate (SettingsError). */
export const invalidSettingsCode = 'HEARTH_INVALID_SETTINGS';

/** The code of another live Hearth holding the data folder (data-lock.ts). */
export const dataFolderInUseCode = 'HEARTH_DATA_FOLDER_IN_USE';

/** Which kind of failure this is, from its code, call and message. */
export function startupErrorKind(failure: StartupFailure): StartupErrorKind {
  const code = failure.code ?? '';
  if (code === invalidSettingsCode) return 'invalidSettings';
  if (code === dataFolderInUseCode) return 'dataFolderInUse';
  if (code === 'EADDRINUSE') return 'portInUse';
  if (code === 'EADDRNOTAVAIL') return 'addressUnavailable';
  if ((code === 'EACCES' || code === 'EPERM') && socketCall(failure)) return 'portDenied';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return 'databaseLocked';
  }
  if (/database is locked/i.test(failure.message)) return 'databaseLocked';
  if (['EACCES', 'EPERM', 'EROFS'].includes(code)) return 'noWriteAccess';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return 'noWriteAccess';
  }
  if (code === 'ENOSPC' || code.startsWith('SQLITE_FULL')) return 'diskFull';
  return 'other';
}

/** The dialog's text for a start-up failure. */
export function describeStartupError(
  failure: StartupFailure,
  context: StartupContext,
): StartupErrorReport {
  const kind = startupErrorKind(failure);
  const where = `${context.host}:${context.port}`;
  const detail = [failure.code, failure.message].filter(Boolean).join(': ');
  const other = failure.pid ? `process ${failure.pid}` : 'another process';
  const text: Record<StartupErrorKind, [string, string]> = {
    portInUse: [
      `Port ${context.port} is already in use`,
      `Another program, or another copy of Hearth, is listening on ${where}. ` +
        'Choose another port in Settings, or close the other program.',
    ],
    portDenied: [
      `Hearth may not listen on port ${context.port}`,
      'Ports below 1024 need administrator rights. Choose a port above 1024 in Settings.',
    ],
    dataFolderInUse: [
      'Another Hearth is using the data folder',
      `Hearth in ${other} is already serving ${context.dataDir}. ` +
        'Quit it, then restart the server here.',
    ],
    addressUnavailable: [
      `The address ${context.host} is not on this computer`,
      'Choose 127.0.0.1 (this computer only) or 0.0.0.0 (the whole LAN) in Settings.',
    ],
    databaseLocked: [
      'The library database is locked',
      'Another program is holding Hearth’s database, probably another copy of Hearth. ' +
        'Close it and restart the server, or choose another data folder.',
    ],
    noWriteAccess: [
      'Hearth cannot write to its data folder',
      `Hearth needs to write to ${failure.path ?? context.dataDir}. ` +
        'Check the folder’s permissions and free space, then restart the server.',
    ],
    diskFull: [
      'The disk is full',
      `There is no space left for Hearth’s data in ${context.dataDir}. ` +
        'Free some space, then restart the server.',
    ],
    invalidSettings: [
      'Some settings are not valid',
      'Correct them in Settings; every problem is listed below.',
    ],
    other: [
      'Hearth could not start',
      'See the logs for details, then restart the server.',
    ],
  };
  const [title, message] = text[kind];
  return { kind, title, message, detail };
}

/** The headless server's one line on stderr: what happened, which flag to change. */
export function startupErrorLine(
  failure: StartupFailure,
  context: StartupContext,
): string {
  const { host, port, dataDir } = context;
  const other = failure.pid ? `another Hearth (pid ${failure.pid})` : 'another Hearth';
  const lines: Record<StartupErrorKind, string> = {
    portInUse: `port ${port} is already in use: stop the other server or pass --port`,
    portDenied:
      `may not listen on port ${port} (ports below 1024 need administrator ` +
      'rights): pass --port with a higher one',
    dataFolderInUse: `${dataDir} is in use by ${other}: stop it or pass another --data`,
    addressUnavailable: `the address ${host} is not on this computer: pass another --host`,
    databaseLocked:
      `the database in ${dataDir} is locked, probably by another Hearth: ` +
      'stop it or pass --data',
    noWriteAccess: `cannot write to ${failure.path ?? dataDir}: check its permissions or pass --data`,
    diskFull: `the disk holding ${dataDir} is full: free some space`,
    invalidSettings: 'some settings are not valid',
    other: `cannot start (${failure.message}): see the log`,
  };
  return lines[startupErrorKind(failure)];
}
