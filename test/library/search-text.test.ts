// Search across apostrophes: "dont" finds "Don't Stop" and "Don’t Look"
// (typographic), "guns n roses" finds "Guns N' Roses", and the split form
// still matches. Through a real scan into SQLite, and through migration 008
// for a library indexed before the rule existed.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Db } from '../../server/db/index.js';
import { searchLibrary } from '../../server/http/queries/search.js';
import { searchableText, searchQuery } from '../../server/library/search.js';
import { tempDir } from '../helpers/paths.js';
import { freshDb, makeTone, scan } from './helpers.js';

/** Titles, album names and artist names a search finds. */
function found(db: Db, text: string): string[] {
  const result = searchLibrary(db, searchQuery(text)!, 20);
  return [
    ...result.tracks.map((t) => t.title),
    ...result.albums.map((a) => a.name),
    ...result.artists.map((a) => a.name),
  ].sort();
}

describe('searchableText', () => {
  it.each([
    ['Dawn', 'Dawn'],
    ["Don't Stop", "Don't Stop Dont Stop"],
    ['Don’t Look', 'Don’t Look Dont Look'],
    ["Guns N' Roses", "Guns N' Roses Guns N Roses"],
    ['Rock ʼnʼ Roll', 'Rock ʼnʼ Roll Rock n Roll'],
  ])('%j is indexed as %j', (text, indexed) => {
    expect(searchableText(text)).toBe(indexed);
  });
});

describe('search across apostrophes', () => {
  let db: Db;
  beforeAll(async () => {
    const music = tempDir('hearth-apostrophe-');
    await makeTone(path.join(music, 'a.mp3'), {
      tags: { title: "Don't Stop", artist: "Guns N' Roses", album: 'Night Train' },
    });
    await makeTone(path.join(music, 'b.mp3'), {
      hz: 550,
      tags: { title: 'Don’t Look', artist: 'Aurora Lane', album: 'Dawn' },
    });
    db = freshDb();
    await scan(db, [music]);
  });

  it.each([
    ['dont', ["Don't Stop", 'Don’t Look']],
    ["don't", ["Don't Stop", 'Don’t Look']],
    ['dont st', ["Don't Stop"]],
    ['guns n roses', ["Don't Stop", "Guns N' Roses", 'Night Train']],
    ["guns n' roses", ["Don't Stop", "Guns N' Roses", 'Night Train']],
  ])('%j finds %j', (query, want) => {
    expect(found(db, query)).toEqual([...want].sort());
  });

  it('migration 008 joins the words of entries indexed before it', () => {
    // As an older Hearth left it: one entry, the split form only, version 7.
    const { id } = db
      .prepare("SELECT id FROM track WHERE title LIKE 'Don''t%'")
      .get() as {
      id: string;
    };
    db.prepare('DELETE FROM search_doc').run();
    db.prepare("INSERT INTO search_doc (kind, ref, text) VALUES ('track', ?, ?)").run(
      id,
      "Don't Stop Guns N' Roses Night Train",
    );
    expect(found(db, 'dont stop')).toEqual([]);

    db.pragma('user_version = 7');
    migrate(db);
    expect(found(db, 'dont stop')).toEqual(["Don't Stop"]);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
  });
});
