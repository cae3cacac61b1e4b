// Rescans of a temp copy of the corpus: an unchanged library writes nothing;
// a touched file is the only one re-read; a deleted file goes, with its album
// when that is empty; a moved file is found at its new path with its old id;
// a music folder that is gone (an unplugged disk) is a failure, not a removal;
// with no music folder readable at all, a scan changes nothing and says why;
// a music folder taken out of the settings goes with its tracks.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/index.js';
import { tempDir } from '../helpers/paths.js';
import { copyCorpus, freshDb, makeTone, rows, scan, snapshot } from './helpers.js';

let db: Db;
let music: string;
let first: Awaited<ReturnType<typeof scan>>;
const at = (name: string) => path.join(music, name);
const totalChanges = () => db.prepare('SELECT total_changes()').pluck().get() as number;

interface Row {
  id: string;
  path: string;
  album_id: string;
  updated_at: number;
}

const trackAt = (file: string) =>
  rows<Row>(
    db,
    'SELECT id, path, album_id, updated_at FROM track WHERE path = ?',
    file,
  )[0];

beforeAll(async () => {
  music = tempDir('hearth-rescan-');
  copyCorpus(music);
  db = freshDb();
  first = await scan(db, [music]);
}, 120_000);

describe('rescanning', () => {
  it('writes nothing when nothing changed, and says so', async () => {
    const before = snapshot(db, true);
    const changes = totalChanges();
    const again = await scan(db, [music]);
    expect(again).toMatchObject({
      wrote: false,
      read: 0,
      added: 0,
      updated: 0,
      removed: 0,
    });
    expect(again.unchanged).toBe(first.added + first.failed);
    expect(totalChanges()).toBe(changes);
    expect(snapshot(db, true)).toEqual(before);
  });

  it('re-reads only a touched file', async () => {
    const file = at('issue-802.mp3');
    const others = rows<Row>(
      db,
      'SELECT id, updated_at FROM track WHERE path != ?',
      file,
    );
    const old = trackAt(file) as Row;
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(file, later, later);

    const result = await scan(db, [music]);
    expect(result).toMatchObject({
      read: 1,
      updated: 1,
      added: 0,
      removed: 0,
      wrote: true,
    });
    expect(trackAt(file)?.id).toBe(old.id);
    expect(trackAt(file)?.updated_at).toBeGreaterThanOrEqual(old.updated_at);
    expect(
      rows<Row>(db, 'SELECT id, updated_at FROM track WHERE path != ?', file),
    ).toEqual(others);
  });

  it('removes a deleted file, its album when empty, and its artist when unused', async () => {
    const file = at('issue_56.mp3');
    const { album_id: albumId } = trackAt(file) as Row;
    expect(rows(db, 'SELECT 1 FROM track WHERE album_id = ?', albumId)).toHaveLength(1);
    fs.rmSync(file);

    const result = await scan(db, [music]);
    expect(result).toMatchObject({ removed: 1, read: 0, wrote: true });
    expect(trackAt(file)).toBeUndefined();
    expect(rows(db, 'SELECT 1 FROM album WHERE id = ?', albumId)).toEqual([]);
    expect(rows(db, "SELECT 1 FROM artist WHERE name = 'Wanastowi Vjecy'")).toEqual([]);
    expect(rows(db, 'SELECT 1 FROM search_doc WHERE ref = ?', albumId)).toEqual([]);
  });

  it('finds a moved file at its new path, with the same id', async () => {
    const from = at('issue-802.mp3');
    const to = at('Moved Here/renamed.mp3');
    const old = trackAt(from) as Row;
    fs.mkdirSync(path.dirname(to));
    fs.renameSync(from, to);

    const result = await scan(db, [music]);
    expect(result).toMatchObject({ moved: 1, added: 0, removed: 0 });
    expect(trackAt(from)).toBeUndefined();
    expect(trackAt(to)).toMatchObject({ id: old.id, album_id: old.album_id });
    const folder = rows<{ name: string }>(
      db,
      'SELECT f.name FROM folder f JOIN track t ON t.folder_id = f.id WHERE t.id = ?',
      old.id,
    );
    expect(folder).toEqual([{ name: 'Moved Here' }]);
  });

  it('finds a file copied elsewhere and then deleted, as a move', async () => {
    const from = at('Moved Here/renamed.mp3');
    const to = at('Elsewhere/copy.mp3');
    const old = trackAt(from) as Row;
    fs.mkdirSync(path.dirname(to));
    fs.copyFileSync(from, to);
    fs.rmSync(path.dirname(from), { recursive: true });

    expect(await scan(db, [music])).toMatchObject({ moved: 1, added: 0, removed: 0 });
    expect(trackAt(to)?.id).toBe(old.id);
    expect(rows(db, "SELECT 1 FROM folder WHERE name = 'Moved Here'")).toEqual([]);
  });

  it('ends with the same albums, artists and folders as a fresh scan', async () => {
    const fresh = freshDb();
    await scan(fresh, [music]);
    const mine = snapshot(db);
    const theirs = snapshot(fresh);
    for (const table of [
      'library',
      'folder',
      'artist',
      'album',
      'genre',
      'scan_failure',
    ]) {
      expect(mine[table], table).toEqual(theirs[table]);
    }
    const paths = (d: Db) => rows(d, 'SELECT path FROM track ORDER BY path');
    expect(paths(db)).toEqual(paths(fresh));
    fresh.close();
  });

  it('records a music folder that is gone as a failure, and keeps its tracks', async () => {
    const failureOf = (dir: string) =>
      rows<{ reason: string }>(db, 'SELECT reason FROM scan_failure WHERE path = ?', dir);
    const tracks = rows(db, 'SELECT id FROM track ORDER BY id');
    // Another music folder, readable, so that this scan runs.
    const spare = tempDir('hearth-spare-');
    const unplugged = `${music}.unplugged`;
    fs.renameSync(music, unplugged);
    try {
      // Unplugged: one failure with a clear reason; nothing is removed.
      const result = await scan(db, [music, spare]);
      expect(result).toMatchObject({ failed: 1, removed: 0, added: 0 });
      expect(failureOf(music)).toEqual([{ reason: 'music folder does not exist' }]);
      expect(rows(db, 'SELECT id FROM track ORDER BY id')).toEqual(tracks);
    } finally {
      fs.renameSync(unplugged, music);
    }

    // Back: the failure goes, the tracks are as they were.
    expect(await scan(db, [music])).toMatchObject({ removed: 0, added: 0 });
    expect(failureOf(music)).toEqual([]);
    expect(rows(db, 'SELECT id FROM track ORDER BY id')).toEqual(tracks);
  });

  it('with no music folder readable, changes nothing and says why', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const before = snapshot(db, true);
    const changes = totalChanges();
    const unplugged = `${music}.unplugged`;
    // The default folder that does not exist (a run without --music), and
    // the one music folder unplugged.
    const missing = path.join(tempDir('hearth-home-'), 'Music');
    fs.renameSync(music, unplugged);
    try {
      for (const folders of [[missing], [music], [music, missing], []]) {
        const result = await scan(db, folders, { log });
        expect(result, folders.join()).toMatchObject({
          skipped: 'no music folder can be read',
          wrote: false,
          removed: 0,
          failed: 0,
        });
      }
    } finally {
      fs.renameSync(unplugged, music);
    }
    expect(totalChanges()).toBe(changes);
    expect(snapshot(db, true)).toEqual(before);
    const warned = lines.filter(
      (l) => l.msg === 'scan skipped: no music folder can be read',
    );
    expect(warned).toHaveLength(4);
    expect(warned[0]).toMatchObject({
      level: 40,
      folders: [{ path: missing, reason: 'music folder does not exist' }],
    });
  });

  it('records a music folder that is a file as a failure', async () => {
    const file = path.join(tempDir('hearth-not-a-folder-'), 'music.txt');
    fs.writeFileSync(file, 'not a folder\n');
    const fresh = freshDb();
    const spare = tempDir('hearth-spare-');
    expect(await scan(fresh, [file, spare])).toMatchObject({ failed: 1, added: 0 });
    expect(rows(fresh, 'SELECT path, reason FROM scan_failure')).toEqual([
      { path: file, reason: 'music folder is not a folder' },
    ]);
    fresh.close();
  });
});

describe('music folders taken out of the settings', () => {
  it('go with their tracks while another music folder is readable', async () => {
    const kept = tempDir('hearth-kept-');
    const dropped = tempDir('hearth-dropped-');
    await makeTone(path.join(kept, 'a.flac'), { tags: { title: 'Kept' } });
    await makeTone(path.join(dropped, 'b.flac'), { tags: { title: 'Dropped' } });
    await makeTone(path.join(dropped, 'c.flac'), { tags: { title: 'Dropped too' } });
    const fresh = freshDb();
    await scan(fresh, [kept, dropped]);
    expect(await scan(fresh, [kept])).toMatchObject({ removed: 2 });
    expect(rows(fresh, 'SELECT title FROM track')).toEqual([{ title: 'Kept' }]);
    expect(rows(fresh, 'SELECT path FROM library')).toEqual([{ path: kept }]);
    fresh.close();
  });
});
