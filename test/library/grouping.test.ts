// Album grouping, covers and sidecars on a small library made with ffmpeg:
// a two-disc album in CD1/ and CD2/, a compilation, one title by two album
// artists, an album artist with a trailing space, folder images in any case,
// an embedded cover, and an .lrc file beside a track.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/index.js';
import { readCover } from '../../server/library/cover.js';
import { parseLrc, readLyrics } from '../../server/library/lyrics.js';
import { tempDir } from '../helpers/paths.js';
import { freshDb, makeImage, makeTone, rows, scan } from './helpers.js';

let db: Db;
let music: string;
const at = (rel: string) => path.join(music, rel);

beforeAll(async () => {
  music = tempDir('hearth-group-');
  const art = tempDir('hearth-art-');
  await makeImage(path.join(art, 'blue.png'), 'blue');
  const twoDisc = {
    album: 'Two Sides',
    album_artist: 'Aurora Lane',
    artist: 'Aurora Lane',
  };
  await Promise.all([
    makeTone(at('Aurora Lane/Two Sides/CD1/01 Dawn.mp3'), {
      tags: { ...twoDisc, title: 'Dawn', track: '1/1', disc: '1/2' },
    }),
    makeTone(at('Aurora Lane/Two Sides/CD2/01 Dusk.mp3'), {
      hz: 550,
      tags: { ...twoDisc, title: 'Dusk', track: '1/1', disc: '2/2' },
    }),
    makeImage(at('Aurora Lane/Two Sides/folder.jpg')),
    makeTone(at('Mix/Summer/01.mp3'), {
      tags: {
        title: 'Sunburst',
        artist: 'Aurora Lane',
        album: 'Summer',
        compilation: '1',
      },
    }),
    makeTone(at('Mix/Summer/02.mp3'), {
      hz: 660,
      tags: {
        title: 'Tide',
        artist: 'Marlow Reed/Kai Ono',
        album: 'Summer',
        compilation: '1',
      },
    }),
    makeTone(at('P/Greatest Hits/01.flac'), {
      tags: { title: 'One', artist: 'P', album_artist: 'P', album: 'Greatest Hits' },
    }),
    makeTone(at('Q/Greatest Hits/01.flac'), {
      tags: {
        title: 'One',
        artist: 'Q',
        album_artist: 'Q',
        album: 'Greatest Hits',
        genre: 'Rock;Pop',
      },
    }),
    makeTone(at('Tacocat/Lost Time/01.mp3'), {
      tags: {
        title: 'A',
        artist: 'Tacocat',
        album_artist: 'Tacocat ',
        album: 'Lost Time',
      },
    }),
    makeTone(at('Tacocat/Lost Time/02.mp3'), {
      hz: 500,
      tags: {
        title: 'B',
        artist: 'Tacocat',
        album_artist: 'Tacocat',
        album: 'Lost Time',
      },
    }),
    makeImage(at('Tacocat/Lost Time/Cover.JPG'), 'green'),
    makeTone(at('Covers/Both/01.mp3'), {
      cover: path.join(art, 'blue.png'),
      tags: { title: 'Embedded', artist: 'C', album: 'Both' },
    }),
    makeImage(at('Covers/Both/front.png'), 'yellow'),
    makeTone(at('Lyrics/song.flac'), {
      tags: { title: 'Sung', artist: 'L', album: 'Words' },
    }),
  ]);
  fs.writeFileSync(
    at('Lyrics/song.lrc'),
    '[ar:L]\n[00:01.50]first line\n[00:00.20]intro\n',
  );
  db = freshDb();
  await scan(db, [music]);
}, 120_000);

afterAll(() => db.close());

interface Album {
  id: string;
  name: string;
  artist_name: string;
  compilation: number;
  track_count: number;
  disc_count: number;
  cover_path: string | null;
  cover_track_id: string | null;
}

const albumOf = (rel: string) =>
  rows<Album>(
    db,
    'SELECT al.* FROM album al JOIN track t ON t.album_id = al.id WHERE t.path = ?',
    at(rel),
  )[0] as Album;

const trackId = (rel: string) =>
  (
    rows<{ id: string }>(db, 'SELECT id FROM track WHERE path = ?', at(rel))[0] as {
      id: string;
    }
  ).id;

describe('album grouping', () => {
  it('joins CD1/ and CD2/ into one album, covered by the parent folder image', () => {
    const album = albumOf('Aurora Lane/Two Sides/CD1/01 Dawn.mp3');
    expect(albumOf('Aurora Lane/Two Sides/CD2/01 Dusk.mp3').id).toBe(album.id);
    expect([album.track_count, album.disc_count]).toEqual([2, 2]);
    expect(album.cover_path).toBe(at('Aurora Lane/Two Sides/folder.jpg'));
  });

  it('keeps a compilation as one album under Various Artists', () => {
    const album = albumOf('Mix/Summer/01.mp3');
    expect(albumOf('Mix/Summer/02.mp3').id).toBe(album.id);
    expect([album.artist_name, album.compilation, album.track_count]).toEqual([
      'Various Artists',
      1,
      2,
    ]);
  });

  it('keeps one title by two album artists apart', () => {
    const p = albumOf('P/Greatest Hits/01.flac');
    const q = albumOf('Q/Greatest Hits/01.flac');
    expect(p.id).not.toBe(q.id);
    expect([p.artist_name, q.artist_name]).toEqual(['P', 'Q']);
  });

  it('ignores a trailing space in the album artist', () => {
    const album = albumOf('Tacocat/Lost Time/01.mp3');
    expect(albumOf('Tacocat/Lost Time/02.mp3').id).toBe(album.id);
    expect(album.artist_name).toBe('Tacocat');
  });

  it('splits an ID3v2.3 artist on "/" and a genre on ";"', () => {
    const names = rows<{ name: string }>(
      db,
      `SELECT a.name FROM track_artist ta JOIN artist a ON a.id = ta.artist_id
       WHERE ta.track_id = ? AND ta.role = 'artist' ORDER BY ta.position`,
      trackId('Mix/Summer/02.mp3'),
    );
    expect(names.map((n) => n.name)).toEqual(['Marlow Reed', 'Kai Ono']);
    const genres = rows<{ name: string }>(
      db,
      `SELECT g.name FROM track_genre tg JOIN genre g ON g.id = tg.genre_id
       WHERE tg.track_id = ? ORDER BY tg.position`,
      trackId('Q/Greatest Hits/01.flac'),
    );
    expect(genres.map((g) => g.name)).toEqual(['Rock', 'Pop']);
  });
});

describe('covers and lyrics', () => {
  it('finds folder images in any case and prefers the embedded cover', async () => {
    const tacocat = albumOf('Tacocat/Lost Time/01.mp3');
    expect(tacocat.cover_path).toBe(at('Tacocat/Lost Time/Cover.JPG'));
    const fromFolder = await readCover(db, { albumId: tacocat.id });
    expect(
      fromFolder?.data.equals(fs.readFileSync(at('Tacocat/Lost Time/Cover.JPG'))),
    ).toBe(true);
    expect(fromFolder?.mime).toBe('image/jpeg');

    const both = albumOf('Covers/Both/01.mp3');
    expect(both.cover_track_id).toBe(trackId('Covers/Both/01.mp3'));
    const embedded = await readCover(db, { trackId: trackId('Covers/Both/01.mp3') });
    expect(embedded?.mime).toBe('image/png');
    expect(embedded?.data.equals(fs.readFileSync(at('Covers/Both/front.png')))).toBe(
      false,
    );
    expect(await readCover(db, { trackId: 'no-such-track' })).toBeNull();
  });

  it('reads an .lrc sidecar as synced lyrics', () => {
    const lyrics = readLyrics(db, trackId('Lyrics/song.flac'));
    expect(lyrics?.synced).toBe(true);
    expect(parseLrc(lyrics?.text ?? '')).toEqual([
      { startMs: 200, text: 'intro' },
      { startMs: 1500, text: 'first line' },
    ]);
  });
});
