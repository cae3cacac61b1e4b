// Where things are, for tests: the repository, the shared real-audio corpus
// beside it, and fresh temporary folders that are removed after the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The real audio corpus (../shared/corpus/real beside the repository). */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'real');

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
