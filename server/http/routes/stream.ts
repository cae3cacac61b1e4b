// Playback of a track. Today: the original file, with Range. The transcode
// decision (issue 4) goes here, in front of the raw path.
import { NotFoundError } from '../errors.js';
import { trackFile } from '../queries/tracks.js';
import { route } from '../routes.js';
import { sendRaw } from '../../stream/raw.js';
import { idParams } from './input.js';

export const streamRoutes = [
  route({
    method: 'GET',
    path: '/api/tracks/:id/stream',
    access: 'user',
    summary: 'The original file, with Range, ETag and Last-Modified.',
    input: { params: idParams },
    response: 'Audio',
    handler: async (ctx, deps) => {
      const track = trackFile(deps.db, idParams.parse(ctx.params).id);
      if (!track) throw new NotFoundError('track');
      await sendRaw(ctx, track, deps.settings.musicFolders);
    },
  }),
];
