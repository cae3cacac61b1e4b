// Stars, ratings, plays and "now playing" from the player, written through
// the userdata modules the Subsonic API uses, so both see the same marks.
import { z } from 'zod';
import { readJson } from '../../auth/body.js';
import { requireCaller } from '../../auth/guard.js';
import type { Db } from '../../db/index.js';
import {
  annotationsOf,
  recordPlay,
  setRating,
  setStarred,
  type ItemRef,
} from '../../userdata/annotations.js';
import { scrobblePlay } from '../../external/scrobbles.js';
import { setNowPlaying } from '../../userdata/now-playing.js';
import { NotFoundError } from '../errors.js';
import { stmt } from '../queries/sql.js';
import { listTracks } from '../queries/tracks.js';
import { route } from '../routes.js';
import { id } from './input.js';

const kind = z.enum(['track', 'album', 'artist']).describe('track, album or artist');
const item = z.object({ kind, id });

const annotationQuery = z.object({
  kind,
  ids: z
    .string()
    .max(20_000)
    .transform((text) => text.split(',').filter(Boolean))
    .pipe(z.array(id).max(500))
    .describe('comma-separated ids, at most 500'),
});

const starBody = z.object({
  items: z.array(item).min(1).max(500),
  starred: z.boolean(),
});
const ratingBody = z.object({ kind, id, rating: z.number().int().min(0).max(5) });
const playBody = z.object({
  trackId: id,
  at: z.number().int().positive().optional().describe('ms since the epoch; default now'),
});
const nowPlayingBody = z.object({
  trackId: id,
  player: z.string().trim().min(1).max(100).default('web').describe('player name'),
});

const tables = { track: 'track', album: 'album', artist: 'artist' } as const;

/** Throws a 404 naming the first item that is not in the library. */
function requireItems(db: Db, items: readonly ItemRef[]): void {
  for (const { kind: k, id: itemId } of items) {
    const found = stmt(db, `SELECT 1 FROM ${tables[k]} WHERE id = ?`).get(itemId);
    if (!found) throw new NotFoundError(k);
  }
}

export const annotationRoutes = [
  route({
    method: 'GET',
    path: '/api/annotations',
    access: 'user',
    summary: "The caller's stars, ratings and plays of some items of one kind.",
    input: { query: annotationQuery },
    response: 'AnnotationMap',
    handler: (ctx, deps) => {
      const query = annotationQuery.parse(ctx.query);
      const { user } = requireCaller(ctx);
      const found = annotationsOf(deps.db, user.id, query.kind, query.ids);
      ctx.body = { annotations: Object.fromEntries(found) };
    },
  }),
  route({
    method: 'PUT',
    path: '/api/annotations/star',
    access: 'user',
    summary: 'Stars or unstars tracks, albums and artists.',
    input: { body: starBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, starBody);
      requireItems(deps.db, body.items);
      setStarred(deps.db, requireCaller(ctx).user.id, body.items, body.starred);
      ctx.status = 204;
    },
  }),
  route({
    method: 'PUT',
    path: '/api/annotations/rating',
    access: 'user',
    summary: 'Rates a track, album or artist 1 to 5; 0 removes the rating.',
    input: { body: ratingBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, ratingBody);
      requireItems(deps.db, [body]);
      setRating(deps.db, requireCaller(ctx).user.id, body, body.rating);
      ctx.status = 204;
    },
  }),
  route({
    method: 'POST',
    path: '/api/plays',
    access: 'user',
    summary: 'Counts one play of a track, its album and its artists (a scrobble).',
    input: { body: playBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, playBody);
      const [track] = listTracks(deps.db, 'WHERE t.id = ?', [body.trackId]);
      if (!track) throw new NotFoundError('track');
      const items: ItemRef[] = [{ kind: 'track', id: track.id }];
      if (track.albumId) items.push({ kind: 'album', id: track.albumId });
      for (const artist of track.artists) items.push({ kind: 'artist', id: artist.id });
      const userId = requireCaller(ctx).user.id;
      recordPlay(deps.db, userId, items, body.at);
      scrobblePlay(deps, { userId, trackId: track.id, at: body.at ?? Date.now() });
      ctx.status = 204;
    },
  }),
  route({
    method: 'POST',
    path: '/api/now-playing',
    access: 'user',
    summary: "Reports the track the caller's player just started.",
    input: { body: nowPlayingBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, nowPlayingBody);
      requireItems(deps.db, [{ kind: 'track', id: body.trackId }]);
      const userId = requireCaller(ctx).user.id;
      setNowPlaying(deps.db, { userId, player: body.player, trackId: body.trackId });
      ctx.status = 204;
    },
  }),
];
