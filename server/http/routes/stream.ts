// Playback of a track: the original file (with Range), or a transcode when
// the client asks for one, its bitrate limit is below the source's, or it
// cannot play the format. The decision and the transcoder live in
// server/transcode/; this route parses the query and names the caller.
import { NotFoundError } from '../errors.js';
import { trackFile } from '../queries/tracks.js';
import { route } from '../routes.js';
import { streamQuery, streamTrack } from '../../transcode/serve.js';
import { idParams } from './input.js';

export const streamRoutes = [
  route({
    method: 'GET',
    path: '/api/tracks/:id/stream',
    access: 'user',
    summary:
      'The original file (Range, ETag, Last-Modified), or a transcode: format=raw|' +
      'mp3_192|opus_128|aac_256..., maxBitRate, timeOffset, estimateContentLength.',
    input: { params: idParams, query: streamQuery },
    response: 'Audio',
    handler: async (ctx, deps) => {
      const { id } = idParams.parse(ctx.params);
      const query = streamQuery.parse(ctx.query);
      if (!trackFile(deps.db, id)) throw new NotFoundError('track');
      // The per-user transcode cap counts by account; the address if there is none.
      const userKey = ctx.caller ? `user:${ctx.caller.user.id}` : `ip:${ctx.ip}`;
      await streamTrack(ctx, deps, id, query, { userKey });
    },
  }),
];
