// The built CLI across restarts, as the README tells a new user to run it:
// the first start saves its flags (--save), the next one needs none, and a
// flag that overrides settings.json says so in the log.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, test } from 'vitest';
import { cliPath, tempDir } from '../helpers/paths.js';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** Runs the CLI until it serves, stops it with SIGTERM, and returns its log. */
function serveOnce(args: string[]): Promise<LogLine[]> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no "hearth is serving"'));
    }, 20_000);
    readline.createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      if (line.msg === 'hearth is serving') child.kill('SIGTERM');
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(lines);
      else reject(new Error(`cli exited with ${code}`));
    });
  });
}

const serving = (lines: LogLine[]) => lines.find((l) => l.msg === 'hearth is serving');
const overrides = (lines: LogLine[]) =>
  lines.filter((l) => l.msg === 'a flag overrides settings.json for this run');

describe('--save, then starting again', () => {
  test('the first start saves its flags; the next needs none; an override warns', async () => {
    const data = tempDir();
    const [music, other] = [tempDir('hearth-music-'), tempDir('hearth-music-')];
    const flags = ['--music', music, '--port', '0', '--workers', '0', '--no-scan'];

    // 1. The README's first command: the flags go into settings.json.
    const first = await serveOnce(['--data', data, ...flags, '--save']);
    expect(first.filter((l) => l.msg === 'settings given as flags saved')).toHaveLength(
      1,
    );
    const file = path.join(data, 'settings.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      musicFolders: [music],
      port: 0,
      workers: 0,
      scanOnStart: false,
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    // 2. "Starting it again": no flags, the same library.
    const again = await serveOnce(['--data', data]);
    expect(serving(again)).toMatchObject({ musicFolders: [music], workers: 0 });
    expect(overrides(again)).toEqual([]);

    // 3. A flag with another value wins for this run, and says so.
    const flagged = await serveOnce(['--data', data, '--music', other]);
    expect(serving(flagged)).toMatchObject({ musicFolders: [other] });
    expect(overrides(flagged)).toEqual([
      expect.objectContaining({ level: 40, flag: '--music', key: 'musicFolders' }),
    ]);
  });
});
