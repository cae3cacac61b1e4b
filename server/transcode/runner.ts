// Runs ffmpeg: one process per transcode, its output on a pipe, and a
// registry of every process this Node process started, so none outlives it.
//
// - Each run can be killed with a reason (client gone, request aborted,
//   watchdog, shutdown); the reason is kept for the log.
// - On process exit every ffmpeg still running is killed. On SIGTERM, SIGINT
//   and SIGHUP too, unless someone else handles the signal (the worker's
//   ordered shutdown), in which case their exit reaches the exit hook.
// - If this process dies without running any hook, ffmpeg gets EPIPE on its
//   next write and exits; `-timelimit` (a kernel CPU limit) stops one that
//   would spin without writing.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { Readable } from 'node:stream';
import { logger } from '../log.js';
import { encodedSeconds } from './outcome.js';
import { outputArgs, type SourceShape, type TranscodeProfile } from './profiles.js';

const log = logger('transcode');

export interface FfmpegJob {
  ffmpegPath: string;
  input: string;
  profile: TranscodeProfile;
  source?: SourceShape;
  /** Seconds to skip with an input seek (-ss before -i). */
  timeOffset?: number;
  /** CPU seconds after which the kernel stops ffmpeg; a backstop, not the watchdog. */
  cpuCeilingSeconds?: number;
}

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why Hearth killed it, or null when it ended by itself. */
  killedFor: string | null;
  /** ffmpeg's own account of its CPU time (-benchmark), when it got to print it. */
  cpuSeconds: number | null;
  /** Bytes ffmpeg wrote before it ended. */
  bytesOut: number;
  /** ffmpeg encoded nothing: no decodable audio (or a seek past the end). */
  empty: boolean;
  /** The end of ffmpeg's log, for the server log only (it holds local paths). */
  stderr: string;
}

const stderrKeep = 8 * 1024;

/** The full argument list for a job. */
export function ffmpegArgs(job: FfmpegJob): string[] {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'info',
    '-benchmark',
  ];
  // Tolerate damaged frames: a partly decodable file plays what it can.
  args.push('-max_error_rate', '1');
  if (job.cpuCeilingSeconds) args.push('-timelimit', String(job.cpuCeilingSeconds));
  if (job.timeOffset && job.timeOffset > 0) args.push('-ss', job.timeOffset.toFixed(3));
  args.push('-i', job.input, ...outputArgs(job.profile, job.source));
  return args;
}

/** One running ffmpeg. */
export class FfmpegRun extends EventEmitter {
  readonly child: ChildProcess;
  readonly stdout: Readable;
  readonly startedAt = Date.now();
  /** Bytes ffmpeg has written so far: the watchdog's measure of progress. */
  bytesOut = 0;
  killedFor: string | null = null;
  readonly done: Promise<FfmpegExit>;
  private stderrTail = '';

  constructor(readonly job: FfmpegJob) {
    super();
    this.child = spawn(job.ffmpegPath, ffmpegArgs(job), {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    yieldToServing(this.child);
    this.stdout = this.child.stdout!;
    this.stdout.on('data', (chunk: Buffer) => (this.bytesOut += chunk.length));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-stderrKeep);
    });
    this.done = new Promise((resolve) => {
      // 'close' waits for stdio to end, so every output byte has been seen.
      this.child.once('close', (code, signal) => resolve(this.exit(code, signal)));
      this.child.once('error', (err) => {
        this.stderrTail += `\nspawn failed: ${err.message}`;
        if (this.child.pid === undefined) resolve(this.exit(null, null));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills ffmpeg at once (its output is of no use to anyone now). */
  kill(reason: string): void {
    if (!this.running || this.killedFor) return;
    this.killedFor = reason;
    this.child.kill('SIGKILL');
  }

  private exit(code: number | null, signal: NodeJS.Signals | null): FfmpegExit {
    const bench = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(this.stderrTail);
    return {
      code,
      signal,
      killedFor: this.killedFor,
      cpuSeconds: bench ? Number(bench[1]) + Number(bench[2]) : null,
      bytesOut: this.bytesOut,
      empty:
        /Output file is empty/.test(this.stderrTail) ||
        encodedSeconds(this.stderrTail) === 0,
      stderr: this.stderrTail,
    };
  }
}

/**
 * Runs ffmpeg below the HTTP workers and the dispatcher. A transcode has its
 * player's read-ahead to spend (tens of seconds), a request has none: at the
 * same priority, a burst of new transcodes shares each core with the worker
 * thread by head count, and browsing and play starts wait seconds (the
 * household benchmark saw 7 s at 83 % CPU). Below normal, ffmpeg takes the
 * CPU the workers leave, as the job worker does.
 */
function yieldToServing(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    os.setPriority(child.pid, os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Already ended, or not allowed: it runs at the worker's priority.
  }
}

// The registry of running ffmpeg processes in this Node process.
const running = new Set<FfmpegRun>();

/**
 * Emits 'change' with the number of running transcodes whenever one starts or
 * ends; the worker adapter forwards it to the supervisor.
 */
export const transcodeEvents = new EventEmitter();

/** How many ffmpeg processes this process is running now. */
export function activeTranscodes(): number {
  return running.size;
}

/** The runs in progress, for the watchdog and for tests. */
export function runningTranscodes(): FfmpegRun[] {
  return [...running];
}

/** Starts ffmpeg for a job and registers it until it exits. */
export function startFfmpeg(job: FfmpegJob): FfmpegRun {
  installExitHooks();
  const run = new FfmpegRun(job);
  running.add(run);
  transcodeEvents.emit('change', running.size);
  void run.done.then((exit) => {
    running.delete(run);
    transcodeEvents.emit('change', running.size);
    run.emit('exit', exit);
  });
  return run;
}

/** Kills every ffmpeg this process started (worker shutdown, process exit). */
export function killAllTranscodes(reason: string): number {
  const count = running.size;
  for (const run of running) run.kill(reason);
  if (count > 0) log.info({ count, reason }, 'killed running transcodes');
  return count;
}

let hooksInstalled = false;

/** Kills ffmpeg on exit and on termination signals; see the file comment. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // On 'exit' only synchronous work runs; kill() is synchronous.
  process.on('exit', () => killAllTranscodes('process exit'));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      killAllTranscodes(signal);
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
