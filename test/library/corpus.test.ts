// The real corpus (../shared/corpus/real) scanned into a real SQLite file and
// checked against MANIFEST.tsv: every file is a track or a recorded failure,
// and title, artist, album, album artist, track, disc, duration and cover
// match wherever the manifest knows them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/index.js';
import { readCover } from '../../server/library/cover.js';
import { searchQuery } from '../../server/library/search.js';
import type { ScanResult } from '../../server/library/scanner/index.js';
import { corpusDir } from '../helpers/paths.js';
import { freshDb, readManifest, rows, scan, type ManifestRow } from './helpers.js';

/** Files that are not audio: skipped by extension (or by sniffing), never tracks. */
const notAudio = [
  'LICENSE-music-metadata-samples.txt',
  'MANIFEST.tsv',
  'README.md',
  'SHA256SUMS',
  'flac.flac.jpg',
  'not-an-audio-file.txt',
];

/** Audio-looking files built to break parsers: recorded as failures. */
const rejected = ['CWE-835-01.aiff', 'CWE-835.wma', 'corrupt.mkv'];

/**
 * Rows where Hearth expects something other than the manifest, and why.
 * `duration_s: 'unknown'` means the scan stores 0 (no length known).
 */
const overrides: Record<string, Partial<ManifestRow>> = {
  // Two ID3v2 tags. The ID3v2.4 one, which wins over the v2.3 one, says TRCK
  // "1/13"; the manifest's "1" is the v2.3 tag's reading. Both are in the file.
  'id3-multi-01.mp3': { track: '1/13' },
  // "; " separates artists: the corpus README lists this very file as its
  // "; " example, and the file carries two MusicBrainz album artist ids. The
  // first album artist is therefore Bach alone.
  'bach-goldberg-variatians-05.sv8.mpc': { album_artist: 'Johann Sebastian Bach' },
  // STREAMINFO has no sample count; only a full decode finds 5 s. The
  // manifest's note allows "unknown", which is what headers can say.
  'test-unknown-duration.flac': { duration_s: 'unknown', decoded_s: 'unknown' },
};

interface TrackRow {
  id: string;
  path: string;
  title: string;
  artist_name: string;
  album_id: string;
  album: string;
  album_artist: string;
  track_no: number | null;
  track_total: number | null;
  disc_no: number | null;
  disc_total: number | null;
  duration: number;
  has_cover: number;
}

let db: Db;
let result: ScanResult;
const manifest = readManifest();

beforeAll(async () => {
  db = freshDb();
  result = await scan(db, [corpusDir]);
}, 120_000);

afterAll(() => db.close());

function track(file: string): TrackRow | undefined {
  return db
    .prepare(
      `SELECT t.*, al.name AS album, al.artist_name AS album_artist
       FROM track t JOIN album al ON al.id = t.album_id WHERE t.path = ?`,
    )
    .get(path.join(corpusDir, file)) as TrackRow | undefined;
}

function failure(file: string): string | undefined {
  return rows<{ reason: string }>(
    db,
    'SELECT reason FROM scan_failure WHERE path = ?',
    path.join(corpusDir, file),
  )[0]?.reason;
}

/** "A || B" in the manifest accepts either reading. */
const accepts = (expected: string, actual: string) =>
  expected.split(' || ').includes(actual);

/** A display credit "A / B" matches the manifest's first value "A". */
const firstOf = (expected: string, credit: string) =>
  expected.split(' || ').some((e) => credit === e || credit.startsWith(`${e} / `));

const pair = (no: number | null, of: number | null) => (of ? `${no}/${of}` : `${no}`);

describe('scanning the real corpus', () => {
  it('indexes every file or records why not', () => {
    for (const name of fs.readdirSync(corpusDir)) {
      if (notAudio.includes(name)) {
        expect(track(name), name).toBeUndefined();
        expect(failure(name), name).toBeUndefined();
      } else if (rejected.includes(name)) {
        expect(failure(name), name).toMatch(/\S/);
      } else {
        expect(track(name), `${name}: ${failure(name)}`).toBeDefined();
      }
    }
    expect(result.failed).toBe(rejected.length);
    expect(result.added).toBe(manifest.length - rejected.length - 2);
  });

  it.each(
    manifest.map((row) => [row.file as string, { ...row, ...overrides[row.file!] }]),
  )('%s matches the manifest', async (file, row) => {
    if (notAudio.includes(file) || rejected.includes(file)) return;
    const t = track(file) as TrackRow;
    const known = (v: string | undefined): v is string => v !== undefined && v !== '-';
    if (known(row.title))
      expect(t.title, 'title').toSatisfy((v: string) => accepts(row.title!, v));
    if (known(row.artist)) {
      expect(t.artist_name, 'artist').toSatisfy((v: string) => firstOf(row.artist!, v));
    }
    if (known(row.album))
      expect(t.album, 'album').toSatisfy((v: string) => accepts(row.album!, v));
    if (known(row.album_artist)) {
      expect(t.album_artist, 'album artist').toSatisfy((v: string) =>
        firstOf(row.album_artist!, v),
      );
    }
    if (known(row.track))
      expect(pair(t.track_no, t.track_total), 'track').toBe(row.track);
    if (known(row.disc)) expect(pair(t.disc_no, t.disc_total), 'disc').toBe(row.disc);
    expectDuration(t.duration, row);
    if (known(row.cover_art)) await expectCover(t, row.cover_art.startsWith('yes'));
  });
});

/** Within 0.5 s of the declared length, or of the decoded one when they differ. */
function expectDuration(actual: number, row: Partial<ManifestRow>): void {
  if (row.duration_s === 'unknown') return void expect(actual, 'duration').toBe(0);
  if (!row.duration_s || row.duration_s === '-') return;
  const declared = Number(row.duration_s);
  const decoded =
    row.decoded_s && row.decoded_s !== '-' ? Number(row.decoded_s) : declared;
  const near = (value: number) => Math.abs(actual - value) <= 0.5;
  const either = Math.abs(declared - decoded) > 0.5;
  expect(near(declared) || (either && near(decoded)), `duration ${actual}`).toBe(true);
}

async function expectCover(t: TrackRow, expected: boolean): Promise<void> {
  expect(t.has_cover, 'has cover').toBe(expected ? 1 : 0);
  const cover = await readCover(db, { trackId: t.id });
  if (!expected) return void expect(cover, 'cover').toBeNull();
  expect(cover?.mime, 'cover mime').toMatch(/^image\/(jpeg|png)$/);
  expect(cover?.data.length, 'cover bytes').toBeGreaterThan(100);
  expect(await readCover(db, { albumId: t.album_id }), 'album cover').not.toBeNull();
}

describe('what the corpus scan keeps besides the manifest columns', () => {
  const one = (file: string) => track(file) as TrackRow & Record<string, unknown>;

  it('never lets ID3v1 win over ID3v2', () => {
    expect(one('outofbounds.mp3').title).toBe('너의 생일엔');
    expect(one('id3v2.3.mp3').album).toBe(
      'Friday Night Lights [Original Movie Soundtrack]',
    );
  });

  it('splits artists on bare slashes, NULs and semicolons, not on spaced slashes', () => {
    const artists = (file: string) =>
      rows<{ name: string }>(
        db,
        `SELECT a.name FROM track_artist ta JOIN artist a ON a.id = ta.artist_id
         WHERE ta.track_id = ? AND ta.role = 'artist' ORDER BY ta.position`,
        one(file).id,
      ).map((r) => r.name.toLowerCase());
    expect(artists("Their - They're - Therapy - 1sec.mp3")).toEqual([
      "their / they're / there",
    ]);
    expect(artists('id3v2.3.mp3')).toEqual([
      'explosions in the sky',
      'another',
      'and another',
    ]);
    expect(artists('null-separator.id3v2.3.mp3')).toEqual([
      '2 unlimited2',
      'ray',
      'anita',
    ]);
  });

  it('groups the same album across formats, and compilations under Various Artists', () => {
    const bethHart = rows<{ n: number }>(
      db,
      `SELECT count(DISTINCT album_id) AS n FROM track
       WHERE path LIKE ? AND path NOT LIKE '%no-tags%'`,
      `${corpusDir}/MusicBrainz - Beth Hart%`,
    );
    expect(bethHart[0]?.n).toBe(1);
    const comp = rows<{ artist_name: string; compilation: number }>(
      db,
      'SELECT artist_name, compilation FROM album WHERE id = ?',
      one('APEv2+Lyrics3v2.mp3').album_id,
    )[0];
    expect(comp).toEqual({ artist_name: 'Various Artists', compilation: 1 });
    expect(one('issue-795.mp3').album_artist).toBe('Tacocat');
  });

  it('keeps ReplayGain, MusicBrainz ids, lyrics and stream facts', () => {
    const rg = one('id3v23-txxx-case.mp3');
    expect([rg.rg_track_gain, rg.rg_album_gain, rg.rg_track_peak]).toEqual([-12, -24, 1]);
    expect(one('04 Long Drive.flac').rg_track_gain).toBeTypeOf('number');
    const nirvana = one('nirvana-2sec.vorbis.ogg');
    expect(nirvana.mb_album_id).toBe('8e061dc4-790e-4587-ba53-011e7852f88d');
    expect(nirvana.mb_track_id).toBe('2042ce91-f5fe-4fce-b451-b3354843b193');
    const lrc = one('Dance In The Game - ZAQ - LRC.flac');
    expect([lrc.lyrics_synced, String(lrc.lyrics).startsWith('[')]).toEqual([1, true]);
    expect(one('01. Make It Out Alive.flac').lyrics_synced).toBe(0);
    expect(one('menu-sash.mp3').lyrics).toBeTruthy();
    const alac = one("MusicBrainz - Beth Hart - Sinner's Prayer.m4a");
    expect([alac.codec, alac.lossless, alac.sample_rate, alac.suffix]).toEqual([
      'ALAC',
      1,
      44100,
      'm4a',
    ]);
    expect(one('29 - Dominator.mp3').bitrate).toBeGreaterThan(0);
  });

  it('searches without regard to accents, case or word endings', () => {
    const search = (text: string) =>
      rows<{ kind: string; ref: string }>(
        db,
        'SELECT kind, ref FROM search WHERE search MATCH ? ORDER BY rank',
        searchQuery(text),
      );
    const korason = one('Discogs - Yasmin Levy - Mi Korasón.flac').id;
    expect(search('korason')).toContainEqual({ kind: 'track', ref: korason });
    expect(search('MONAE').some((hit) => hit.kind === 'artist')).toBe(true);
    expect(search('bonam prayer').length).toBeGreaterThan(5);
    expect(search('보고')).toContainEqual({
      kind: 'track',
      ref: one('id3-multi-01.mp3').id,
    });
    expect(search('"NEAR(')).toEqual([]);
  });
});
