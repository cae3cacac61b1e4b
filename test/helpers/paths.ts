// Where things are, for tests: the repository, the shared real-audio corpus
// beside it, and fresh temporary folders that are removed after the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * The shared folder of inputs nobody here wrote (the audio corpus, the
 * OpenSubsonic spec): HEARTH_SHARED, else ../shared beside the repository,
 * else /work/shared (where a clone elsewhere on this machine finds it).
 */
export const sharedDir = findShared();

function findShared(): string {
  const candidates = [
    process.env.HEARTH_SHARED,
    path.resolve(repoRoot, '..', 'shared'),
    '/work/shared',
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'corpus')));
  return found ?? candidates[0]!;
}

/** The real audio corpus (shared/corpus/real). */
export const corpusDir = path.join(sharedDir, 'corpus', 'real');

/** The built headless server entry (npm test builds before running). */
export const cliPath = path.join(repoRoot, 'dist', 'server', 'cli.js');

const made: string[] = [];

/** A new empty temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'hearth-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

process.on('exit', () => {
  for (const dir of made) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder made unreadable on purpose may resist; the OS cleans /tmp.
    }
  }
});
