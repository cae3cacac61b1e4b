// The admin control API's view when everything runs in one process
// (workers = 0, or the app started by a test): metrics of this process only,
// the in-process scheduler's jobs, and no resizing (that needs the supervisor).
import { HearthError, NotFoundError } from '../http/errors.js';
import type { Settings } from '../settings/schema.js';
import type { ServerControl } from '../supervisor/control.js';
import { sampleProcesses, snapshotOf } from '../supervisor/metrics.js';
import type { MetricsSnapshot, ProcessMetrics } from '../supervisor/protocol.js';
import { readGauges } from './gauges.js';
import type { RequestTracker } from './request-tracker.js';
import type { Scheduler } from './scheduler.js';

export interface LocalSources {
  tracker?: RequestTracker;
  scheduler?: Scheduler;
  /** Open connections of this process's HTTP server. */
  connections?: () => number;
  /** The settings this process runs with. */
  settings?: Settings;
}

const startedAt = Date.now() - process.uptime() * 1000;

function singleProcess(): never {
  throw new HearthError(
    409,
    'single_process',
    'this server runs in one process (workers = 0); restart it with --workers=N',
  );
}

export function localControl(sources: LocalSources = {}): ServerControl {
  const watchers = new Set<(snapshot: MetricsSnapshot) => void>();
  let timer: NodeJS.Timeout | null = null;

  async function snapshot(): Promise<MetricsSnapshot> {
    const sample = (await sampleProcesses([process.pid])).get(process.pid);
    const gauges = readGauges();
    const line: ProcessMetrics = {
      slot: 'main',
      role: 'http',
      pid: process.pid,
      state: 'ready',
      startedAt,
      rssBytes: sample?.rssBytes ?? process.memoryUsage.rss(),
      cpuPercent: Math.round((sample?.cpuPercent ?? 0) * 10) / 10,
      lagMs: 0,
      openConnections: sources.connections?.() ?? 0,
      activeRequests: sources.tracker?.activeCount ?? 0,
      activeTranscodes: gauges.transcodes ?? 0,
      transcodeCpuPercent: gauges.transcodeCpu ?? 0,
      transcodeRssBytes: gauges.transcodeRss ?? 0,
      activeStreams: gauges.streams ?? 0,
      requestsServed: sources.tracker?.served ?? 0,
      restarts: 0,
      failures: 0,
      nextStartAt: null,
      lastExit: null,
    };
    return snapshotOf('single', 0, [line], sources.scheduler?.status() ?? []);
  }

  // Live metrics are sampled only while someone watches.
  const tick = async () => {
    const latest = await snapshot();
    for (const watcher of watchers) watcher(latest);
  };
  return {
    snapshot,
    watch(listener) {
      watchers.add(listener);
      timer ??= setInterval(() => void tick(), 1000);
      return () => {
        watchers.delete(listener);
        if (watchers.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    resize: async () => singleProcess(),
    restart: async () => singleProcess(),
    jobs: async () => sources.scheduler?.status() ?? [],
    runJob: async (name, options) => {
      if (!sources.scheduler) throw new NotFoundError('job');
      return sources.scheduler.run(name, options);
    },
    cancelJob: async (name) => {
      if (!sources.scheduler) throw new NotFoundError('job');
      return sources.scheduler.cancel(name);
    },
    settings: async () => sources.settings ?? singleProcess(),
    applySettings: async () => singleProcess(),
  };
}
