// Cover images of albums and tracks, with an ETag. Without a size, the
// picture as it is; with one, a thumbnail from the artwork cache at the next
// cached size up (64, 300, 600, 1200), in WebP when the client accepts it
// (or asks with format=webp), else JPEG.
import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';
import { thumbnailFormats, type ThumbnailFormat } from '../../artwork/sizes.js';
import { artworkOf, thumbnail } from '../../artwork/thumbnails.js';
import type { Cover, CoverOf } from '../../library/cover.js';
import type { AppDeps } from '../deps.js';
import { NotFoundError } from '../errors.js';
import { coverInside } from '../queries/covers.js';
import { route } from '../routes.js';
import { idParams } from './input.js';

const coverQuery = z.object({
  size: z.coerce
    .number()
    .int()
    .min(1)
    .max(4096)
    .optional()
    .describe('longest edge wanted, in px; rounded up to 64, 300, 600 or 1200'),
  format: z
    .enum(thumbnailFormats)
    .optional()
    .describe('thumbnail format; default webp when Accept allows it, else jpeg'),
});

/** The artwork cache as this process sees it. */
/** Writes an image with validators; 304 when the client has these bytes. */
function sendImage(ctx: Context, image: { data: Buffer; mime: string; tag: string }) {
  ctx.status = 200;
  ctx.etag = image.tag;
  ctx.set('Cache-Control', 'private, max-age=86400');
  ctx.vary('Accept');
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = image.mime;
  ctx.body = image.data;
}

function original(cover: Cover) {
  return { ...cover, tag: createHash('sha1').update(cover.data).digest('base64url') };
}

function formatFor(ctx: Context, asked: ThumbnailFormat | undefined): ThumbnailFormat {
  if (asked) return asked;
  return ctx.get('Accept').includes('image/webp') ? 'webp' : 'jpeg';
}

/** The handler of both routes: `what` names the item in its 404. */
async function serveCover(ctx: Context, deps: AppDeps, of: CoverOf, what: string) {
  const query = coverQuery.parse(ctx.query);
  if (query.size === undefined) {
    const cover = await coverInside(deps.db, of, deps.settings.musicFolders);
    if (cover === undefined) throw new NotFoundError(what);
    if (cover === null) throw new NotFoundError('cover');
    return sendImage(ctx, original(cover));
  }
  const format = formatFor(ctx, query.format);
  const thumb = await thumbnail(artworkOf(deps), of, { size: query.size, format });
  if (thumb === undefined) throw new NotFoundError(what);
  if (thumb === null) throw new NotFoundError('cover');
  sendImage(ctx, thumb);
}

export const coverRoutes = [
  route({
    method: 'GET',
    path: '/api/albums/:id/cover',
    access: 'user',
    summary: "The album's cover: its embedded front cover, else its folder image.",
    input: { params: idParams, query: coverQuery },
    response: 'Image',
    handler: async (ctx, deps) => {
      const { id } = idParams.parse(ctx.params);
      await serveCover(ctx, deps, { albumId: id }, 'album');
    },
  }),
  route({
    method: 'GET',
    path: '/api/tracks/:id/cover',
    access: 'user',
    summary: "The track's embedded cover, else its folder's or album's image.",
    input: { params: idParams, query: coverQuery },
    response: 'Image',
    handler: async (ctx, deps) => {
      const { id } = idParams.parse(ctx.params);
      await serveCover(ctx, deps, { trackId: id }, 'track');
    },
  }),
];
