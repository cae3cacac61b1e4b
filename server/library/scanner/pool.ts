// A pool of parse threads (worker_threads). Each thread reads its files one
// after another from a short queue (`depth`), so it never waits for the main
// thread, even while a batch is being written. A watchdog checks that every
// busy thread finishes a file within the timeout; a thread that does not is
// terminated and replaced, its current file fails with "parse timed out",
// and the files queued behind it are sent again. A thread that dies (out of
// memory, crash) fails its current file with "parser crashed".
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log.js';
import type { ParseOutcome, ParseTask } from './types.js';

export interface PoolOptions {
  size: number;
  timeoutMs: number;
  log?: Logger;
}

interface Job {
  id: number;
  task: ParseTask;
  resolve: (outcome: ParseOutcome) => void;
}

interface Slot {
  worker: Worker;
  /** Sent and not answered, in the order the thread works on them. */
  jobs: Map<number, Job>;
  /** When the thread started on its current (first) file. */
  since: number;
}

/** Files queued per thread: enough to cover a batch write on the main thread. */
const depth = 32;
/** Heap cap per parse thread: a hostile file cannot take the process's memory. */
const heapLimitMb = 64;

/** Where the parse thread's code is: built JS, or TS through tsx in development. */
function workerEntry(): { file: URL; workerData?: unknown } {
  const self = import.meta.url;
  if (self.endsWith('.js')) return { file: new URL('./parse-worker.js', self) };
  const entry = new URL('./parse-worker.ts', self).href;
  return { file: new URL('./ts-worker.mjs', self), workerData: { entry } };
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private watchdog: NodeJS.Timeout | null = null;
  private lastCheck = 0;

  constructor(private readonly options: PoolOptions) {}

  /** Parses one file; resolves with its outcome and never rejects. */
  parse(task: ParseTask): Promise<ParseOutcome> {
    // Threads start with the first file: a scan with nothing to read starts none.
    if (this.slots.length === 0 && !this.closed) this.start();
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, resolve });
      this.pump();
    });
  }

  /** How many files the pool works on at once (threads times their queues). */
  get capacity(): number {
    return this.size * depth;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    for (const job of this.queue.splice(0)) job.resolve(aborted);
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => this.retire(slot)));
  }

  private get size(): number {
    return Math.max(1, this.options.size);
  }

  private start(): void {
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
    const every = Math.max(50, Math.min(1000, this.options.timeoutMs / 4));
    this.lastCheck = Date.now();
    this.watchdog = setInterval(() => this.checkProgress(every), every);
    this.watchdog.unref();
  }

  private spawn(): Slot {
    const { file, workerData } = workerEntry();
    const worker = new Worker(file, {
      workerData,
      resourceLimits: {
        maxOldGenerationSizeMb: heapLimitMb,
        maxYoungGenerationSizeMb: 8,
      },
    });
    const slot: Slot = { worker, jobs: new Map(), since: Date.now() };
    worker.on('message', (msg: { id: number; outcome: ParseOutcome }) => {
      this.finish(slot, msg.id, msg.outcome);
    });
    worker.on('error', (err) => {
      this.options.log?.warn({ err }, 'parse thread failed');
      this.replace(slot, crashed);
    });
    worker.on('exit', () => this.replace(slot, crashed));
    return slot;
  }

  /** Sends queued files to threads with room. */
  private pump(): void {
    for (const slot of this.slots) {
      while (slot.jobs.size < depth && this.queue.length > 0) {
        const job = this.queue.shift() as Job;
        if (slot.jobs.size === 0) slot.since = Date.now();
        slot.jobs.set(job.id, job);
        slot.worker.postMessage({ id: job.id, task: job.task });
      }
    }
  }

  private finish(slot: Slot, id: number, outcome: ParseOutcome): void {
    const job = slot.jobs.get(id);
    if (!job) return;
    slot.jobs.delete(id);
    slot.since = Date.now();
    job.resolve(outcome);
    this.pump();
  }

  /** Replaces every thread stuck on one file for longer than the timeout. */
  private checkProgress(every: number): void {
    // A late tick means this thread was busy (a long batch write): answers
    // may be waiting unread, so judge the threads on the next tick instead.
    const now = Date.now();
    const late = now - this.lastCheck > every * 2;
    this.lastCheck = now;
    if (late) return;
    for (const slot of [...this.slots]) {
      const current = slot.jobs.values().next().value as Job | undefined;
      if (!current || now - slot.since <= this.options.timeoutMs) continue;
      this.options.log?.warn(
        { path: current.task.path },
        'parse timed out; thread replaced',
      );
      this.replace(slot, timedOut);
    }
  }

  /**
   * Terminates a thread and starts a new one in its place. Its current file
   * fails with `outcome`; the files queued behind it go back to the queue.
   */
  private replace(slot: Slot, outcome: ParseOutcome): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    this.slots[index] = this.spawn();
    const [current, ...waiting] = slot.jobs.values();
    slot.jobs.clear();
    current?.resolve(outcome);
    this.queue.unshift(...waiting);
    this.pump();
    void slot.worker.terminate();
  }

  private async retire(slot: Slot): Promise<void> {
    for (const job of slot.jobs.values()) job.resolve(aborted);
    slot.jobs.clear();
    await slot.worker.terminate();
  }
}

const aborted: ParseOutcome = { kind: 'failed', reason: 'scan stopped' };
const crashed: ParseOutcome = { kind: 'failed', reason: 'parser crashed' };
const timedOut: ParseOutcome = { kind: 'failed', reason: 'parse timed out' };
