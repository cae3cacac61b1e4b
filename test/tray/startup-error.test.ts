// Start-up failures as a table: a real-looking error in, the dialog's kind
// and title out. One row drives a real port conflict end to end.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { DataFolderInUseError } from '../../server/data-lock.js';
import {
  describeStartupError,
  failureOf,
  startupErrorLine,
  type StartupErrorKind,
  type StartupFailure,
} from '../../server/tray/startup-error.js';

const context = { host: '127.0.0.1', port: 4533, dataDir: '/home/ann/.config/Hearth' };

const table: Array<{ failure: StartupFailure; kind: StartupErrorKind; title: string }> = [
  {
    failure: { code: 'EADDRINUSE', syscall: 'listen', message: 'address already in use' },
    kind: 'portInUse',
    title: 'Port 4533 is already in use',
  },
  {
    failure: { code: 'EACCES', syscall: 'listen', message: 'permission denied' },
    kind: 'portDenied',
    title: 'Hearth may not listen on port 4533',
  },
  {
    failure: { code: 'EADDRNOTAVAIL', syscall: 'listen', message: 'not available' },
    kind: 'addressUnavailable',
    title: 'The address 127.0.0.1 is not on this computer',
  },
  {
    failure: { code: 'SQLITE_BUSY', message: 'database is locked' },
    kind: 'databaseLocked',
    title: 'The library database is locked',
  },
  {
    failure: { code: 'SQLITE_LOCKED_SHAREDCACHE', message: 'locked' },
    kind: 'databaseLocked',
    title: 'The library database is locked',
  },
  {
    failure: { message: 'SqliteError: database is locked' },
    kind: 'databaseLocked',
    title: 'The library database is locked',
  },
  {
    failure: {
      code: 'EACCES',
      syscall: 'mkdir',
      message: 'permission denied',
      path: '/x',
    },
    kind: 'noWriteAccess',
    title: 'Hearth cannot write to its data folder',
  },
  {
    failure: { code: 'EROFS', message: 'read-only file system' },
    kind: 'noWriteAccess',
    title: 'Hearth cannot write to its data folder',
  },
  {
    failure: { code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' },
    kind: 'noWriteAccess',
    title: 'Hearth cannot write to its data folder',
  },
  {
    failure: { code: 'SQLITE_CANTOPEN', message: 'unable to open database file' },
    kind: 'noWriteAccess',
    title: 'Hearth cannot write to its data folder',
  },
  {
    failure: { code: 'ENOSPC', message: 'no space left on device' },
    kind: 'diskFull',
    title: 'The disk is full',
  },
  {
    failure: { code: 'HEARTH_INVALID_SETTINGS', message: 'port: expected 0..65535' },
    kind: 'invalidSettings',
    title: 'Some settings are not valid',
  },
  {
    failure: { code: 'HEARTH_DATA_FOLDER_IN_USE', message: 'in use', pid: 4242 },
    kind: 'dataFolderInUse',
    title: 'Another Hearth is using the data folder',
  },
  {
    failure: { code: 'ERR_SOMETHING', message: 'boom' },
    kind: 'other',
    title: 'Hearth could not start',
  },
];

describe('describeStartupError', () => {
  it.each(table)(
    '$failure.code $failure.message is $kind',
    ({ failure, kind, title }) => {
      const report = describeStartupError(failure, context);
      expect(report.kind).toBe(kind);
      expect(report.title).toBe(title);
      expect(report.message.length).toBeGreaterThan(20);
      expect(report.detail).toContain(failure.message);
    },
  );

  it('names the process that holds the data folder', () => {
    const failure = { code: 'HEARTH_DATA_FOLDER_IN_USE', message: 'in use', pid: 4242 };
    expect(describeStartupError(failure, context).message).toBe(
      'Hearth in process 4242 is already serving /home/ann/.config/Hearth. ' +
        'Quit it, then restart the server here.',
    );
    expect(startupErrorLine(failure, context)).toBe(
      '/home/ann/.config/Hearth is in use by another Hearth (pid 4242): ' +
        'stop it or pass another --data',
    );
  });

  it('names the file it cannot write, or else the data folder', () => {
    const named = describeStartupError(
      { code: 'EACCES', syscall: 'open', message: 'denied', path: '/srv/hearth/db' },
      context,
    );
    expect(named.message).toContain('/srv/hearth/db');
    const unnamed = describeStartupError({ code: 'EROFS', message: 'ro' }, context);
    expect(unnamed.message).toContain(context.dataDir);
  });

  it('recognises a real port conflict', async () => {
    const first = net.createServer();
    await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
    const { port } = first.address() as net.AddressInfo;
    const second = net.createServer();
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      second.once('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    first.close();
    const report = describeStartupError(error, { ...context, port });
    expect(report.kind).toBe('portInUse');
    expect(report.title).toBe(`Port ${port} is already in use`);
  });
});

describe('startupErrorLine', () => {
  it.each([
    [
      'EADDRINUSE',
      'listen',
      'port 4533 is already in use: stop the other server or pass --port',
    ],
    ['EACCES', 'listen', 'may not listen on port 4533 (ports below 1024'],
    ['EADDRNOTAVAIL', 'listen', 'the address 127.0.0.1 is not on this computer'],
    ['SQLITE_BUSY', undefined, 'the database in /home/ann/.config/Hearth is locked'],
    ['EROFS', 'open', 'cannot write to /home/ann/.config/Hearth: check'],
    ['ENOSPC', 'write', 'the disk holding /home/ann/.config/Hearth is full'],
    ['ERR_SOMETHING', undefined, 'cannot start (boom): see the log'],
  ])('%s is one line that says what to do', (code, syscall, line) => {
    const text = startupErrorLine({ code, syscall, message: 'boom' }, context);
    expect(text).toContain(line);
    expect(text).not.toContain('\n');
  });

  it('reads the fields of a thrown error', () => {
    const err = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
    });
    expect(failureOf(err)).toMatchObject({ code: 'EADDRINUSE', syscall: 'listen' });
    const inUse = new DataFolderInUseError('/srv/hearth/hearth.lock', 4242);
    expect(failureOf(inUse)).toMatchObject({
      code: 'HEARTH_DATA_FOLDER_IN_USE',
      pid: 4242,
    });
    expect(failureOf('text')).toEqual({ message: 'text' });
  });
});
