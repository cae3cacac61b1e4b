// Input pieces shared by the route schemas: ids, paging, booleans in query
// strings. An id is what the scanner generates and never something that could
// name a file, so a path, a dot-dot or a NUL byte fails here with a 400.
import { z } from 'zod';

/** A library id (track, album, artist, genre, folder). */
export const id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a library id')
  .describe('library id');

/** Path parameters of routes about one thing. */
export const idParams = z.object({ id });

/** Paging of a list: offset from 0, limit capped at 500. */
export const paging = {
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .describe('items to skip'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .describe('items to return (at most 500)'),
};

/** A yes/no query flag: 1/0, true/false. */
export const flag = z
  .enum(['1', '0', 'true', 'false'])
  .transform((value) => value === '1' || value === 'true');
