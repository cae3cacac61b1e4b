// Health and server information.
import { route } from '../routes.js';
import { transcodingHealth } from '../../transcode/serve.js';

export const systemRoutes = [
  route({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    summary:
      'Liveness and basic facts: version, uptime, database reachable, transcoding.',
    response: 'Health',
    handler: async (ctx, deps) => {
      const row = deps.db.prepare('SELECT count(*) AS n FROM track').get() as {
        n: number;
      };
      ctx.body = {
        status: 'ok',
        version: process.env.npm_package_version ?? '0.1.0',
        uptime: Math.round(process.uptime()),
        tracks: row.n,
        transcoding: await transcodingHealth(deps),
      };
    },
  }),
];
