// The tray's view of the server, derived from the supervisor's metrics
// snapshot and the host's own lifecycle. Pure, so the mapping is tested with
// a table like the menu it feeds.
import type { MetricsSnapshot } from '../supervisor/protocol.js';
import type { TrayServerState } from './menu.js';

/** Where the host is in starting and stopping the supervisor. */
export interface HostPhase {
  status: TrayServerState['status'];
  /** When the supervisor started listening, if it has. */
  startedAt: number | null;
  /** The start-up failure's title, when status is 'error'. */
  error?: string;
}

const idleScan = { running: false, done: 0, total: 0 };

/** Reads the scan job's progress ({ done, total }) from the job list. */
function scanOf(snapshot: MetricsSnapshot | null): TrayServerState['scan'] {
  const job = snapshot?.jobs.find((j) => j.name === 'scan');
  if (!job || job.state !== 'running') return idleScan;
  const progress = job.progress ?? {};
  const count = (value: unknown) => (typeof value === 'number' && value >= 0 ? value : 0);
  return { running: true, done: count(progress.done), total: count(progress.total) };
}

/** The state the tray menu is built from. */
export function trayServerState(
  phase: HostPhase,
  snapshot: MetricsSnapshot | null,
): TrayServerState {
  const running = phase.status === 'running';
  return {
    status: phase.status,
    startedAt: phase.startedAt,
    listeners: running ? (snapshot?.totals.activeStreams ?? 0) : 0,
    scan: running ? scanOf(snapshot) : idleScan,
    ...(phase.error ? { error: phase.error } : {}),
  };
}
