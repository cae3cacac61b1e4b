// Cover thumbnails through the cache: the source files of a track's or an
// album's cover (inside the music folders only) give a key, the key plus a
// size and format name one cached file, and a miss is made with sharp and
// kept. A picture sharp cannot decode is recorded as broken (see
// failures.ts) and answered as "no cover", never as an error.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Sharp } from 'sharp';
import { loadSharp } from './sharp.js';
import type { Db } from '../db/index.js';
import { coverFiles, coverFrom, type CoverFiles } from '../http/queries/covers.js';
import type { CoverOf } from '../library/cover.js';
import { logger } from '../log.js';
import { isBroken, recordFailure } from './failures.js';
import {
  thumbnailFormats,
  thumbnailMime,
  thumbnailSizeFor,
  thumbnailSizes,
  type ThumbnailFormat,
  type ThumbnailSize,
} from './sizes.js';
import type { Settings } from '../settings/schema.js';
import { ArtworkStore } from './store.js';

const log = logger('artwork');

export interface Artwork {
  db: Db;
  store: ArtworkStore;
  musicFolders: readonly string[];
}

export interface Thumbnail {
  data: Buffer;
  mime: string;
  /** Names these exact bytes: the source key, size and format (an ETag). */
  tag: string;
}

/** The artwork cache of a process with this database, data folder and settings. */
export function artworkOf(deps: {
  db: Db;
  dataDir: string;
  settings: Settings;
}): Artwork {
  const bytes = deps.settings.artworkCacheMb * 1024 * 1024;
  const store = new ArtworkStore(deps.dataDir, bytes);
  return { db: deps.db, store, musicFolders: deps.settings.musicFolders };
}

/** What warm() did for one cover. */
export type WarmOutcome = 'made' | 'cached' | 'broken' | 'none';

/** A key for the cover's source files: their paths, sizes and modification times. */
export async function sourceKey(files: CoverFiles): Promise<string | null> {
  const parts: string[] = [];
  for (const file of [files.embedded, files.image]) {
    if (!file) continue;
    const stat = await fs.stat(file).catch(() => null);
    if (stat) parts.push(`${file}\0${stat.size}\0${stat.mtimeMs}`);
  }
  if (parts.length === 0) return null;
  return createHash('sha1').update(parts.join('\n')).digest('hex');
}

/** One thumbnail: the longest edge at most `size`, never enlarged. */
function render(
  image: Sharp,
  size: ThumbnailSize,
  format: ThumbnailFormat,
): Promise<Buffer> {
  const resized = image.clone().resize(size, size, {
    fit: 'inside',
    withoutEnlargement: true,
  });
  if (format === 'webp') return resized.webp({ quality: 80 }).toBuffer();
  return resized.flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer();
}

/** Decodes a picture fully, so a corrupt one fails here and not half-way. */
async function decoded(data: Buffer): Promise<Sharp> {
  const sharp = await loadSharp();
  const image = sharp(data, { failOn: 'error' }).rotate();
  await image.clone().stats();
  return image;
}

function broken(art: Artwork, key: string, files: CoverFiles, err: unknown): null {
  const source = files.embedded ?? files.image ?? '';
  const reason = (err as Error)?.message ?? String(err);
  recordFailure(art.db, { sourceKey: key, source, reason });
  log.warn({ source, reason }, 'cover picture is broken: recorded and skipped');
  return null;
}

/**
 * The thumbnail of a track's or an album's cover at the cached size for
 * `size`: undefined when the item is unknown, null when it has no usable cover.
 */
export async function thumbnail(
  art: Artwork,
  of: CoverOf,
  request: { size: number; format: ThumbnailFormat },
): Promise<Thumbnail | null | undefined> {
  // 1. The source files and their key; the cached file when there is one.
  const files = await coverFiles(art.db, of, art.musicFolders);
  if (!files) return undefined;
  const key = await sourceKey(files);
  if (!key) return null;
  const name = { key, size: thumbnailSizeFor(request.size), format: request.format };
  const tag = `${key}-${name.size}.${name.format}`;
  const mime = thumbnailMime[name.format];
  const cached = await art.store.read(name);
  if (cached) return { data: cached, mime, tag };

  // 2. A miss: decode (unless known broken), make this one size, keep it.
  if (isBroken(art.db, key)) return null;
  const cover = await coverFrom(files);
  if (!cover) return null;
  try {
    const data = await render(await decoded(cover.data), name.size, name.format);
    art.store.write(name, data);
    return { data, mime, tag };
  } catch (err) {
    return broken(art, key, files, err);
  }
}

/** Makes every size and format of one cover that the cache lacks. */
export async function warm(art: Artwork, of: CoverOf): Promise<WarmOutcome> {
  const files = await coverFiles(art.db, of, art.musicFolders);
  const key = files && (await sourceKey(files));
  if (!files || !key) return 'none';
  if (isBroken(art.db, key)) return 'broken';
  const names = thumbnailSizes.flatMap((size) =>
    thumbnailFormats.map((format) => ({ key, size, format })),
  );
  const missing = names.filter((name) => !art.store.has(name));
  if (missing.length === 0) return 'cached';
  const cover = await coverFrom(files);
  if (!cover) return 'none';
  try {
    const image = await decoded(cover.data);
    for (const name of missing)
      art.store.write(name, await render(image, name.size, name.format));
    return 'made';
  } catch (err) {
    broken(art, key, files, err);
    return 'broken';
  }
}
