// Crash during a scan: the built scanner (hearth-scan) scans a library of a
// few thousand files in a child process and is killed with SIGKILL half-way.
// The database must open cleanly, and the next scan must end with exactly the
// library a clean scan of the same files produces.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import { corpusDir, repoRoot, tempDir } from '../helpers/paths.js';
import { copyCorpus, freshDb, scan, snapshot } from './helpers.js';

const scanCli = path.join(repoRoot, 'dist', 'server', 'library', 'scan-cli.js');
const copies = 10;

let music: string;
let dataDir: string;
let killedAt: number;
let db: Db;

/** The corpus's audio files, hard-linked `copies` times into numbered folders. */
function buildLibrary(): void {
  const source = tempDir('hearth-crash-src-');
  copyCorpus(source);
  const audio = fs
    .readdirSync(corpusDir)
    .filter((name) => !/\.(txt|md|tsv|jpg)$/.test(name));
  for (let i = 0; i < copies; i++) {
    const dir = path.join(music, `Copy ${String(i).padStart(2, '0')}`);
    fs.mkdirSync(dir);
    for (const name of audio) fs.linkSync(path.join(source, name), path.join(dir, name));
  }
}

const trackCount = (file: string) => {
  const reader = openDb(file, { migrate: false, readonly: true });
  try {
    return reader.prepare('SELECT count(*) FROM track').pluck().get() as number;
  } catch {
    return 0;
  } finally {
    reader.close();
  }
};

/** Runs hearth-scan and kills it with SIGKILL once `atLeast` tracks are stored. */
async function scanAndKill(atLeast: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [scanCli, '--data', dataDir, '--music', music, '--threads', '2'],
    { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (child.exitCode !== null) throw new Error('the scan ended before it was killed');
      const stored = fs.existsSync(dbFile(dataDir)) ? trackCount(dbFile(dataDir)) : 0;
      if (stored >= atLeast) {
        child.kill('SIGKILL');
        await exited;
        return stored;
      }
    }
  } finally {
    child.kill('SIGKILL');
  }
}

beforeAll(async () => {
  music = tempDir('hearth-crash-');
  dataDir = tempDir('hearth-crash-data-');
  buildLibrary();
  killedAt = await scanAndKill(300);
}, 180_000);

afterAll(() => db?.close());

describe('a scan killed with SIGKILL', () => {
  it('leaves a database that opens cleanly', () => {
    db = openDb(dbFile(dataDir));
    expect(killedAt).toBeGreaterThanOrEqual(300);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const stored = db.prepare('SELECT count(*) FROM track').pluck().get() as number;
    expect(stored).toBeLessThan(copies * 100);
  });

  it('is completed by the next scan into the library a clean scan gives', async () => {
    const resumed = await scan(db, [music]);
    expect(resumed.unchanged).toBeGreaterThanOrEqual(killedAt);
    const clean = freshDb();
    await scan(clean, [music]);
    expect(snapshot(db)).toEqual(snapshot(clean));
    clean.close();
  }, 240_000);
});
