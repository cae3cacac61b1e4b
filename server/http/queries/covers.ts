// The cover a client may see: the embedded front cover first, else the
// folder image, as the scanner's readCover chooses, but opening a file only
// when its real path lies inside the music folders. (A cover.jpg that is a
// symlink out of the library is no cover.)
import fs from 'node:fs/promises';
import type { Db } from '../../db/index.js';
import type { Cover, CoverOf } from '../../library/cover.js';
import { embeddedCover } from '../../library/cover.js';
import { imageMime } from '../../library/formats.js';
import { fileInside } from '../../stream/raw.js';
import { stmt } from './sql.js';

interface CoverSource {
  /** A track file with an embedded picture. */
  embedded: string | null;
  /** A folder image. */
  image: string | null;
}

const trackSource = `SELECT CASE WHEN t.has_cover = 1 THEN t.path END AS embedded,
  coalesce(f.image_path, a.cover_path) AS image
  FROM track t JOIN folder f ON f.id = t.folder_id JOIN album a ON a.id = t.album_id
  WHERE t.id = ?`;

const albumSource = `SELECT t.path AS embedded, a.cover_path AS image
  FROM album a LEFT JOIN track t ON t.id = a.cover_track_id WHERE a.id = ?`;

/** Where a track's or album's cover may come from; undefined when the thing is unknown. */
function coverSource(db: Db, of: CoverOf): CoverSource | undefined {
  return (
    'trackId' in of
      ? stmt(db, trackSource).get(of.trackId)
      : stmt(db, albumSource).get(of.albumId)
  ) as CoverSource | undefined;
}

/** A folder image's bytes, or null when it cannot be read. */
async function readImage(file: string): Promise<Cover | null> {
  return fs.readFile(file).then(
    (data) => ({ data, mime: imageMime(file) }),
    () => null,
  );
}

/** The files a cover may come from, each inside the music folders, or null. */
export interface CoverFiles {
  embedded: string | null;
  image: string | null;
}

/**
 * Where a track's or album's cover may come from, as real paths inside the
 * music folders: undefined when the track or album is unknown.
 */
export async function coverFiles(
  db: Db,
  of: CoverOf,
  musicFolders: readonly string[],
): Promise<CoverFiles | undefined> {
  const source = coverSource(db, of);
  if (!source) return undefined;
  const inside = (file: string | null) => (file ? fileInside(file, musicFolders) : null);
  return { embedded: await inside(source.embedded), image: await inside(source.image) };
}

/** The cover in these files: the embedded picture first, else the image. */
export async function coverFrom(files: CoverFiles): Promise<Cover | null> {
  const cover = files.embedded ? await embeddedCover(files.embedded) : null;
  if (cover) return cover;
  return files.image ? readImage(files.image) : null;
}

/**
 * The cover of a track or an album from files inside the music folders:
 * undefined when the track or album is unknown, null when it has no cover.
 */
export async function coverInside(
  db: Db,
  of: CoverOf,
  musicFolders: readonly string[],
): Promise<Cover | null | undefined> {
  const files = await coverFiles(db, of, musicFolders);
  return files && coverFrom(files);
}
