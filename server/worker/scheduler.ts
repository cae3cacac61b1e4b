// Runs the scheduled jobs (the library scan, and later artwork and external
// info) one at a time, each under jobLimitTimeReal and jobLimitTimeCpu. A job
// stopped by a limit keeps its checkpoint and resumes from it next run. It
// lives in the job worker, or in the one process when workers = 0.
import { NotFoundError } from '../http/errors.js';
import { logger } from '../log.js';
import type { ExitReason, JobRun, JobStatus } from '../supervisor/protocol.js';
import type { JobStore } from './job-store.js';

const log = logger('jobs');

/** What a running job can see and do. */
export interface JobContext {
  /** Aborted when a limit or a shutdown stops the run; stop soon and keep the checkpoint. */
  readonly signal: AbortSignal;
  /** What the previous, unfinished run saved; null for a fresh run. */
  readonly checkpoint: unknown;
  /** Options of a manual run ({ full: true } for a full rescan). */
  readonly options: { full?: boolean };
  save(checkpoint: unknown): void;
  progress(progress: Record<string, unknown>): void;
}

export interface Job {
  name: string;
  /** Milliseconds between runs; 0 runs only at start or on demand. */
  intervalMs: number;
  runAtStart: boolean;
  run(ctx: JobContext): Promise<Record<string, unknown> | void>;
  /** Jobs whose successful runs queue a run of this one. */
  after?: string[];
  /** What the job says about itself at any time, shown in its status. */
  info?(): Record<string, unknown> | null;
  /**
   * For a job that runs often: true when a run's result shows it had
   * nothing to do. Such a job's start is logged at debug, and so is the end
   * of an idle run; the end of a run that did something stays at info.
   */
  idle?(result: Record<string, unknown>): boolean;
}

export interface SchedulerOptions {
  jobs: Job[];
  store: JobStore;
  limits: { cpuMs: number; realMs: number };
  onChange?: (status: JobStatus[]) => void;
  /** A job ignored its limit's abort for `graceMs`: the process must be replaced. */
  onStuck?: (stuck: { job: string; reason: ExitReason; limit: string }) => void;
  graceMs?: number;
  /** Pause before a run that a limit stopped is tried again. */
  retryMs?: number;
}

/** The reason given to the AbortSignal when a limit, a shutdown or a person stops a run. */
export class JobStoppedError extends Error {
  constructor(
    readonly reason: ExitReason | 'shutdown' | 'cancelled',
    readonly limit: string,
  ) {
    super(`stopped by ${reason}`);
    this.name = 'JobStoppedError';
  }
}

interface Running {
  job: Job;
  controller: AbortController;
  startedAt: number;
  progress: Record<string, unknown> | null;
  done: Promise<void>;
}

/** Longest delay setTimeout accepts; longer waits are re-armed. */
const maxTimerMs = 2 ** 31 - 1;

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: { job: Job; options: { full?: boolean } }[] = [];
  private readonly nextRunAt = new Map<string, number | null>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running: Running | null = null;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    for (const job of options.jobs) this.jobs.set(job.name, job);
  }

  /** Queues start-up runs (and runs a kill cut short), and arms the timers. */
  start(): void {
    for (const job of this.jobs.values()) {
      const resume = this.options.store.get(job.name).running && this.markCut(job);
      if (resume || job.runAtStart) this.enqueue(job, {});
      else this.wakeAt(job, job.intervalMs > 0 ? Date.now() + job.intervalMs : null);
    }
    this.changed();
  }

  /** Queues one run now; false when that job is already queued or running. */
  run(name: string, options: { full?: boolean } = {}): { queued: boolean } {
    const job = this.jobs.get(name);
    if (!job) throw new NotFoundError('job');
    return { queued: this.enqueue(job, options) };
  }

  /**
   * Cancels a queued or running run of one job; false when there was none.
   * A cancelled run keeps its checkpoint, so the next one resumes, but it is
   * not retried before its schedule.
   */
  cancel(name: string): { cancelled: boolean } {
    const job = this.jobs.get(name);
    if (!job) throw new NotFoundError('job');
    const queued = this.queue.findIndex((q) => q.job === job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.notify();
      return { cancelled: true };
    }
    const running = this.running;
    if (running?.job !== job || running.controller.signal.aborted)
      return { cancelled: false };
    log.info({ job: name }, 'job cancelled');
    running.controller.abort(new JobStoppedError('cancelled', 'cancelled'));
    return { cancelled: true };
  }

  status(): JobStatus[] {
    return [...this.jobs.values()].map((job) => ({
      name: job.name,
      state:
        this.running?.job === job
          ? 'running'
          : this.queue.some((q) => q.job === job)
            ? 'queued'
            : 'idle',
      progress: this.running?.job === job ? this.running.progress : null,
      lastRun: this.options.store.get(job.name).lastRun,
      nextRunAt: this.nextRunAt.get(job.name) ?? null,
      info: job.info?.() ?? null,
    }));
  }

  /** Stops taking runs, aborts the current one and waits up to `graceMs` for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.queue.length = 0;
    const running = this.running;
    if (!running) return;
    running.controller.abort(new JobStoppedError('shutdown', 'shutdown'));
    await Promise.race([running.done, sleep(this.options.graceMs ?? 5000)]);
  }

  private enqueue(job: Job, options: { full?: boolean }): boolean {
    if (this.stopped) return false;
    if (this.running?.job === job || this.queue.some((q) => q.job === job)) return false;
    clearTimeout(this.timers.get(job.name));
    this.nextRunAt.set(job.name, null);
    this.queue.push({ job, options });
    this.changed();
    queueMicrotask(() => this.pump());
    return true;
  }

  private pump(): void {
    if (this.running || this.stopped) return;
    const next = this.queue.shift();
    if (next) this.execute(next.job, next.options);
  }

  private execute(job: Job, options: { full?: boolean }): void {
    const controller = new AbortController();
    const running: Running = {
      job,
      controller,
      startedAt: Date.now(),
      progress: null,
      done: Promise.resolve(),
    };
    this.running = running;
    this.options.store.update(job.name, { running: true });
    this.changed();
    running.done = this.supervise(running, options).finally(() => {
      this.running = null;
      this.changed();
      this.pump();
    });
  }

  /** One run under both limits; records how it ended. */
  private async supervise(running: Running, options: { full?: boolean }): Promise<void> {
    const { job, controller } = running;
    const stopLimits = this.armLimits(running);
    const ctx: JobContext = {
      signal: controller.signal,
      checkpoint: this.options.store.get(job.name).checkpoint,
      options,
      save: (checkpoint) => this.options.store.update(job.name, { checkpoint }),
      progress: (progress) => {
        running.progress = progress;
        this.changed();
      },
    };
    const startLevel = job.idle ? 'debug' : 'info';
    log[startLevel]({ job: job.name, resuming: ctx.checkpoint !== null }, 'job started');
    try {
      const result = (await job.run(ctx)) ?? null;
      if (controller.signal.aborted) this.finishStopped(running);
      else this.finishRun(running, { status: 'ok', reason: null, result });
    } catch (err) {
      if (controller.signal.aborted) this.finishStopped(running);
      else this.finishFailed(running, err);
    } finally {
      stopLimits();
    }
  }

  /** jobLimitTimeReal as a timer; jobLimitTimeCpu from this process's CPU time. */
  private armLimits(running: Running): () => void {
    const { cpuMs: cpuLimit, realMs } = this.options.limits;
    const cpuAtStart = cpuMs();
    let stuckTimer: NodeJS.Timeout | undefined;
    const stop = (reason: ExitReason, limitMs: number) => {
      if (running.controller.signal.aborted) return;
      const limit = `${limitMs / 1000} s`;
      log.warn({ job: running.job.name, reason, limit }, 'job stopped by its limit');
      running.controller.abort(new JobStoppedError(reason, limit));
      stuckTimer = setTimeout(
        () => this.options.onStuck?.({ job: running.job.name, reason, limit }),
        this.options.graceMs ?? 5000,
      );
    };
    const realTimer = setTimeout(() => stop('jobLimitTimeReal', realMs), realMs);
    const cpuTimer = setInterval(() => {
      if (cpuMs() - cpuAtStart >= cpuLimit) stop('jobLimitTimeCpu', cpuLimit);
    }, 500);
    return () => {
      clearTimeout(realTimer);
      clearInterval(cpuTimer);
      clearTimeout(stuckTimer);
    };
  }

  private finishStopped(running: Running): void {
    const why = running.controller.signal.reason as JobStoppedError | undefined;
    this.finishRun(running, {
      status: 'stopped',
      reason: why?.reason ?? 'stopped',
      result: null,
    });
  }

  private finishFailed(running: Running, err: unknown): void {
    log.error({ job: running.job.name, err }, 'job failed');
    const reason = (err as Error)?.message ?? 'failed';
    this.finishRun(running, { status: 'failed', reason, result: null });
  }

  /** Records the run; an "ok" run clears the checkpoint. Then plans the next one. */
  private finishRun(
    running: Running,
    outcome: Omit<JobRun, 'startedAt' | 'finishedAt' | 'durationMs'>,
  ) {
    const { job } = running;
    const finishedAt = Date.now();
    const lastRun: JobRun = {
      ...outcome,
      startedAt: running.startedAt,
      finishedAt,
      durationMs: finishedAt - running.startedAt,
    };
    const keepCheckpoint = outcome.status !== 'ok';
    this.options.store.update(job.name, {
      running: false,
      lastRun,
      ...(keepCheckpoint ? {} : { checkpoint: null, cutAt: null }),
    });
    const idle = outcome.status === 'ok' && outcome.result && job.idle?.(outcome.result);
    log[idle ? 'debug' : 'info']({ job: job.name, ...lastRun }, 'job finished');
    this.planNext(job, outcome.status === 'stopped' && outcome.reason !== 'cancelled');
    if (outcome.status === 'ok') this.queueFollowers(job);
  }

  /** Queues the jobs that run after each successful run of `job`. */
  private queueFollowers(job: Job): void {
    for (const other of this.jobs.values())
      if (other.after?.includes(job.name)) this.enqueue(other, {});
  }

  /** After a limit stop, try again soon; otherwise at the job's interval. */
  private planNext(job: Job, stoppedByLimit: boolean): void {
    if (this.stopped) return;
    const retryMs = this.options.retryMs ?? 60_000;
    const now = Date.now();
    if (stoppedByLimit)
      this.wakeAt(job, now + Math.min(retryMs, job.intervalMs || retryMs));
    else this.wakeAt(job, job.intervalMs > 0 ? now + job.intervalMs : null);
  }

  /**
   * Records a run that a kill cut short. Says whether to resume it now: not
   * when it was cut at this same checkpoint before, so a job that always
   * kills its worker waits for its schedule instead of looping.
   */
  private markCut(job: Job): boolean {
    const stored = this.options.store.get(job.name);
    const at = JSON.stringify(stored.checkpoint ?? null);
    const resume = stored.cutAt !== at;
    const now = Date.now();
    log.warn({ job: job.name, resume }, 'job run was cut short by a kill');
    this.options.store.update(job.name, {
      running: false,
      cutAt: at,
      lastRun: {
        status: 'stopped',
        reason: 'killed',
        startedAt: now,
        finishedAt: now,
        durationMs: 0,
        result: null,
      },
    });
    return resume;
  }

  /** Arms one job's timer; long waits are re-armed in steps setTimeout accepts. */
  private wakeAt(job: Job, at: number | null): void {
    clearTimeout(this.timers.get(job.name));
    this.nextRunAt.set(job.name, at);
    if (at === null || this.stopped) return;
    const timer = setTimeout(
      () => (Date.now() >= at ? this.enqueue(job, {}) : this.wakeAt(job, at)),
      Math.min(maxTimerMs, Math.max(0, at - Date.now())),
    );
    timer.unref();
    this.timers.set(job.name, timer);
  }

  /** Publishes the status again: a job's info changed outside a run. */
  notify(): void {
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.(this.status());
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
