// The watchdog's judgement, as a pure function of what the supervisor has
// observed about one worker. The supervisor calls it a few times a second and
// carries out the verdict (kill at once, or recycle: drain, then replace).
import type { Settings } from '../settings/schema.js';
import type { ExitReason, ProcessState } from './protocol.js';

const MiB = 1024 * 1024;

/**
 * Share of its silent time a process must spend on CPU to count as busy
 * rather than hung. A hung process (deadlocked, stopped) burns next to
 * nothing; a spinning one gets its share of the cores, which on a loaded
 * machine can be small, so the bar is low.
 */
export const busyShare = 0.05;

/** A worker gets at least this long to start, whatever limitTimeReal says. */
export const minStartMs = 30_000;

/** Limits in milliseconds and bytes, read once from the settings. */
export interface Limits {
  cpuMs: number;
  realMs: number;
  jobCpuMs: number;
  jobRealMs: number;
  softBytes: number;
  hardBytes: number;
  requests: number;
  /** How long a worker may take to become ready: loading on a busy machine is slow. */
  startMs: number;
}

export function limitsFrom(settings: Settings): Limits {
  return {
    cpuMs: settings.limitTimeCpu * 1000,
    realMs: settings.limitTimeReal * 1000,
    jobCpuMs: settings.jobLimitTimeCpu * 1000,
    jobRealMs: settings.jobLimitTimeReal * 1000,
    softBytes: settings.limitMemorySoft * MiB,
    hardBytes: settings.limitMemoryHard * MiB,
    requests: settings.limitRequest,
    startMs: Math.max(minStartMs, settings.limitTimeReal * 1000),
  };
}

/** What the supervisor knows about one worker at one moment. */
export interface WorkerView {
  role: 'http' | 'job';
  state: ProcessState;
  spawnedAt: number;
  /** Last heartbeat, or the spawn time before the first one. */
  lastBeatAt: number;
  /** CPU time the worker reported in its last heartbeat. */
  cpuMsAtBeat: number | null;
  /** CPU time from the latest OS sample (pidusage), possibly after that beat. */
  cpuMsNow: number | null;
  rssBytes: number | null;
  requestsServed: number;
}

export type Verdict =
  { action: 'ok' } | { action: 'kill' | 'recycle'; reason: ExitReason; limit: string };

const ok: Verdict = { action: 'ok' };

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / MiB)} MiB`;
}

/** Silence with the CPU busy is a stuck event loop; idle silence is a hang. */
function judgeSilence(view: WorkerView, limits: Limits, now: number): Verdict {
  const job = view.role === 'job';
  const cpuMs = job ? limits.jobCpuMs : limits.cpuMs;
  const realMs = job ? limits.jobRealMs : limits.realMs;
  const silence = now - view.lastBeatAt;
  const burnt =
    view.cpuMsNow !== null && view.cpuMsAtBeat !== null
      ? view.cpuMsNow - view.cpuMsAtBeat
      : 0;
  if (silence >= cpuMs && burnt >= busyShare * silence) {
    return {
      action: 'kill',
      reason: job ? 'jobLimitTimeCpu' : 'limitTimeCpu',
      limit: seconds(cpuMs),
    };
  }
  if (silence >= realMs) {
    return {
      action: 'kill',
      reason: job ? 'jobLimitTimeReal' : 'limitTimeReal',
      limit: seconds(realMs),
    };
  }
  return ok;
}

/** The verdict for one worker now. Kills come before recycles. */
export function judge(view: WorkerView, limits: Limits, now: number): Verdict {
  // 1. Memory past the hard limit, or a worker that never became ready.
  if (view.rssBytes !== null && view.rssBytes >= limits.hardBytes) {
    return {
      action: 'kill',
      reason: 'limitMemoryHard',
      limit: mebibytes(limits.hardBytes),
    };
  }
  if (view.state === 'starting') {
    return now - view.spawnedAt >= limits.startMs
      ? { action: 'kill', reason: 'startTimeout', limit: seconds(limits.startMs) }
      : ok;
  }

  // 2. Missed heartbeats: a busy or a hung event loop.
  const silence = judgeSilence(view, limits, now);
  if (silence.action !== 'ok' || view.state !== 'ready') return silence;

  // 3. Recycles, for a worker still taking new work.
  if (view.rssBytes !== null && view.rssBytes >= limits.softBytes) {
    return {
      action: 'recycle',
      reason: 'limitMemorySoft',
      limit: mebibytes(limits.softBytes),
    };
  }
  if (view.role === 'http' && view.requestsServed >= limits.requests) {
    return {
      action: 'recycle',
      reason: 'limitRequest',
      limit: `${limits.requests} requests`,
    };
  }
  return ok;
}
