// Metrics: an OS sample of each process (pidusage: CPU % and time, RSS) once a
// second, merged with what the workers report in their heartbeats and what
// the dispatcher counts, into the snapshot the admin API and gauge show.
import pidusage from 'pidusage';
import type { JobStatus, MetricsSnapshot, ProcessMetrics, Role } from './protocol.js';
import type { Slot } from './pool.js';
import type { ProcessSample, WorkerProcess } from './worker-process.js';

/** Samples the given processes; a process that has just exited is left out. */
export async function sampleProcesses(
  pids: number[],
): Promise<Map<number, ProcessSample>> {
  const samples = new Map<number, ProcessSample>();
  const results = await Promise.allSettled(pids.map((pid) => pidusage(pid)));
  results.forEach((result, i) => {
    if (result.status !== 'fulfilled') return;
    const { cpu, ctime, memory, timestamp } = result.value;
    samples.set(pids[i]!, {
      at: timestamp,
      cpuPercent: cpu,
      cpuMs: ctime,
      rssBytes: memory,
    });
  });
  return samples;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** An empty entry, filled in by the role-specific builders. */
function blank(slot: string, role: Role): ProcessMetrics {
  return {
    slot,
    role,
    pid: null,
    state: 'exited',
    startedAt: null,
    rssBytes: 0,
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

/** One worker, with its slot's history when it still holds the slot. */
export function workerMetrics(
  worker: WorkerProcess,
  slot: Slot | undefined,
  connections: number,
): ProcessMetrics {
  const beat = worker.beat;
  return {
    ...blank(worker.slot, worker.role),
    pid: worker.pid,
    state: worker.state,
    startedAt: worker.spawnedAt,
    rssBytes: worker.latestRss() ?? 0,
    cpuPercent: round1(worker.sample?.cpuPercent ?? 0),
    lagMs: beat?.lagMs ?? 0,
    openConnections: worker.role === 'http' ? connections : 0,
    activeRequests: beat?.activeRequests ?? 0,
    activeTranscodes: beat?.gauges.transcodes ?? 0,
    transcodeCpuPercent: beat?.gauges.transcodeCpu ?? 0,
    transcodeRssBytes: beat?.gauges.transcodeRss ?? 0,
    activeStreams: beat?.gauges.streams ?? 0,
    requestsServed: beat?.requestsServed ?? 0,
    restarts: slot?.current === worker ? slot.restarts : 0,
    failures: slot?.current === worker ? slot.failures : 0,
    lastExit: slot?.current === worker ? slot.lastExit : worker.stoppedFor,
  };
}

/** A slot with no process: backing off after failed starts. */
export function emptySlotMetrics(slot: Slot): ProcessMetrics {
  return {
    ...blank(slot.id, slot.role),
    state: 'backoff',
    restarts: slot.restarts,
    failures: slot.failures,
    nextStartAt: slot.nextStartAt,
    lastExit: slot.lastExit,
  };
}

/** The supervisor's own line. */
export function selfMetrics(sample: ProcessSample | null, connections: number) {
  return {
    ...blank('supervisor', 'supervisor'),
    pid: process.pid,
    state: 'ready',
    startedAt: Date.now() - process.uptime() * 1000,
    rssBytes: sample?.rssBytes ?? process.memoryUsage.rss(),
    cpuPercent: round1(sample?.cpuPercent ?? 0),
    openConnections: connections,
  } satisfies ProcessMetrics;
}

/** Adds up the processes into the snapshot. */
export function snapshotOf(
  mode: MetricsSnapshot['mode'],
  workers: number,
  processes: ProcessMetrics[],
  jobs: JobStatus[],
): MetricsSnapshot {
  const sum = (pick: (p: ProcessMetrics) => number) =>
    processes.reduce((total, p) => total + pick(p), 0);
  const workerLines = processes.filter((p) => p.role !== 'supervisor');
  return {
    at: Date.now(),
    mode,
    workers,
    processes,
    totals: {
      rssBytes: sum((p) => p.rssBytes),
      cpuPercent: round1(sum((p) => p.cpuPercent)),
      openConnections: workerLines.reduce((t, p) => t + p.openConnections, 0),
      activeRequests: sum((p) => p.activeRequests),
      activeTranscodes: sum((p) => p.activeTranscodes),
      activeStreams: sum((p) => p.activeStreams),
      requestsServed: sum((p) => p.requestsServed),
      restarts: sum((p) => p.restarts),
    },
    jobs,
  };
}
