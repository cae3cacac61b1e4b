// The admin control API for workers, metrics and jobs: what the settings
// window's gauge reads and what its Apply button calls. In an HTTP worker each
// answer comes from the supervisor over IPC (deps.control); without one, the
// process describes itself alone.
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import { z } from 'zod';
import { readJson } from '../../auth/body.js';
import { saveSettings } from '../../settings/file.js';
import type { ServerControl } from '../../supervisor/control.js';
import type { MetricsSnapshot } from '../../supervisor/protocol.js';
import { onDrain } from '../../worker/draining.js';
import { localControl } from '../../worker/local-control.js';
import type { AppDeps } from '../deps.js';
import { route } from '../routes.js';

let processAlone: ServerControl | undefined;

function controlOf(deps: AppDeps): ServerControl {
  return deps.control ?? (processAlone ??= localControl());
}

const resizeBody = z.object({
  workers: z.number().int().min(1).max(256).describe('HTTP worker processes wanted'),
});
const jobParams = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a job name')
    .describe('job name'),
});
const jobQuery = z.object({
  full: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .describe('scan: 1 re-reads every file'),
});

/**
 * Server-sent events: the snapshot now, then one per second until the client
 * leaves or this worker drains. A draining worker ends the stream so it can
 * exit; `retry` has the browser reconnect within a second, to another worker.
 */
async function streamMetrics(ctx: Context, control: ServerControl): Promise<void> {
  const stream = new PassThrough();
  const send = (snapshot: MetricsSnapshot) =>
    stream.write(`event: metrics\ndata: ${JSON.stringify(snapshot)}\n\n`);
  stream.write('retry: 1000\n\n');
  send(await control.snapshot());
  const stopWatching = control.watch(send);
  const end = () => {
    stopWatching();
    stopDrain();
    stream.end();
  };
  const stopDrain = onDrain(end);
  ctx.req.once('close', end);
  ctx.set('Cache-Control', 'no-cache');
  ctx.type = 'text/event-stream';
  ctx.body = stream;
}

export const adminRoutes = [
  route({
    method: 'GET',
    path: '/api/admin/metrics',
    access: 'admin',
    summary:
      'Every process with its state, RSS, CPU, connections, requests and restarts.',
    response: 'MetricsSnapshot',
    handler: async (ctx, deps) => {
      ctx.body = await controlOf(deps).snapshot();
    },
  }),
  route({
    method: 'GET',
    path: '/api/admin/metrics/stream',
    access: 'admin',
    summary: 'The same metrics as server-sent events, one `metrics` event a second.',
    response: 'MetricsStream',
    handler: (ctx, deps) => streamMetrics(ctx, controlOf(deps)),
  }),
  route({
    method: 'PUT',
    path: '/api/admin/workers',
    access: 'admin',
    summary:
      'Applies a new worker count and saves it: new workers start, then the surplus drains.',
    input: { body: resizeBody },
    response: 'WorkersChange',
    handler: async (ctx, deps) => {
      // Saved like a change of the workers setting, once the resize is taken.
      const { workers } = await readJson(ctx, resizeBody);
      const change = await controlOf(deps).resize(workers);
      saveSettings(deps.dataDir, { workers });
      ctx.status = 202;
      ctx.body = change;
    },
  }),
  route({
    method: 'POST',
    path: '/api/admin/workers/restart',
    access: 'admin',
    summary: 'Replaces every HTTP worker without dropping a connection.',
    response: 'WorkersChange',
    handler: async (ctx, deps) => {
      ctx.status = 202;
      ctx.body = await controlOf(deps).restart();
    },
  }),
  route({
    method: 'GET',
    path: '/api/admin/jobs',
    access: 'admin',
    summary: 'Scheduled jobs: state, progress, last run and next run.',
    response: 'JobList',
    handler: async (ctx, deps) => {
      ctx.body = { jobs: await controlOf(deps).jobs() };
    },
  }),
  route({
    method: 'POST',
    path: '/api/admin/jobs/:name/run',
    access: 'admin',
    summary: 'Queues a run of one job now (202; `queued` is false if already queued).',
    input: { params: jobParams, query: jobQuery },
    response: 'JobQueued',
    handler: async (ctx, deps) => {
      const { name } = jobParams.parse(ctx.params);
      const { full } = jobQuery.parse(ctx.query);
      ctx.status = 202;
      ctx.body = await controlOf(deps).runJob(name, {
        full: full === '1' || full === 'true',
      });
    },
  }),
  route({
    method: 'POST',
    path: '/api/admin/jobs/:name/cancel',
    access: 'admin',
    summary:
      'Cancels a queued or running run of one job; it resumes from its checkpoint next time.',
    input: { params: jobParams },
    response: 'JobCancelled',
    handler: async (ctx, deps) => {
      const { name } = jobParams.parse(ctx.params);
      ctx.body = await controlOf(deps).cancelJob(name);
    },
  }),
];
