// Cover images of albums and tracks, with an ETag from their bytes.
import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { Cover } from '../../library/cover.js';
import { NotFoundError } from '../errors.js';
import { coverInside } from '../queries/covers.js';
import { route } from '../routes.js';
import { idParams } from './input.js';

/** Writes a cover with validators; 304 when the client has these bytes. */
function sendCover(ctx: Context, cover: Cover): void {
  ctx.status = 200;
  ctx.etag = createHash('sha1').update(cover.data).digest('base64url');
  ctx.set('Cache-Control', 'private, max-age=86400');
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = cover.mime;
  ctx.body = cover.data;
}

export const coverRoutes = [
  route({
    method: 'GET',
    path: '/api/albums/:id/cover',
    access: 'user',
    summary: "The album's cover: its embedded front cover, else its folder image.",
    input: { params: idParams },
    response: 'Image',
    handler: async (ctx, deps) => {
      const { id } = idParams.parse(ctx.params);
      const cover = await coverInside(
        deps.db,
        { albumId: id },
        deps.settings.musicFolders,
      );
      if (cover === undefined) throw new NotFoundError('album');
      if (cover === null) throw new NotFoundError('cover');
      sendCover(ctx, cover);
    },
  }),
  route({
    method: 'GET',
    path: '/api/tracks/:id/cover',
    access: 'user',
    summary: "The track's embedded cover, else its folder's or album's image.",
    input: { params: idParams },
    response: 'Image',
    handler: async (ctx, deps) => {
      const { id } = idParams.parse(ctx.params);
      const cover = await coverInside(
        deps.db,
        { trackId: id },
        deps.settings.musicFolders,
      );
      if (cover === undefined) throw new NotFoundError('track');
      if (cover === null) throw new NotFoundError('cover');
      sendCover(ctx, cover);
    },
  }),
];
