// The workers' socket folders carry their supervisor's pid, and a starting
// supervisor removes the folders of supervisors that are gone (kill -9 left
// them behind), never a live one's, another user's or one it cannot place.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  makeSocketPlace,
  removeDeadSocketFolders,
} from '../../server/supervisor/sockets.js';
import { tempDir } from '../helpers/paths.js';
import { deadPid, idleProcess } from '../helpers/processes.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process that lives until the test ends. */
function livePid(): number {
  const child = idleProcess();
  children.push(child);
  return child.pid!;
}

/** Makes a socket folder with a socket-like file in it. */
function folder(root: string, name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { mode: 0o700 });
  fs.writeFileSync(path.join(dir, 'http-1-1234.sock'), '');
  return dir;
}

describe.skipIf(process.platform === 'win32')('socket folders', () => {
  test('the folders of supervisors that are gone are removed, and only those', () => {
    const root = tempDir('hearth-roots-');
    const dead = folder(root, `hearth-sock-${deadPid()}-aB3dE9`);
    const kept = [
      folder(root, `hearth-sock-${livePid()}-xY7zQ1`),
      folder(root, `hearth-sock-${process.pid}-mN4pR2`),
      // Named before folders carried a pid: whose it is cannot be told.
      folder(root, 'hearth-sock-k2J9sT'),
      folder(root, 'something-else'),
    ];
    removeDeadSocketFolders(root);
    expect(fs.existsSync(dead)).toBe(false);
    for (const dir of kept) expect(fs.existsSync(dir), dir).toBe(true);
  });

  test("a new place carries this process's pid, and clears dead ones beside it", () => {
    const dead = folder(os.tmpdir(), `hearth-sock-${deadPid()}-tEsT01`);
    const place = makeSocketPlace();
    try {
      expect(path.basename(place.base)).toMatch(
        new RegExp(`^hearth-sock-${process.pid}-\\w{6}$`),
      );
      expect(fs.statSync(place.base).mode & 0o777).toBe(0o700);
      expect(fs.existsSync(dead)).toBe(false);
    } finally {
      place.remove();
    }
    expect(fs.existsSync(place.base)).toBe(false);
  });
});
