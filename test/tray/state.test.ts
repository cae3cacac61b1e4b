// The tray's view of the server: a host phase and a metrics snapshot in, the
// state the menu is built from out.
import { describe, expect, it } from 'vitest';
import type { JobStatus, MetricsSnapshot } from '../../server/supervisor/protocol.js';
import { trayServerState, type HostPhase } from '../../server/tray/state.js';

function snapshot(streams: number, jobs: JobStatus[] = []): MetricsSnapshot {
  const totals = {
    rssBytes: 0,
    cpuPercent: 0,
    openConnections: 0,
    activeRequests: 0,
    activeTranscodes: 0,
    activeStreams: streams,
    requestsServed: 0,
    restarts: 0,
  };
  return { at: 0, mode: 'supervised', workers: 2, processes: [], totals, jobs };
}

const scanJob = (
  state: JobStatus['state'],
  progress: JobStatus['progress'],
): JobStatus => ({
  name: 'scan',
  state,
  progress,
  lastRun: null,
  nextRunAt: null,
});

const running: HostPhase = { status: 'running', startedAt: 1000 };

const table: Array<{
  name: string;
  phase: HostPhase;
  snapshot: MetricsSnapshot | null;
  want: ReturnType<typeof trayServerState>;
}> = [
  {
    name: 'running: listeners are the active streams',
    phase: running,
    snapshot: snapshot(4),
    want: {
      status: 'running',
      startedAt: 1000,
      listeners: 4,
      scan: { running: false, done: 0, total: 0 },
    },
  },
  {
    name: 'running a scan: its progress',
    phase: running,
    snapshot: snapshot(0, [
      scanJob('running', { done: 12, total: 40, currentFolder: 'x' }),
    ]),
    want: {
      status: 'running',
      startedAt: 1000,
      listeners: 0,
      scan: { running: true, done: 12, total: 40 },
    },
  },
  {
    name: 'a queued scan is not running yet',
    phase: running,
    snapshot: snapshot(0, [scanJob('queued', null)]),
    want: {
      status: 'running',
      startedAt: 1000,
      listeners: 0,
      scan: { running: false, done: 0, total: 0 },
    },
  },
  {
    name: 'a running scan without numbers yet',
    phase: running,
    snapshot: snapshot(0, [scanJob('running', { done: 'x' })]),
    want: {
      status: 'running',
      startedAt: 1000,
      listeners: 0,
      scan: { running: true, done: 0, total: 0 },
    },
  },
  {
    name: 'no snapshot yet',
    phase: running,
    snapshot: null,
    want: {
      status: 'running',
      startedAt: 1000,
      listeners: 0,
      scan: { running: false, done: 0, total: 0 },
    },
  },
  {
    name: 'error: the reason, and no stale numbers',
    phase: { status: 'error', startedAt: null, error: 'Port 4533 is already in use' },
    snapshot: snapshot(3, [scanJob('running', { done: 1, total: 2 })]),
    want: {
      status: 'error',
      startedAt: null,
      listeners: 0,
      scan: { running: false, done: 0, total: 0 },
      error: 'Port 4533 is already in use',
    },
  },
];

describe('trayServerState', () => {
  it.each(table)('$name', ({ phase, snapshot, want }) => {
    expect(trayServerState(phase, snapshot)).toEqual(want);
  });
});
