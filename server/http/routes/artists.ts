// Artists: a browsable list and one artist with their albums.
import { seenBy } from '../../auth/visibility.js';
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import { artistDetail, artistPage, artistSorts } from '../queries/artists.js';
import { route } from '../routes.js';
import { id, idParams, paging } from './input.js';

const artistQuery = z.object({
  sort: z.enum(artistSorts).default('name').describe('name or random'),
  role: z
    .string()
    .regex(/^[a-z]{1,32}$/, 'must be a role name')
    .default('albumartist')
    .describe('albumartist, artist, composer, ...'),
  genre: id.optional().describe('genre id'),
  ...paging,
});

export const artistRoutes = [
  route({
    method: 'GET',
    path: '/api/artists',
    access: 'user',
    summary: 'A page of artists having a role, by name or at random, by genre.',
    input: { query: artistQuery },
    response: 'Page<ArtistSummary>',
    handler: (ctx, deps) => {
      const query = artistQuery.parse(ctx.query);
      ctx.body = artistPage(deps.db, { ...query, seenBy: seenBy(ctx) });
    },
  }),
  route({
    method: 'GET',
    path: '/api/artists/:id',
    access: 'user',
    summary: 'One artist, their albums, and the albums they appear on.',
    input: { params: idParams },
    response: 'ArtistDetail',
    handler: (ctx, deps) => {
      const { id } = idParams.parse(ctx.params);
      const artist = artistDetail(deps.db, id, seenBy(ctx));
      if (!artist) throw new NotFoundError('artist');
      ctx.body = artist;
    },
  }),
];
