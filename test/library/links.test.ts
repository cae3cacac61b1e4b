// Symlinks and the music folders. The scanner follows a symlink only when
// its real path stays inside a music folder, since nothing else can be
// streamed: a linked file, folder, cover or lyrics file that leads out is
// recorded as a scan failure ("links outside the music folders") and never
// listed, and one indexed before (when its target was a music folder too)
// is removed. Links between music folders, and a music folder that is
// itself a symlink, are followed as before.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/index.js';
import { tempDir } from '../helpers/paths.js';
import { freshDb, makeImage, makeTone, rows, scan } from './helpers.js';

const root = tempDir('hearth-links-');
const music = path.join(root, 'music');
const other = path.join(root, 'other music');
const outside = path.join(root, 'outside');
const reason = 'links outside the music folders';
const at = (...parts: string[]) => path.join(music, ...parts);

beforeAll(async () => {
  await makeTone(at('Album', '01 Real.flac'), { tags: { title: 'Real' } });
  await makeTone(path.join(other, 'Shared', '01 Shared.flac'), {
    tags: { title: 'Shared' },
  });
  await makeTone(path.join(outside, 'Secret', '01 Secret.flac'), {
    tags: { title: 'Secret' },
  });
  await makeTone(path.join(outside, 'Loose.flac'), { tags: { title: 'Loose' } });
  await makeImage(path.join(outside, 'cover.jpg'));
  fs.writeFileSync(path.join(outside, 'words.lrc'), '[00:00.00]secret words\n');

  // Out of the music folders: a file, a folder, a cover and a lyrics file.
  fs.symlinkSync(path.join(outside, 'Loose.flac'), at('Album', '02 Loose.flac'));
  fs.symlinkSync(path.join(outside, 'Secret'), at('Linked Out'));
  fs.symlinkSync(path.join(outside, 'cover.jpg'), at('Album', 'cover.jpg'));
  fs.symlinkSync(path.join(outside, 'words.lrc'), at('Album', '01 Real.lrc'));
  // Into the other music folder: followed.
  fs.symlinkSync(
    path.join(other, 'Shared', '01 Shared.flac'),
    at('Album', '03 Shared.flac'),
  );
});

const titles = (db: Db) =>
  rows<{ title: string }>(db, 'SELECT title FROM track ORDER BY title').map(
    (r) => r.title,
  );
const failures = (db: Db) =>
  rows<{ path: string; reason: string }>(
    db,
    'SELECT path, reason FROM scan_failure ORDER BY path',
  );

describe('symlinks out of the music folders', () => {
  it('are recorded with their reason and not indexed', async () => {
    const db = freshDb();
    await scan(db, [music, other]);
    expect(titles(db)).toEqual(['Real', 'Shared', 'Shared']);
    expect(failures(db)).toEqual([
      { path: at('Album', '01 Real.lrc'), reason },
      { path: at('Album', '02 Loose.flac'), reason },
      { path: at('Album', 'cover.jpg'), reason },
      { path: at('Linked Out'), reason },
    ]);
    // Neither the linked cover nor the linked lyrics reached the library.
    expect(
      rows(db, 'SELECT image_path FROM folder WHERE image_path IS NOT NULL'),
    ).toEqual([]);
    expect(rows(db, 'SELECT lyrics FROM track WHERE lyrics IS NOT NULL')).toEqual([]);

    // A change the watcher saw through the link starts no walk out there.
    const only = [at('Linked Out', '01 Secret.flac')];
    expect(await scan(db, [music, other], { only })).toMatchObject({ added: 0 });
    expect(titles(db)).toEqual(['Real', 'Shared', 'Shared']);
    expect(failures(db)).toContainEqual({ path: at('Linked Out'), reason });
    db.close();
  });

  it('are removed when their target stops being a music folder', async () => {
    const db = freshDb();
    // The linked folder is walked once, through the link (its target is then
    // "already scanned"); the other music folder is not configured here.
    await scan(db, [music, outside]);
    expect(titles(db)).toEqual(['Loose', 'Loose', 'Real', 'Secret']);

    // Without it: its own Loose goes with it, and both links' tracks go too.
    const result = await scan(db, [music]);
    expect(result.removed).toBe(3);
    expect(titles(db)).toEqual(['Real']);
    expect(failures(db).map((f) => path.relative(music, f.path))).toEqual([
      'Album/01 Real.lrc',
      'Album/02 Loose.flac',
      'Album/03 Shared.flac',
      'Album/cover.jpg',
      'Linked Out',
    ]);
    expect(rows(db, "SELECT name FROM folder WHERE name = 'Linked Out'")).toEqual([]);
    db.close();
  });

  it('a music folder that is itself a symlink is followed', async () => {
    const link = path.join(tempDir('hearth-links-root-'), 'Music');
    fs.symlinkSync(music, link);
    const db = freshDb();
    await scan(db, [link]);
    expect(titles(db)).toEqual(['Real']);
    expect(failures(db).map((f) => path.relative(link, f.path))).toEqual([
      'Album/01 Real.lrc',
      'Album/02 Loose.flac',
      'Album/03 Shared.flac',
      'Album/cover.jpg',
      'Linked Out',
    ]);
    db.close();
  });
});
