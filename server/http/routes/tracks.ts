// One track's details.
import { NotFoundError } from '../errors.js';
import { trackDetail } from '../queries/tracks.js';
import { route } from '../routes.js';
import { idParams } from './input.js';

export const trackRoutes = [
  route({
    method: 'GET',
    path: '/api/tracks/:id',
    access: 'user',
    summary: 'One track with every tag Hearth keeps.',
    input: { params: idParams },
    response: 'TrackDetail',
    handler: (ctx, deps) => {
      const track = trackDetail(deps.db, idParams.parse(ctx.params).id);
      if (!track) throw new NotFoundError('track');
      ctx.body = track;
    },
  }),
];
