// Scans of changed folders only (the watcher's rescans), against full scans
// of the same tree in a second database: walking just the changed folders
// must leave the library exactly as a full scan would, while reading only
// what is in those folders.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/index.js';
import { corpusDir, tempDir } from '../helpers/paths.js';
import { freshDb, rows, scan, snapshot } from '../library/helpers.js';

const songA = '04 Long Drive.flac';
const songB = "02-Yeahs-It's Blitz! 2.mp3";
const songC = 'Discogs - Yasmin Levy - Mi Korasón.flac';

let music: string;
let db: Db;
const at = (...parts: string[]) => path.join(music, ...parts);
const put = (song: string, ...dir: string[]) =>
  fs.copyFileSync(path.join(corpusDir, song), at(...dir, song));

/** The same tree scanned in full into a fresh database. */
async function fullScan(): Promise<Db> {
  const fresh = freshDb();
  await scan(fresh, [music]);
  return fresh;
}

beforeAll(async () => {
  music = tempDir('hearth-scope-');
  fs.mkdirSync(at('Album', 'CD1'), { recursive: true });
  fs.mkdirSync(at('Other'));
  const red = { width: 8, height: 8, channels: 3 as const, background: '#c00' };
  await sharp({ create: red }).jpeg().toFile(at('Album', 'cover.jpg'));
  put(songA, 'Album', 'CD1');
  put(songB, 'Other');
  db = freshDb();
  await scan(db, [music]);
});

describe('a scan of changed folders only', () => {
  it('reads only the changed folder, keeping the disc folder its parent cover', async () => {
    put(songC, 'Album', 'CD1');
    put(songA, 'Other');
    const result = await scan(db, [music], { only: [at('Album', 'CD1', songC)] });
    expect(result).toMatchObject({ added: 1, unchanged: 1, read: 1, removed: 0 });

    // The file in the folder that was not named is not read yet.
    const other = rows(db, 'SELECT path FROM track WHERE path = ?', at('Other', songA));
    expect(other).toEqual([]);
    const cd1 = rows<{ image_path: string | null }>(
      db,
      'SELECT image_path FROM folder WHERE path = ?',
      at('Album', 'CD1'),
    );
    expect(cd1).toEqual([{ image_path: at('Album', 'cover.jpg') }]);
  });

  it('leaves the library as a full scan would, once every change is scanned', async () => {
    await scan(db, [music], { only: [at('Other')] });
    expect(snapshot(db)).toEqual(snapshot(await fullScan()));
  });

  it('takes a vanished folder as a change of its parent', async () => {
    fs.rmSync(at('Other'), { recursive: true });
    const result = await scan(db, [music], { only: [at('Other', songB)] });
    expect(result.removed).toBe(2);
    expect(snapshot(db)).toEqual(snapshot(await fullScan()));
  });

  it('ignores paths outside the music folders', async () => {
    const result = await scan(db, [music], { only: [tempDir('hearth-elsewhere-')] });
    expect(result).toMatchObject({ files: 0, read: 0, removed: 0, wrote: false });
  });
});
