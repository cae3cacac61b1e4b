// Pure pieces of the library as tables: number pairs, years and gains from
// tag text, id normalization, folder images, search queries and LRC lyrics.
import { describe, expect, it } from 'vitest';
import {
  audioCandidate,
  looksLikeAudio,
  pickFolderImage,
} from '../../server/library/formats.js';
import { ids, isVariousArtists, normalizeName } from '../../server/library/ids.js';
import {
  chooseLyrics,
  isSyncedLyrics,
  lrcTime,
  parseLrc,
} from '../../server/library/lyrics.js';
import { searchQuery } from '../../server/library/search.js';
import {
  parseGain,
  parsePair,
  parseYear,
} from '../../server/library/scanner/tag-reader.js';
import { frameAt } from '../../server/library/scanner/durations.js';

describe('tag text', () => {
  it.each([
    ['2/11', { no: 2, of: 11 }],
    ['07', { no: 7, of: null }],
    ['3/0', { no: 3, of: null }],
    ['0/0', { no: null, of: null }],
    ['03/100', { no: 3, of: 100 }],
    ['5 of 12', { no: 5, of: 12 }],
    ['side A', { no: null, of: null }],
    [null, { no: null, of: null }],
  ])('pair %s', (text, pair) => expect(parsePair(text)).toEqual(pair));

  it.each([
    ['2011-09-27', 2011],
    ['2009.07.20', 2009],
    ['2020-01-01T00:00:00.000Z', 2020],
    ['0000', null],
    ['undated', null],
  ])('year %s', (text, year) => expect(parseYear(text)).toBe(year));

  it.each([
    ['-8.27 dB', -8.27],
    ['+1,5 dB', 1.5],
    ['0.96606445', 0.96606445],
    ['n/a', null],
  ])('gain %s', (text, gain) => expect(parseGain(text)).toBe(gain));
});

describe('ids', () => {
  it('fold case, width and spacing, but not accents', () => {
    expect(normalizeName('  Tacocat ')).toBe('tacocat');
    expect(ids.artist('Explosions In The Sky')).toBe(
      ids.artist('explosions in the  sky'),
    );
    expect(ids.artist('Beyoncé')).not.toBe(ids.artist('Beyonce'));
    expect(ids.artist('ＡＢＣ')).toBe(ids.artist('abc'));
  });

  it('key albums by album artist and name', () => {
    expect(ids.album(['Various'], 'Hits')).toBe(ids.album(['Various Artists'], 'hits'));
    expect(ids.album(['P'], 'Greatest Hits')).not.toBe(ids.album(['Q'], 'Greatest Hits'));
    expect(ids.album(['A'], '[Unknown Album]', '/m/x')).not.toBe(
      ids.album(['A'], '[Unknown Album]', '/m/y'),
    );
    expect(isVariousArtists('V.A.')).toBe(true);
    expect(ids.track('/m/a.mp3')).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

describe('formats', () => {
  it.each([
    ['song.MP3', 'audio'],
    ['x.opus', 'audio'],
    ['cover.jpg', 'skip'],
    ['notes.txt', 'skip'],
    ['1a643e9e0743dee8732554d0e870055a', 'sniff'],
    ['._song.mp3', 'skip'],
  ])('%s is %s', (name, kind) => expect(audioCandidate(name)).toBe(kind));

  it('sniffs audio by its first bytes', () => {
    expect(looksLikeAudio(Buffer.from('ID3\x03\x00'))).toBe(true);
    expect(looksLikeAudio(Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBe(true);
    expect(looksLikeAudio(Buffer.from('SHA256 (x) = 00'))).toBe(false);
  });

  it.each([
    [['a.jpg', 'Folder.PNG', 'Cover.JPG'], 'Cover.JPG'],
    [['front.jpeg', 'folder.jpg'], 'folder.jpg'],
    [['flac.flac.jpg', 'scan.png'], null],
  ])('folder image of %j is %s', (names, image) =>
    expect(pickFolderImage(names)).toBe(image),
  );

  it('reads MPEG frame headers', () => {
    expect(frameAt(Buffer.from([0xff, 0xfb, 0x90, 0x00]), 0)).toMatchObject({
      version: 1,
      layer: 3,
      bitrate: 128,
      sampleRate: 44100,
      length: 417,
    });
    expect(frameAt(Buffer.from([0xff, 0xfb, 0xf0, 0x00]), 0)).toBeNull();
  });
});

describe('search queries', () => {
  it.each([
    ['beth pray', '"beth"* "pray"*'],
    ['  Mi Korasón ', '"Mi"* "Korasón"*'],
    ['AC/DC', '"AC"* "DC"*'],
    ['a" OR b NEAR(c', '"a"* "OR"* "b"* "NEAR"* "c"*'],
    ['***', null],
    ['', null],
  ])('%j becomes %j', (text, query) => expect(searchQuery(text)).toBe(query));
});

describe('lyrics', () => {
  it('parses LRC with several tags per line and an offset', () => {
    const text = '[ti:x]\n[offset:+100]\n[00:12.30][01:00.00]chorus\n[00:01.5]start\n';
    expect(isSyncedLyrics(text)).toBe(true);
    expect(parseLrc(text)).toEqual([
      { startMs: 1400, text: 'start' },
      { startMs: 12200, text: 'chorus' },
      { startMs: 59900, text: 'chorus' },
    ]);
    expect(lrcTime(61_234)).toBe('[01:01.23]');
  });

  it('prefers synced lyrics, then the embedded text', () => {
    const plain = { text: 'words', synced: false };
    const synced = { text: '[00:01.00]words', synced: true };
    expect(chooseLyrics(plain, synced)).toBe(synced);
    expect(chooseLyrics(synced, plain)).toBe(synced);
    expect(chooseLyrics(plain, { text: 'other', synced: false })).toBe(plain);
    expect(chooseLyrics(null, plain)).toBe(plain);
  });
});
