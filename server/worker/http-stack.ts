// The HTTP side of a process: the Koa app behind a Node HTTP server, with the
// request tracker in front of it. An HTTP worker feeds it connections from the
// dispatcher; one-process mode lets it listen on the public port itself.
import http from 'node:http';
import type { AppDeps } from '../http/deps.js';
import { createApp } from '../http/app.js';
import { transcodeEvents } from '../transcode/runner.js';
import { startTranscodeCpuGauge } from '../transcode/cpu-gauge.js';
import { reportGauge } from './gauges.js';
import { RequestTracker } from './request-tracker.js';

export interface HttpStack {
  server: http.Server;
  tracker: RequestTracker;
}

export interface HttpStackOptions {
  deps: AppDeps;
  /** Names the process in limit logs: "http-2", or "main" in one-process mode. */
  slot: string;
  onServed?: (served: number) => void;
}

export function createHttpStack(options: HttpStackOptions): HttpStack {
  const app = createApp(options.deps);
  const server = http.createServer(app.callback());
  const tracker = new RequestTracker({
    slot: options.slot,
    limitTimeRealMs: options.deps.settings.limitTimeReal * 1000,
    onServed: options.onServed,
  });
  tracker.attach(server);

  // The live gauge's transcode count follows this process's ffmpeg registry.
  transcodeEvents.on('change', (count: number) => reportGauge('transcodes', count));
  const stopCpuGauge = startTranscodeCpuGauge();
  server.once('close', stopCpuGauge);
  return { server, tracker };
}
