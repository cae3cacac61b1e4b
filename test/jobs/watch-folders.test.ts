// The music folder watch on its own, in this process with a short poll: a
// music folder missing at start is waited for and watched once it appears,
// and one replaced by a new folder of the same name is watched again. Each
// return is reported as a change of the whole music folder, so the rescan
// catches up. (The job worker's watch, end to end: watcher.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchLibrary, type LibraryWatcher } from '../../server/library/watcher.js';
import { tempDir } from '../helpers/paths.js';
import { until } from '../supervisor/harness.js';

let watcher: LibraryWatcher | null = null;
afterEach(async () => {
  await watcher?.close();
  watcher = null;
});

/** Watches `folders` with a 100 ms poll; `seen` collects the changed folders. */
async function start(folders: string[]) {
  const seen: string[] = [];
  let events = 0;
  watcher = watchLibrary({
    folders,
    onChange: (folder) => seen.push(folder),
    onFolders: () => (events += 1),
    pollMs: 100,
  });
  await watcher.ready;
  return { seen, events: () => events };
}

describe('watching music folders that come and go', () => {
  it('waits for a music folder missing at start, then watches it', async () => {
    const music = path.join(tempDir('hearth-late-'), 'Music');
    const { seen, events } = await start([music]);
    expect(watcher!.missing).toBe(1);

    fs.mkdirSync(music);
    await until(() => seen.includes(music), 5_000, 20);
    expect(watcher!.missing).toBe(0);
    expect(events()).toBe(1);

    fs.mkdirSync(path.join(music, 'Album'));
    fs.writeFileSync(path.join(music, 'Album', 'a.mp3'), 'x');
    await until(() => seen.includes(path.join(music, 'Album')), 5_000, 20);
  });

  it('watches a music folder again after it was replaced by another', async () => {
    const music = tempDir('hearth-replaced-');
    const { seen, events } = await start([music]);
    fs.renameSync(music, `${music}.old`);
    fs.mkdirSync(music);
    await until(() => seen.includes(music), 5_000, 20);
    expect(watcher!.missing).toBe(0);
    expect(events()).toBeGreaterThanOrEqual(1);

    fs.writeFileSync(path.join(music, 'b.mp3'), 'x');
    const count = seen.length;
    await until(() => seen.slice(count).includes(music), 5_000, 20);
  });
});
