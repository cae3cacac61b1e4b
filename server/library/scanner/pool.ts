// A pool of parse threads (worker_threads). Each thread holds at most
// `depth` files; a file that is not answered within the timeout has its
// thread terminated and replaced, and fails with "parse timed out". A thread
// that dies (out of memory, crash) fails its file the same way. Files that
// were merely waiting on a killed thread are sent again.
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
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

/** Files kept in flight per thread, so a thread never idles between files. */
const depth = 2;
/** Heap cap per parse thread: a hostile file cannot take the process's memory. */
const heapLimitMb = 96;

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

  constructor(private readonly options: PoolOptions) {}

  /** Parses one file; resolves with its outcome and never rejects. */
  parse(task: ParseTask): Promise<ParseOutcome> {
    // Threads start with the first file: a scan with nothing to read starts none.
    if (this.slots.length === 0 && !this.closed) {
      for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
    }
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, resolve });
      this.pump();
    });
  }

  /** Files queued or in a thread. */
  get pending(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + s.jobs.size, 0);
  }

  private get size(): number {
    return Math.max(1, this.options.size);
  }

  /** Threads times depth: how many files the pool can work on at once. */
  get capacity(): number {
    return this.size * depth;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(aborted);
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => this.retire(slot, aborted)));
  }

  private spawn(): Slot {
    const { file, workerData } = workerEntry();
    const worker = new Worker(file, {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
    });
    const slot: Slot = { worker, jobs: new Map() };
    worker.on('message', (msg: { id: number; outcome: ParseOutcome }) => {
      this.finish(slot, msg.id, msg.outcome);
    });
    worker.on('error', (err) => {
      this.options.log?.warn({ err }, 'parse thread failed');
      void this.replace(slot, crashed);
    });
    worker.on('exit', () => void this.replace(slot, crashed));
    return slot;
  }

  /** Sends queued files to threads with room. */
  private pump(): void {
    for (const slot of this.slots) {
      while (slot.jobs.size < depth && this.queue.length > 0) {
        const job = this.queue.shift() as Job;
        job.timer = setTimeout(
          () => void this.timeout(slot, job),
          this.options.timeoutMs,
        );
        slot.jobs.set(job.id, job);
        slot.worker.postMessage({ id: job.id, task: job.task });
      }
    }
  }

  private finish(slot: Slot, id: number, outcome: ParseOutcome): void {
    const job = slot.jobs.get(id);
    if (!job) return;
    clearTimeout(job.timer);
    slot.jobs.delete(id);
    job.resolve(outcome);
    this.pump();
  }

  private async timeout(slot: Slot, job: Job): Promise<void> {
    if (!slot.jobs.has(job.id)) return;
    this.options.log?.warn({ path: job.task.path }, 'parse timed out; thread replaced');
    slot.jobs.delete(job.id);
    job.resolve({ kind: 'failed', reason: 'parse timed out' });
    await this.replace(slot, null);
  }

  /**
   * Terminates a thread and starts a new one in its place. Its remaining
   * files fail with `reason`, or go back to the queue when reason is null.
   */
  private async replace(slot: Slot, reason: ParseOutcome | null): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (this.closed) return this.retire(slot, aborted);
    this.slots[index] = this.spawn();
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    for (const job of jobs) clearTimeout(job.timer);
    const first = jobs[0];
    if (first && reason) first.resolve(reason);
    this.queue.unshift(...(reason ? jobs.slice(1) : jobs));
    this.pump();
    await slot.worker.terminate();
  }

  private async retire(slot: Slot, outcome: ParseOutcome): Promise<void> {
    for (const job of slot.jobs.values()) {
      clearTimeout(job.timer);
      job.resolve(outcome);
    }
    slot.jobs.clear();
    await slot.worker.terminate();
  }
}

const aborted: ParseOutcome = { kind: 'failed', reason: 'scan stopped' };
const crashed: ParseOutcome = { kind: 'failed', reason: 'parser crashed' };
