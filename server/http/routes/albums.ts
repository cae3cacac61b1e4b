// Albums: a browsable list and one album with its tracks.
import { seenBy } from '../../auth/visibility.js';
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { albumDetail, albumPage, albumSorts } from '../queries/albums.js';
import { route } from '../routes.js';
import { id, idParams, paging } from './input.js';

const albumQuery = z.object({
  sort: z
    .enum(albumSorts)
    .default('name')
    .describe('name, artist, year, recent (newest first) or random'),
  artist: id.optional().describe('album artist id'),
  genre: id.optional().describe('genre id'),
  ...paging,
});

export const albumRoutes = [
  route({
    method: 'GET',
    path: '/api/albums',
    access: 'user',
    summary: 'A page of albums, sorted, filtered by album artist and genre.',
    input: { query: albumQuery },
    response: 'Page<AlbumSummary>',
    handler: (ctx, deps) => {
      const query = albumQuery.parse(ctx.query);
      ctx.body = albumPage(deps.db, { ...query, seenBy: seenBy(ctx) });
    },
  }),
  route({
    method: 'GET',
    path: '/api/albums/:id',
    access: 'user',
    summary: 'One album with its tracks in disc then track order.',
    input: { params: idParams },
    response: 'AlbumDetail',
    handler: (ctx, deps) => {
      const album = albumDetail(deps.db, idParams.parse(ctx.params).id);
      if (!album) throw new NotFoundError('album');
      ctx.body = album;
    },
  }),
];
