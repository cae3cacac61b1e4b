// Full-text search across artists, albums and tracks.
import { seenBy } from '../../auth/visibility.js';
import { z } from 'zod';
import { searchQuery } from '../../library/search.js';
import { searchLibrary } from '../queries/search.js';
import { route } from '../routes.js';

const searchInput = z.object({
  q: z.string().min(1).max(200).describe('words; each matches as a prefix'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('results per kind (at most 100)'),
});

export const searchRoutes = [
  route({
    method: 'GET',
    path: '/api/search',
    access: 'user',
    summary: 'Artists, albums and tracks matching every word (accents and case ignored).',
    input: { query: searchInput },
    response: 'SearchResult',
    handler: (ctx, deps) => {
      const { q, limit } = searchInput.parse(ctx.query);
      const match = searchQuery(q);
      ctx.body = match
        ? searchLibrary(deps.db, match, limit, seenBy(ctx))
        : { artists: [], albums: [], tracks: [] };
    },
  }),
];
