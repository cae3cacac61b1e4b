// One server per data folder: the lock file holds the serving process's pid,
// a live holder stops a second start (one line on stderr, exit 1, from the
// built CLI), and the lock of a process that is gone is taken over.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import {
  DataFolderInUseError,
  lockDataFolder,
  lockFileOf,
} from '../../server/data-lock.js';
import { cliPath, tempDir } from '../helpers/paths.js';
import { deadPid, idleProcess } from '../helpers/processes.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process that lives until the test ends. */
function liveProcess(): number {
  const child = idleProcess();
  children.push(child);
  return child.pid!;
}

describe('lockDataFolder', () => {
  test('writes this pid, 0600, and removes it on release', () => {
    const data = tempDir();
    const lock = lockDataFolder(data);
    expect(fs.readFileSync(lock.file, 'utf8')).toBe(`${process.pid}\n`);
    expect(fs.statSync(lock.file).mode & 0o777).toBe(0o600);
    // This process again (the tray restarting its server): still its own.
    expect(lockDataFolder(data).file).toBe(lock.file);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
    expect(fs.readdirSync(data)).toEqual([]);
  });

  test('a live holder: refused, naming its pid, and its lock is left alone', () => {
    const data = tempDir();
    const pid = liveProcess();
    fs.writeFileSync(lockFileOf(data), `${pid}\n`);
    const error = (() => {
      try {
        lockDataFolder(data);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect(error).toMatchObject({ code: 'HEARTH_DATA_FOLDER_IN_USE', pid });
    expect(fs.readFileSync(lockFileOf(data), 'utf8')).toBe(`${pid}\n`);
  });

  test.each([
    ['a process that is gone', () => `${deadPid()}\n`],
    ['no pid at all', () => 'not a pid'],
    ['nothing', () => ''],
  ])('a lock naming %s is taken over', (_, content) => {
    const data = tempDir();
    fs.writeFileSync(lockFileOf(data), content());
    const lock = lockDataFolder(data);
    expect(fs.readFileSync(lock.file, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });
});

/** Starts the built CLI on `data` and resolves with it once it serves. */
function serve(data: string): Promise<{ child: ChildProcess; lines: string[] }> {
  const args = ['--data', data, '--music', tempDir(), '--port', '0', '--workers', '0'];
  const child = spawn(process.execPath, [cliPath, ...args, '--no-scan'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.includes('"hearth is serving"')) resolve({ child, lines });
    });
    child.on('exit', (code) => reject(new Error(`cli exited with ${code}`)));
  });
}

describe('two servers on one data folder', () => {
  test('the second exits 1 with one line naming the first; after kill -9 a start takes over', async () => {
    const data = tempDir();
    const first = await serve(data);
    expect(fs.readFileSync(lockFileOf(data), 'utf8')).toBe(`${first.child.pid}\n`);

    // A second server on the same folder, on another port.
    const second = spawnSync(
      process.execPath,
      [cliPath, '--data', data, '--port', '0', '--workers', '0', '--no-scan'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(
      `hearth: ${data} is in use by another Hearth (pid ${first.child.pid}): ` +
        'stop it or pass another --data\n',
    );

    // The first dies without a word; the next start takes its lock over.
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const third = await serve(data);
    expect(fs.readFileSync(lockFileOf(data), 'utf8')).toBe(`${third.child.pid}\n`);
    expect(
      third.lines.some((line) => line.includes('lock of a process that is gone')),
    ).toBe(true);

    // A clean stop removes the lock.
    third.child.kill('SIGTERM');
    await new Promise((resolve) => third.child.once('exit', resolve));
    expect(fs.existsSync(path.join(data, 'hearth.lock'))).toBe(false);
  });
});
