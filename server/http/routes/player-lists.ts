// Lists the player shows beyond plain browsing: every track as one sorted
// list, a track's lyrics as timed lines, and the caller's own history (most
// and last played albums and tracks) and stars.
import { seenBy } from '../../auth/visibility.js';
import { z } from 'zod';
import { requireCaller } from '../../auth/guard.js';
import { parseLrc, readLyrics } from '../../library/lyrics.js';
import { NotFoundError } from '../errors.js';
import {
  historyOrders,
  playedAlbums,
  playedTracks,
  starredItems,
} from '../queries/player/history.js';
import { trackPage, trackSorts } from '../queries/player/track-list.js';
import { trackFile } from '../queries/tracks.js';
import { route } from '../routes.js';
import { idParams, paging } from './input.js';

const trackQuery = z.object({
  sort: z
    .enum(trackSorts)
    .default('title')
    .describe('title, artist, album, recent (newest first) or random'),
  ...paging,
});

const historyQuery = z.object({
  order: z
    .enum(historyOrders)
    .default('recent')
    .describe('frequent (most plays) or recent (last played first)'),
  ...paging,
});

export const playerListRoutes = [
  route({
    method: 'GET',
    path: '/api/tracks',
    access: 'user',
    summary: 'A page of all tracks, sorted.',
    input: { query: trackQuery },
    response: 'Page<TrackSummary>',
    handler: (ctx, deps) => {
      const query = trackQuery.parse(ctx.query);
      ctx.body = trackPage(deps.db, { ...query, seenBy: seenBy(ctx) });
    },
  }),
  route({
    method: 'GET',
    path: '/api/tracks/:id/lyrics',
    access: 'user',
    summary: "A track's lyrics: timed lines when they are synced (LRC), else text.",
    input: { params: idParams },
    response: 'Lyrics',
    handler: (ctx, deps) => {
      const { id } = idParams.parse(ctx.params);
      if (!trackFile(deps.db, id)) throw new NotFoundError('track');
      const lyrics = readLyrics(deps.db, id);
      ctx.body = {
        synced: lyrics?.synced ?? false,
        text: lyrics?.text ?? null,
        lines: lyrics?.synced ? parseLrc(lyrics.text) : null,
      };
    },
  }),
  route({
    method: 'GET',
    path: '/api/history/albums',
    access: 'user',
    summary: 'The albums the caller played most, or most recently.',
    input: { query: historyQuery },
    response: 'Page<AlbumSummary>',
    handler: (ctx, deps) => {
      const { user } = requireCaller(ctx);
      ctx.body = playedAlbums(deps.db, user.id, historyQuery.parse(ctx.query));
    },
  }),
  route({
    method: 'GET',
    path: '/api/history/tracks',
    access: 'user',
    summary: 'The tracks the caller played most, or most recently.',
    input: { query: historyQuery },
    response: 'Page<TrackSummary>',
    handler: (ctx, deps) => {
      const { user } = requireCaller(ctx);
      ctx.body = playedTracks(deps.db, user.id, historyQuery.parse(ctx.query));
    },
  }),
  route({
    method: 'GET',
    path: '/api/starred',
    access: 'user',
    summary: 'The artists, albums and tracks the caller starred, newest star first.',
    response: 'Starred',
    handler: (ctx, deps) => {
      ctx.body = starredItems(deps.db, requireCaller(ctx).user.id);
    },
  }),
];
