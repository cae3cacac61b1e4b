// Hostile files: the corpus's parser-loop samples, a file whose parse never
// ends (a huge sparse file of zeros named .mp3), a truncated file, a zero-byte
// file, text named .mp3, an unreadable file, a FIFO, symlink loops and a name
// that is not UTF-8. The built scanner (hearth-scan) runs them in a child
// process, as an unprivileged user when the tests run as root (root reads
// mode 000 files). Each is recorded with its reason, good files beside them
// are indexed, and the scan ends in bounded time.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbFile, openDb } from '../../server/db/index.js';
import type { ScanResult } from '../../server/library/scanner/index.js';
import { corpusDir, repoRoot, tempDir } from '../helpers/paths.js';
import { rows } from './helpers.js';

const scanCli = path.join(repoRoot, 'dist', 'server', 'library', 'scan-cli.js');
const nobody = 65534;
const asRoot = process.getuid?.() === 0;

let music: string;
let dataDir: string;
let result: ScanResult;
let elapsedMs: number;
const at = (name: string) => path.join(music, name);

/** What each hostile entry must be recorded as. */
const expected: Record<string, RegExp> = {
  'CWE-835-01.aiff': /tag parse error/,
  'CWE-835.wma': /tag parse error/,
  'corrupt.mkv': /tag parse error/,
  'endless zeros.mp3': /^parse timed out$/,
  'truncated.m4a': /tag parse error/,
  'empty.mp3': /^empty file$/,
  'text.mp3': /^no audio stream or tags found$/,
  'locked.mp3': /^permission denied$/,
  'pipe.mp3': /^not a regular file$/,
  'self.mp3': /^symlink loop$/,
  'dangling.flac': /^broken symlink$/,
  'nested/back': /^symlink loop$/,
  'locked folder': /^permission denied$/,
};

function build(): void {
  for (const name of ['CWE-835-01.aiff', 'CWE-835.wma', 'corrupt.mkv', 'issue-802.mp3']) {
    fs.copyFileSync(path.join(corpusDir, name), at(name));
  }
  fs.copyFileSync(path.join(corpusDir, 'flac.flac'), at('nested/good.flac'));
  // A parse that would scan 64 GiB of zeros for an MPEG sync: it must be cut off.
  fs.writeFileSync(at('endless zeros.mp3'), '');
  fs.truncateSync(at('endless zeros.mp3'), 64 * 1024 ** 3);
  const m4a = fs.readFileSync(path.join(corpusDir, 'id4.m4a'));
  fs.writeFileSync(at('truncated.m4a'), m4a.subarray(0, 5000));
  fs.writeFileSync(at('empty.mp3'), '');
  fs.writeFileSync(at('text.mp3'), 'this is not audio, only text with an .mp3 name\n');
  fs.writeFileSync(at('locked.mp3'), m4a);
  fs.chmodSync(at('locked.mp3'), 0o000);
  execFileSync('mkfifo', [at('pipe.mp3')]);
  fs.symlinkSync('self.mp3', at('self.mp3'));
  fs.symlinkSync('missing.flac', at('dangling.flac'));
  fs.symlinkSync('..', at('nested/back'));
  fs.mkdirSync(at('locked folder/inside'), { recursive: true });
  fs.copyFileSync(path.join(corpusDir, 'flac.flac'), at('locked folder/inside/x.flac'));
  fs.chmodSync(at('locked folder'), 0o000);
  fs.writeFileSync(
    Buffer.concat([
      Buffer.from(`${music}/bad-`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('.mp3'),
    ]),
    m4a,
  );
}

/** Opens everything up for the unprivileged scanner (data folder and music). */
function openUp(dir: string): void {
  fs.chmodSync(dir, 0o777);
}

beforeAll(async () => {
  music = tempDir('hearth-hostile-');
  dataDir = tempDir('hearth-hostile-data-');
  fs.mkdirSync(at('nested'));
  build();
  openUp(music);
  openUp(dataDir);
  openUp(at('nested'));

  const args = [
    scanCli,
    '--data',
    dataDir,
    '--music',
    music,
    '--parse-timeout-ms',
    '3000',
  ];
  const started = Date.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...args, '--threads', '2'],
    {
      ...(asRoot ? { uid: nobody, gid: nobody } : {}),
      env: { ...process.env, LOG_LEVEL: 'warn' },
      timeout: 90_000,
    },
  );
  elapsedMs = Date.now() - started;
  result = JSON.parse(stdout.trim().split('\n').pop() as string) as ScanResult;
  fs.chmodSync(at('locked folder'), 0o755);
}, 120_000);

describe('a scan over hostile files', () => {
  it('records every hostile entry with its reason', () => {
    const db = openDb(dbFile(dataDir), { migrate: false });
    const failures = new Map(
      rows<{ path: string; reason: string }>(
        db,
        'SELECT path, reason FROM scan_failure',
      ).map((f) => [f.path, f.reason]),
    );
    for (const [name, reason] of Object.entries(expected)) {
      expect(failures.get(at(name)), name).toMatch(reason);
    }
    const badName = [...failures.entries()].find(([p]) => p.includes('bad-'));
    expect(badName?.[1]).toBe('file name is not valid UTF-8');
    db.close();
  });

  it('indexes the good files beside them and finishes in bounded time', () => {
    const db = openDb(dbFile(dataDir), { migrate: false });
    const paths = rows<{ path: string }>(db, 'SELECT path FROM track ORDER BY path').map(
      (r) => r.path,
    );
    expect(paths).toEqual([at('issue-802.mp3'), at('nested/good.flac')]);
    expect(result).toMatchObject({ added: 2, aborted: false });
    expect(result.failed).toBe(Object.keys(expected).length + 1);
    // One 3 s parse timeout, the rest quick: far below the 64 GiB parse.
    expect(elapsedMs).toBeLessThan(45_000);
    db.close();
  });
});
