// The caller's play queue, saved by one device and resumed on another. The
// rows are the userdata play queue the Subsonic API also reads and writes.
import { z } from 'zod';
import { requireCaller } from '../../auth/guard.js';
import { getPlayQueue, savePlayQueue } from '../../userdata/play-queue.js';
import { InvalidInputError } from '../errors.js';
import { unknownTrackIds } from '../queries/player/playlists.js';
import { tracksByIds } from '../queries/tracks.js';
import { route } from '../routes.js';
import { readBigJson } from './player-body.js';
import { id } from './input.js';

/** Queues and playlists hold at most this many entries. */
export const maxEntries = 10_000;

const queueBody = z.object({
  trackIds: z.array(id).max(maxEntries),
  currentIndex: z.number().int().min(0).nullable().default(null),
  positionMs: z.number().min(0).max(1e9).default(0),
  device: z.string().trim().min(1).max(100).default('web').describe('who saved it'),
});

export const queueRoutes = [
  route({
    method: 'GET',
    path: '/api/queue',
    access: 'user',
    summary: "The caller's saved play queue: tracks, current entry and position.",
    response: 'PlayQueueState',
    handler: (ctx, deps) => {
      const saved = getPlayQueue(deps.db, requireCaller(ctx).user.id);
      const trackIds = saved?.trackIds ?? [];
      const current = saved?.currentTrackId ?? null;
      const index = current === null ? -1 : trackIds.indexOf(current);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        trackIds,
        tracks: tracksByIds(deps.db, trackIds),
        currentIndex: index >= 0 ? index : null,
        positionMs: saved?.positionMs ?? 0,
        changedAt: saved?.changedAt ?? null,
        changedBy: saved?.changedBy ?? null,
      };
    },
  }),
  route({
    method: 'PUT',
    path: '/api/queue',
    access: 'user',
    summary: "Saves the caller's play queue; an empty list clears it.",
    input: { body: queueBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const body = await readBigJson(ctx, queueBody, 1024 * 1024);
      const unknown = unknownTrackIds(deps.db, body.trackIds);
      if (unknown.length) {
        throw new InvalidInputError('unknown track ids', { trackIds: unknown[0]! });
      }
      const current =
        body.currentIndex === null ? null : body.trackIds[body.currentIndex];
      savePlayQueue(deps.db, requireCaller(ctx).user.id, {
        trackIds: body.trackIds,
        currentTrackId: current ?? null,
        positionMs: body.positionMs,
        changedBy: body.device,
      });
      ctx.status = 204;
    },
  }),
];
