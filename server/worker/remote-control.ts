// The admin control API's view of the server from inside an HTTP worker: every
// question goes to the supervisor over IPC. Metrics for live views arrive as a
// push once a second while someone in this worker is watching.
import type { ServerControl } from '../supervisor/control.js';
import type { MetricsSnapshot, WorkerChannel } from '../supervisor/protocol.js';

export function remoteControl(channel: WorkerChannel): ServerControl {
  const watchers = new Set<(snapshot: MetricsSnapshot) => void>();
  channel.on('metrics', (snapshot) => {
    for (const watcher of watchers) watcher(snapshot);
  });

  return {
    snapshot: () => channel.call('metrics.snapshot', null),
    watch(listener) {
      watchers.add(listener);
      if (watchers.size === 1) channel.emit('metrics.watch', { on: true });
      return () => {
        if (watchers.delete(listener) && watchers.size === 0) {
          channel.emit('metrics.watch', { on: false });
        }
      };
    },
    resize: (workers) => channel.call('workers.resize', { workers }, 30_000),
    restart: () => channel.call('workers.restart', null, 30_000),
    jobs: () => channel.call('jobs.status', null),
    runJob: (name, options) => channel.call('jobs.run', { name, ...options }),
    cancelJob: (name) => channel.call('jobs.cancel', { name }),
    settings: () => channel.call('settings.get', null),
    applySettings: (settings) => channel.call('settings.apply', { settings }, 30_000),
  };
}
