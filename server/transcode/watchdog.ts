// The no-progress rule of design.md §2 applied to ffmpeg: a process that
// burns limitTimeCpu of CPU without writing a byte is killed. A stream whose
// client reads slowly costs no CPU (ffmpeg blocks on the pipe), so it is never
// killed; only work that goes nowhere is. A free-running transcode (one that
// writes to the cache file, never blocked by a client) may also be given a
// wall-clock stall limit, which catches ffmpeg hung on a dead disk.
//
// CPU time comes from pidusage (/proc on Linux, ps on macOS, wmic on Windows);
// the samples also give the RSS of ffmpeg for the capacity model.
import pidusage from 'pidusage';
import { logger } from '../log.js';
import type { FfmpegRun } from './runner.js';

const log = logger('transcode');

export interface WatchLimits {
  /** CPU milliseconds allowed without output growth. */
  cpuMs: number;
  /** Wall milliseconds allowed without output growth; only for free-running ffmpeg. */
  stallMs?: number;
}

interface Watched {
  run: FfmpegRun;
  limits: WatchLimits;
  lastBytes: number;
  cpuAtProgress: number | null;
  progressAt: number;
}

const watched = new Map<FfmpegRun, Watched>();
let timer: NodeJS.Timeout | null = null;
let sampling = false;
const rssSamples: number[] = [];

/** How often the watchdog samples, in milliseconds. */
export const sampleEveryMs = 250;

/** Watches a run until it exits. */
export function watchRun(run: FfmpegRun, limits: WatchLimits): void {
  watched.set(run, {
    run,
    limits,
    lastBytes: run.bytesOut,
    cpuAtProgress: null,
    progressAt: Date.now(),
  });
  run.once('exit', () => {
    watched.delete(run);
    if (watched.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  });
  timer ??= setInterval(() => void sample(), sampleEveryMs).unref();
}

/** Mean RSS in bytes of the ffmpeg processes sampled recently, or undefined. */
export function transcodeRssBytes(): number | undefined {
  if (rssSamples.length === 0) return undefined;
  return rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length;
}

/** One pass: read each process's CPU time and apply the limits. */
async function sample(): Promise<void> {
  if (sampling) return;
  sampling = true;
  try {
    await Promise.all([...watched.values()].map((entry) => check(entry)));
  } finally {
    sampling = false;
  }
}

async function check(entry: Watched): Promise<void> {
  const { run, limits } = entry;
  const pid = run.pid;
  if (pid === undefined || !run.running) return;
  let cpuMs: number;
  try {
    const stat = await pidusage(pid);
    cpuMs = stat.ctime;
    rssSamples.push(stat.memory);
    if (rssSamples.length > 64) rssSamples.shift();
  } catch {
    return; // exited between the check and the read
  }

  // Output grew: progress. Remember where the CPU clock stood.
  const now = Date.now();
  if (run.bytesOut > entry.lastBytes || entry.cpuAtProgress === null) {
    entry.lastBytes = run.bytesOut;
    entry.cpuAtProgress = cpuMs;
    entry.progressAt = now;
    return;
  }
  const cpuIdle = cpuMs - entry.cpuAtProgress;
  if (cpuIdle > limits.cpuMs) {
    kill(run, 'cpu_without_progress', { cpuMs: cpuIdle, limitMs: limits.cpuMs });
  } else if (limits.stallMs && now - entry.progressAt > limits.stallMs) {
    kill(run, 'stalled', { stalledMs: now - entry.progressAt, limitMs: limits.stallMs });
  }
}

function kill(run: FfmpegRun, reason: string, fields: Record<string, number>): void {
  log.warn(
    {
      reason,
      pid: run.pid,
      profile: run.job.profile.id,
      bytesOut: run.bytesOut,
      ...fields,
    },
    'ffmpeg killed by the watchdog',
  );
  run.kill(reason);
}
