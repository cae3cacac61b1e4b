// Every album sort of the browse API reads its page straight off an index
// (migration 007): SQLite's plan for the page query must not sort the whole
// table. A change to an ORDER BY that the index no longer follows fails here.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbFile, openDb } from '../../server/db/index.js';
import {
  albumSelect,
  albumSortOrder,
  albumSorts,
} from '../../server/http/queries/albums.js';
import { tempDir } from '../helpers/paths.js';

const db = openDb(dbFile(path.join(tempDir(), 'data')));
const indexed = albumSorts.filter((sort) => sort !== 'random');

function plan(sql: string): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(50, 500) as {
    detail: string;
  }[];
  return rows.map((row) => row.detail).join('; ');
}

describe('album pages', () => {
  it.each(indexed)('sorted by %s walk an index and sort nothing', (sort) => {
    const sql = `${albumSelect} ORDER BY ${albumSortOrder[sort]} LIMIT ? OFFSET ?`;
    const steps = plan(sql);
    expect(steps).toMatch(/USING INDEX album_by_/);
    expect(steps).not.toMatch(/TEMP B-TREE/);
  });
});
