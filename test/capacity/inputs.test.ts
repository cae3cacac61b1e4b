// Measurements for the capacity model from a metrics snapshot, as a table.
import { describe, expect, it } from 'vitest';
import { measurementsFrom } from '../../server/capacity/inputs.js';
import type {
  MetricsSnapshot,
  ProcessMetrics,
} from '../../server/supervisor/protocol.js';

const MiB = 1024 * 1024;

function proc(
  role: ProcessMetrics['role'],
  rss: number,
  state: ProcessMetrics['state'] = 'ready',
): ProcessMetrics {
  return {
    slot: role,
    role,
    pid: 1,
    state,
    startedAt: 0,
    rssBytes: rss * MiB,
    cpuPercent: 0,
    lagMs: 0,
    openConnections: 0,
    activeRequests: 0,
    activeTranscodes: 0,
    transcodeCpuPercent: 0,
    transcodeRssBytes: 0,
    activeStreams: 0,
    requestsServed: 0,
    restarts: 0,
    failures: 0,
    nextStartAt: null,
    lastExit: null,
  };
}

const snapshot = (processes: ProcessMetrics[]) =>
  ({ processes, jobs: [], totals: {} }) as unknown as MetricsSnapshot;

describe('measurementsFrom', () => {
  it.each([
    { name: 'no snapshot: nothing measured', snap: null, speed: undefined, want: {} },
    {
      name: 'mean of ready HTTP workers; the supervisor on its own',
      snap: snapshot([
        proc('supervisor', 80),
        proc('http', 40),
        proc('http', 60),
        proc('job', 90),
      ]),
      speed: undefined,
      want: { workerRssBytes: 50 * MiB, mainRssBytes: 80 * MiB },
    },
    {
      name: 'starting and draining workers do not count',
      snap: snapshot([
        proc('http', 40),
        proc('http', 200, 'draining'),
        proc('http', 0, 'starting'),
      ]),
      speed: 310.5,
      want: { workerRssBytes: 40 * MiB, transcodeSpeed: 310.5 },
    },
  ])('$name', ({ snap, speed, want }) => {
    expect(measurementsFrom(snap, speed)).toEqual(want);
  });
});
