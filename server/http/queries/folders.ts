// Browsing by folder: the library roots, then one folder's subfolders and
// tracks. Folders are named by id and by their own name only; the local path
// stays on the server.
import type { Db } from '../../db/index.js';
import { visibleWhere } from './visible.js';
import { stmt } from './sql.js';
import { listTracks, type TrackSummary } from './tracks.js';

export interface FolderSummary {
  id: string;
  name: string;
  parentId: string | null;
  folderCount: number;
  trackCount: number;
}

export interface FolderDetail extends FolderSummary {
  /** From the root down to the parent, for a breadcrumb. */
  parents: { id: string; name: string }[];
  folders: FolderSummary[];
  tracks: TrackSummary[];
}

const folderSelect = `
  SELECT f.id, f.name, f.parent_id AS parentId,
    (SELECT count(*) FROM folder c WHERE c.parent_id = f.id) AS folderCount,
    (SELECT count(*) FROM track t WHERE t.folder_id = f.id) AS trackCount
  FROM folder f`;

/**
 * The top folder of each library root; with `seenBy`, only those of the
 * music folders that user may see.
 */
export function rootFolders(db: Db, seenBy?: number): FolderSummary[] {
  const order = 'ORDER BY f.name COLLATE NOCASE, f.id';
  if (seenBy === undefined) {
    return stmt(
      db,
      `${folderSelect} WHERE f.parent_id IS NULL ${order}`,
    ).all() as FolderSummary[];
  }
  const visible = visibleWhere('folder', 'f.id', '?');
  return stmt(
    db,
    `${folderSelect} WHERE f.parent_id IS NULL AND ${visible} ${order}`,
  ).all(seenBy) as FolderSummary[];
}

/** The chain of parents of a folder, root first. */
function folderParents(db: Db, id: string): { id: string; name: string }[] {
  return stmt(
    db,
    `WITH RECURSIVE up(id, name, parent_id, depth) AS (
       SELECT p.id, p.name, p.parent_id, 1 FROM folder f
       JOIN folder p ON p.id = f.parent_id WHERE f.id = ?
       UNION ALL
       SELECT p.id, p.name, p.parent_id, up.depth + 1 FROM up
       JOIN folder p ON p.id = up.parent_id WHERE up.depth < 256)
     SELECT id, name FROM up ORDER BY depth DESC`,
  ).all(id) as { id: string; name: string }[];
}

/** One folder with its subfolders and its tracks (by file name), or undefined. */
export function folderDetail(db: Db, id: string): FolderDetail | undefined {
  const folder = stmt(db, `${folderSelect} WHERE f.id = ?`).get(id) as
    FolderSummary | undefined;
  if (!folder) return undefined;
  const folders = stmt(
    db,
    `${folderSelect} WHERE f.parent_id = ? ORDER BY f.name COLLATE NOCASE, f.id`,
  ).all(id) as FolderSummary[];
  const tracks = listTracks(db, 'WHERE t.folder_id = ? ORDER BY t.path', [id]);
  return { ...folder, parents: folderParents(db, id), folders, tracks };
}
