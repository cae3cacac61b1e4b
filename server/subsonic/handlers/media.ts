// Media: cover art (from the artwork cache when a size is asked), the stream
// (the transcoding engineer's decision and transcoder, called as they are),
// the original file for download, and lyrics.
import type { Context } from 'koa';
import type { Cover, CoverOf } from '../../library/cover.js';
import { imageMime } from '../../library/formats.js';
import { parseLrc, readLyrics } from '../../library/lyrics.js';
import { fileInside, sendRaw } from '../../stream/raw.js';
import { findProfile, isTargetCodec } from '../../transcode/profiles.js';
import { streamTrack, type StreamQuery } from '../../transcode/serve.js';
import { albumById } from '../catalog/albums.js';
import { artistById } from '../catalog/artists.js';
import { folderById } from '../catalog/folders.js';
import { bind, inLibraries, stmt, type Scope } from '../catalog/scope.js';
import { trackById } from '../catalog/tracks.js';
import { notFound } from '../errors.js';
import * as map from '../mapper.js';
import type { Call } from '../method.js';
import type { Payload } from '../render.js';
import type { AppDeps } from '../../http/deps.js';
import { coverInside } from '../../http/queries/covers.js';
import { artworkOf, thumbnail } from '../../artwork/thumbnails.js';
import fs from 'node:fs/promises';
import { loadSharp } from '../../artwork/sharp.js';

/** The largest picture edge a client may ask for. */
const maxCoverSize = 2048;

/** Whose cover an id names: a track, an album, or an artist (one of their albums). */
function coverItem(deps: AppDeps, scope: Scope, id: string): CoverOf | null {
  const { db } = deps;
  if (trackById(db, scope, id)) return { trackId: id };
  if (albumById(db, scope, id)) return { albumId: id };
  const artist = artistById(db, scope, id);
  return artist?.coverId ? { albumId: artist.coverId } : null;
}

/** The picture of a track, album, artist or folder, as it is. */
async function coverOf(deps: AppDeps, scope: Scope, id: string): Promise<Cover | null> {
  // Like the /api cover routes: only picture files inside the music folders.
  const of = coverItem(deps, scope, id);
  if (of) return (await coverInside(deps.db, of, deps.settings.musicFolders)) ?? null;
  if (folderById(deps.db, scope, id)) return folderImage(deps, id);
  return null;
}

/**
 * A picture at `size` from the artwork cache: the JPEG thumbnail at the next
 * cached size up, scaled down to the size asked when that is smaller (Subsonic
 * apps expect the size they name). Null when the cache has nothing for it.
 */
async function cachedCover(
  deps: AppDeps,
  scope: Scope,
  id: string,
  size: number,
): Promise<Cover | null> {
  const of = coverItem(deps, scope, id);
  const thumb = of && (await thumbnail(artworkOf(deps), of, { size, format: 'jpeg' }));
  if (!thumb) return null;
  const sharp = await loadSharp();
  const meta = await sharp(thumb.data).metadata();
  if (Math.max(meta.width ?? 0, meta.height ?? 0) <= size) return thumb;
  return resized(thumb, size);
}

/** A folder's own image, read only if it lies inside the music folders. */
async function folderImage(deps: AppDeps, id: string): Promise<Cover | null> {
  const row = stmt(deps.db, 'SELECT image_path FROM folder WHERE id = ?').get(id) as
    { image_path: string | null } | undefined;
  if (!row?.image_path) return null;
  const real = await fileInside(row.image_path, deps.settings.musicFolders);
  return real ? { data: await fs.readFile(real), mime: imageMime(real) } : null;
}

/** Scales a picture to fit in size x size, keeping PNG as PNG and else JPEG. */
async function resized(cover: Cover, size: number): Promise<Cover> {
  const sharp = await loadSharp();
  const image = sharp(cover.data).resize(size, size, {
    fit: 'inside',
    withoutEnlargement: true,
  });
  if (cover.mime === 'image/png')
    return { data: await image.png().toBuffer(), mime: cover.mime };
  return { data: await image.jpeg({ quality: 85 }).toBuffer(), mime: 'image/jpeg' };
}

function sendImage(ctx: Context, cover: Cover): void {
  ctx.status = 200;
  ctx.type = cover.mime;
  ctx.set('Cache-Control', 'private, max-age=86400');
  ctx.body = cover.data;
}

export async function getCoverArt({ ctx, deps, scope, params }: Call): Promise<void> {
  const id = params.required('id');
  const size = params.optionalInt('size');
  if (size !== undefined && size > 0) {
    const cached = await cachedCover(deps, scope, id, Math.min(size, maxCoverSize));
    if (cached) return sendImage(ctx, cached);
  }
  const cover = await coverOf(deps, scope, id);
  if (!cover) throw notFound('Cover art');
  if (size === undefined || size <= 0) return sendImage(ctx, cover);
  // A picture the cache could not use (a folder's, or a broken one).
  const scaled = await resized(cover, Math.min(size, maxCoverSize)).catch(() => null);
  if (!scaled) throw notFound('Cover art');
  sendImage(ctx, scaled);
}

/** A format the transcoder knows ('raw', a profile or a codec); others are ignored. */
function knownFormat(format: string | undefined): string | undefined {
  if (!format) return undefined;
  const known = format === 'raw' || findProfile(format) || isTargetCodec(format);
  return known ? format : undefined;
}

/** stream: the decision and transcoder of server/transcode, as the /api route uses them. */
export async function stream({ ctx, deps, scope, params, user }: Call): Promise<void> {
  const id = params.required('id');
  if (!trackById(deps.db, scope, id)) throw notFound('Song');
  const query: StreamQuery = {
    format: knownFormat(params.get('format')?.toLowerCase()),
    maxBitRate: params.int('maxBitRate', 0, { min: 0, max: 100_000 }),
    timeOffset: Math.max(0, Number(params.get('timeOffset') ?? 0) || 0),
    estimateContentLength:
      params.get('estimateContentLength') === undefined
        ? undefined
        : params.bool('estimateContentLength', false),
  };
  await streamTrack(ctx, deps, id, query, { userKey: `user:${user.id}` });
}

/** download: the original file, with Range, as an attachment. */
export async function download({ ctx, deps, scope, params }: Call): Promise<void> {
  const id = params.required('id');
  const track = trackById(deps.db, scope, id);
  if (!track) throw notFound('Song');
  const row = stmt(deps.db, 'SELECT path FROM track WHERE id = ?').get(id) as {
    path: string;
  };
  const name = track.relativePath.split('/').pop() ?? `${id}.${track.suffix}`;
  ctx.attachment(name);
  await sendRaw(
    ctx,
    { path: row.path, suffix: track.suffix },
    deps.settings.musicFolders,
  );
}

/** Plain text of lyrics: LRC time tags removed. */
function plainText(text: string, synced: boolean): string {
  if (!synced) return text;
  return parseLrc(text)
    .map((line) => line.text)
    .join('\n');
}

/** getLyrics: the first visible track with lyrics matching artist and title. */
export function getLyrics({ deps, scope, params }: Call): Payload {
  const artist = params.get('artist') ?? '';
  const title = params.get('title') ?? '';
  const row = stmt(
    deps.db,
    `SELECT t.id, t.artist_name, t.title FROM track t JOIN folder f ON f.id = t.folder_id
     WHERE ${inLibraries('f.library_id')} AND t.lyrics IS NOT NULL
       AND (? = '' OR t.artist_name = ? COLLATE NOCASE)
       AND (? = '' OR t.title = ? COLLATE NOCASE)
     ORDER BY t.path LIMIT 1`,
  ).get(bind(scope), artist, artist, title, title) as
    { id: string; artist_name: string; title: string } | undefined;
  const lyrics = row && (artist || title) ? readLyrics(deps.db, row.id) : null;
  if (!row || !lyrics) return map.plainLyrics(null);
  const text = plainText(lyrics.text, lyrics.synced);
  return map.plainLyrics({ artist: row.artist_name, title: row.title, text });
}

/** getLyricsBySongId (songLyrics extension): timed lines when synced. */
export function getLyricsBySongId({ deps, scope, params }: Call): Payload {
  const track = trackById(deps.db, scope, params.required('id'));
  if (!track) throw notFound('Song');
  const lyrics = readLyrics(deps.db, track.id);
  if (!lyrics) return map.structuredLyrics(track, null);
  const lines = lyrics.synced
    ? parseLrc(lyrics.text)
    : lyrics.text.split(/\r?\n/).map((text) => ({ text }));
  return map.structuredLyrics(track, { synced: lyrics.synced, lines });
}
