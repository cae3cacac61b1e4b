// The real folder tree: each music folder's top folder (parent_id NULL), its
// subfolders and the tracks in each, as the scanner found them on disk.
import type { Db } from '../../db/index.js';
import { bind, inLibraries, stmt, type Scope } from './scope.js';

export interface Folder {
  id: string;
  name: string;
  parentId: string | null;
  libraryId: number;
  /** The folder's own image (cover.jpg...), if the scan found one. */
  hasImage: boolean;
}

interface FolderRow {
  id: string;
  name: string;
  parent_id: string | null;
  library_id: number;
  has_image: number;
}

const folderSelect = `
  SELECT f.id, f.name, f.parent_id, f.library_id, (f.image_path IS NOT NULL) AS has_image
  FROM folder f`;

const toFolder = (row: FolderRow): Folder => ({
  id: row.id,
  name: row.name,
  parentId: row.parent_id,
  libraryId: row.library_id,
  hasImage: row.has_image === 1,
});

function listFolders(db: Db, scope: Scope, clauses: string, params: unknown[]) {
  const sql = `${folderSelect} WHERE ${inLibraries('f.library_id')} AND ${clauses}`;
  return (stmt(db, sql).all(bind(scope), ...params) as FolderRow[]).map(toFolder);
}

/** The top folder of each music folder the caller sees. */
export function rootFolders(db: Db, scope: Scope): Folder[] {
  return listFolders(db, scope, 'f.parent_id IS NULL ORDER BY f.library_id', []);
}

/** One folder the caller sees, or undefined. */
export function folderById(db: Db, scope: Scope, id: string): Folder | undefined {
  return listFolders(db, scope, 'f.id = ?', [id])[0];
}

/** The folders directly inside some folders, by name. */
export function subfolders(db: Db, scope: Scope, parentIds: readonly string[]): Folder[] {
  return listFolders(
    db,
    scope,
    `f.parent_id IN (SELECT value FROM json_each(?)) ORDER BY f.name COLLATE NOCASE, f.id`,
    [JSON.stringify(parentIds)],
  );
}

/** When the newest track under the given libraries changed, in ms (0 if none). */
export function lastChange(db: Db, scope: Scope): number {
  const row = stmt(
    db,
    `SELECT max(t.updated_at) AS at FROM track t JOIN folder f ON f.id = t.folder_id
     WHERE ${inLibraries('f.library_id')}`,
  ).get(bind(scope)) as { at: number | null };
  return row.at ?? 0;
}

/** The name of each music folder: the last part of its path, never the path. */
export function libraryNames(db: Db, ids: readonly number[]): Map<number, string> {
  const rows = stmt(
    db,
    'SELECT id, path FROM library WHERE id IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(ids)) as { id: number; path: string }[];
  const base = (p: string) =>
    p
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || p;
  return new Map(rows.map((row) => [row.id, base(row.path)]));
}
