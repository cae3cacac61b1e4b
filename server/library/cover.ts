// Cover art for a track or an album: the embedded front cover first (read
// from the file on demand), else the folder image the scan found
// (cover/folder/front, any case, jpg/png; a disc folder uses its parent's).
// Only paths the scanner stored are ever opened.
import fs from 'node:fs/promises';
import type { IPicture } from 'music-metadata';
import type { Db } from '../db/index.js';
import { imageMime } from './formats.js';

export interface Cover {
  data: Buffer;
  mime: string;
}

export type CoverOf = { trackId: string } | { albumId: string };

interface Source {
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

/** The cover of a track or an album, or null when it has none. */
export async function readCover(db: Db, of: CoverOf): Promise<Cover | null> {
  const source = (
    'trackId' in of
      ? db.prepare(trackSource).get(of.trackId)
      : db.prepare(albumSource).get(of.albumId)
  ) as Source | undefined;
  if (!source) return null;
  if (source.embedded) {
    const cover = await embeddedCover(source.embedded);
    if (cover) return cover;
  }
  return source.image ? folderImage(source.image) : null;
}

let parser: Promise<typeof import('music-metadata')> | undefined;

// Loaded on first use, once: an HTTP worker that only serves cached covers
// never pays for the parser, and concurrent requests share one import.
function loadParser(): Promise<typeof import('music-metadata')> {
  parser ??= import('music-metadata');
  return parser;
}

/** The front cover inside an audio file (else its first picture). */
export async function embeddedCover(file: string): Promise<Cover | null> {
  try {
    const { parseFile } = await loadParser();
    const { common } = await parseFile(file, { duration: false, skipPostHeaders: true });
    const pictures = (common.picture ?? []).filter((p) => p.data.length > 0);
    const picture = pictures.find((p) => p.type === 'Cover (front)') ?? pictures[0];
    if (!picture) return null;
    const data = await withImageStart(file, Buffer.from(picture.data));
    return { data, mime: pictureMime({ ...picture, data }) };
  } catch {
    return null;
  }
}

const imageMagics = [
  Buffer.from([0xff, 0xd8, 0xff]), // JPEG
  Buffer.from([0x89, 0x50, 0x4e, 0x47]), // PNG
  Buffer.from('GIF8'),
  Buffer.from('RIFF'), // WebP
];

/**
 * The picture with its first bytes, when the parser lost them: music-metadata
 * 11 cuts a few bytes off the front of some WMA (ASF WM/Picture) pictures,
 * so they start inside the JPEG header and no decoder reads them. The bytes
 * are found in the file and the image magic just before them is put back.
 */
async function withImageStart(file: string, data: Buffer): Promise<Buffer> {
  if (data.length < 16 || imageMagics.some((m) => data.subarray(0, m.length).equals(m)))
    return data;
  const raw = await fs.readFile(file);
  const at = raw.indexOf(data.subarray(0, 64));
  if (at < 0) return data;
  const before = raw.subarray(Math.max(0, at - 32), at);
  for (const magic of imageMagics) {
    const start = before.lastIndexOf(magic);
    if (start >= 0) return Buffer.concat([before.subarray(start), data]);
  }
  return data;
}

async function folderImage(file: string): Promise<Cover | null> {
  try {
    return { data: await fs.readFile(file), mime: imageMime(file) };
  } catch {
    return null;
  }
}

/** A clean image MIME type: taggers write "jpg", "image/jpeg\0..." or nothing. */
function pictureMime(picture: IPicture): string {
  const data = picture.data;
  if (data[0] === 0x89 && data[1] === 0x50) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  const declared = (picture.format.split('\0')[0] ?? '').trim().toLowerCase();
  if (declared.startsWith('image/')) return declared;
  return declared === 'png' ? 'image/png' : 'image/jpeg';
}
