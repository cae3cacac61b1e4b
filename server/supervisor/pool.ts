// The worker processes, by slot: "http-1".."http-N" and "job". A slot always
// wants a live process. The pool starts them, replaces them when they die or
// are stopped (backing off when they die at start), retires the surplus on a
// resize, and logs every kill and recycle with its reason.
import { EventEmitter } from 'node:events';
import { logger } from '../log.js';
import { isFailedStart, minUptimeMs, restartDelay } from './backoff.js';
import type { ExitReason, ExitRecord, WorkerInit, WorkersChange } from './protocol.js';
import type { Spawner } from './spawner.js';
import { WorkerProcess, type ProcessExit } from './worker-process.js';

const log = logger('supervisor');

export interface Slot {
  id: string;
  role: 'http' | 'job';
  current: WorkerProcess | null;
  /** Processes started for this slot after its first. */
  restarts: number;
  /** Consecutive failed starts (see backoff.ts). */
  failures: number;
  nextStartAt: number | null;
  timer: NodeJS.Timeout | null;
  lastExit: ExitRecord | null;
}

export interface PoolOptions {
  spawn: Spawner;
  /** The worker entry module (dist/server/worker/main.js). */
  entry: string;
  init: (slot: string, role: 'http' | 'job') => WorkerInit;
  /** Requests a worker holds, as the dispatcher sees them. */
  inflight: (worker: WorkerProcess) => string[];
}

/** A stop decided by the watchdog, a resize, or a restart. */
export interface StopOrder {
  action: 'kill' | 'recycle';
  reason: ExitReason;
  limit: string | null;
  /** Extra requests to name in the log (the job worker's own report). */
  requests?: string[];
}

interface PoolEvents {
  /** A process was created; attach handlers before it can say anything. */
  spawned: [worker: WorkerProcess];
  ready: [worker: WorkerProcess];
  stopped: [record: ExitRecord & { slot: string }];
  exit: [worker: WorkerProcess, exit: ProcessExit];
}

export class Pool extends EventEmitter<PoolEvents> {
  readonly slots = new Map<string, Slot>();
  /** Processes no longer in a slot (draining, or killed and not yet gone). */
  readonly retiring = new Set<WorkerProcess>();
  private closing = false;

  constructor(private readonly options: PoolOptions) {
    super();
  }

  /** Every process still running, current and retiring. */
  workers(): WorkerProcess[] {
    const current = [...this.slots.values()].flatMap((s) =>
      s.current ? [s.current] : [],
    );
    return [...current, ...this.retiring].filter((w) => w.alive);
  }

  httpSlots(): Slot[] {
    return [...this.slots.values()].filter((s) => s.role === 'http');
  }

  /** The job worker, when it is up. */
  jobWorker(): WorkerProcess | null {
    const worker = this.slots.get('job')?.current ?? null;
    return worker?.state === 'ready' ? worker : null;
  }

  addSlot(role: 'http' | 'job'): Slot {
    const slot: Slot = {
      id: role === 'job' ? 'job' : this.freeHttpId(),
      role,
      current: null,
      // spawnInto counts every start; the first one is not a restart.
      restarts: -1,
      failures: 0,
      nextStartAt: null,
      timer: null,
      lastExit: null,
    };
    this.slots.set(slot.id, slot);
    this.spawnInto(slot);
    return slot;
  }

  /**
   * Kills at once, or recycles: a new process takes the slot and the old one
   * drains when the new one is ready. A kill may overtake a recycle.
   */
  stop(worker: WorkerProcess, order: StopOrder): void {
    if (!worker.alive || worker.state === 'stopping') return;
    if (worker.stoppedFor && order.action === 'recycle') return;
    const record = this.record(worker, order);
    const planned = ['resize', 'restart', 'shutdown'].includes(order.reason);
    (planned ? log.info : log.warn).call(
      log,
      { worker: worker.slot, ...record },
      order.action === 'kill' ? 'worker killed' : 'worker recycled',
    );
    this.emit('stopped', { ...record, slot: worker.slot });
    this.leaveSlot(worker, record, order);
    if (order.action === 'kill') worker.kill(record);
    else worker.stoppedFor = record;
  }

  /** Takes a stopped worker out of its slot and gives the slot a new process. */
  private leaveSlot(worker: WorkerProcess, record: ExitRecord, order: StopOrder): void {
    const slot = this.slots.get(worker.slot);
    if (slot?.current !== worker) {
      if (order.action === 'recycle') worker.drain(record);
      return;
    }
    slot.lastExit = record;
    slot.current = null;
    this.retiring.add(worker);
    if (this.closing) {
      worker.drain(record);
    } else if (order.reason === 'startTimeout') {
      // A worker that hangs at start is a failed start like a crash.
      slot.failures += 1;
      this.restartLater(slot);
    } else {
      const next = this.spawnInto(slot);
      if (order.action === 'recycle') next.handoff = worker;
    }
  }

  /** New HTTP slots start now; surplus slots drain (backing-off, then oldest, first). */
  resize(count: number): WorkersChange {
    const slots = this.httpSlots();
    const started: string[] = [];
    for (let n = slots.length; n < count; n++) started.push(this.addSlot('http').id);
    const surplus = slots
      .sort((a, b) => (a.current?.spawnedAt ?? 0) - (b.current?.spawnedAt ?? 0))
      .slice(0, Math.max(0, slots.length - count));
    for (const slot of surplus) this.removeSlot(slot, 'resize');
    log.info({ workers: count, started, draining: surplus.map((s) => s.id) }, 'resized');
    return { workers: count, started, draining: surplus.map((s) => s.id) };
  }

  /** Replaces every HTTP worker; each old one drains once its successor is ready. */
  restartAll(): WorkersChange {
    const slots = this.httpSlots();
    for (const slot of slots) {
      if (slot.current)
        this.stop(slot.current, { action: 'recycle', reason: 'restart', limit: null });
    }
    const ids = slots.map((s) => s.id);
    return { workers: slots.length, started: ids, draining: ids };
  }

  /** Drains everything, waits up to `graceMs`, then kills what is left. */
  async shutdown(graceMs: number): Promise<void> {
    this.closing = true;
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      if (slot.current)
        this.stop(slot.current, { action: 'recycle', reason: 'shutdown', limit: null });
    }
    // Predecessors still waiting for a successor drain now too.
    for (const worker of this.retiring) {
      if (worker.stoppedFor) worker.drain(worker.stoppedFor);
    }
    const all = this.workers();
    const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.all(all.map((w) => w.exited)), deadline]);
    const order: StopOrder = {
      action: 'kill',
      reason: 'shutdown',
      limit: `${graceMs / 1000} s`,
    };
    for (const worker of all) this.stop(worker, order);
    await Promise.all(all.map((w) => w.exited));
  }

  private removeSlot(slot: Slot, reason: ExitReason): void {
    this.slots.delete(slot.id);
    if (slot.timer) clearTimeout(slot.timer);
    const worker = slot.current;
    if (!worker) return;
    slot.current = null;
    this.retiring.add(worker);
    worker.drain(this.record(worker, { action: 'recycle', reason, limit: null }));
  }

  private spawnInto(slot: Slot): WorkerProcess {
    slot.timer = null;
    slot.nextStartAt = null;
    slot.restarts += 1;
    const worker = new WorkerProcess({
      spawn: this.options.spawn,
      entry: this.options.entry,
      init: this.options.init(slot.id, slot.role),
    });
    slot.current = worker;
    this.emit('spawned', worker);
    worker.channel.on('ready', ({ socket }) => this.onReady(worker, socket));
    void worker.exited.then((exit) => this.onExit(worker, exit));
    return worker;
  }

  private onReady(worker: WorkerProcess, socket: string | null): void {
    worker.markReady(socket);
    this.handOver(worker);
    // A worker that stays up long enough clears its slot's failure count.
    setTimeout(() => {
      const slot = this.slots.get(worker.slot);
      if (slot?.current === worker && worker.alive) slot.failures = 0;
    }, minUptimeMs).unref();
    this.emit('ready', worker);
  }

  /** The predecessor of a recycled worker drains once its successor is ready (or gone). */
  private handOver(worker: WorkerProcess): void {
    const old = worker.handoff;
    worker.handoff = null;
    if (old?.alive && old.stoppedFor) old.drain(old.stoppedFor);
  }

  private onExit(worker: WorkerProcess, exit: ProcessExit): void {
    this.retiring.delete(worker);
    this.handOver(worker);
    const slot = this.slots.get(worker.slot);
    this.emit('exit', worker, exit);
    if (slot?.current !== worker) return;

    // An unplanned death: record it, then restart, at once or after a backoff.
    slot.current = null;
    const record: ExitRecord = {
      ...this.record(worker, { action: 'kill', reason: 'crashed', limit: null }),
      action: 'exit',
      ...exit,
    };
    slot.lastExit = record;
    const failed = isFailedStart({
      wasReady: worker.readyAt !== null,
      uptimeMs: worker.readyAt ? Date.now() - worker.readyAt : 0,
      stoppedBySupervisor: false,
      signal: exit.signal,
    });
    slot.failures = failed ? slot.failures + 1 : 0;
    log.warn({ worker: slot.id, ...record }, 'worker died');
    if (!this.closing) this.restartLater(slot);
  }

  private restartLater(slot: Slot): void {
    const delay = restartDelay(slot.failures);
    if (delay === 0) {
      this.spawnInto(slot);
      return;
    }
    log.error(
      { worker: slot.id, failures: slot.failures, retryInMs: delay },
      'worker fails at start: backing off',
    );
    slot.nextStartAt = Date.now() + delay;
    slot.timer = setTimeout(() => this.spawnInto(slot), delay);
  }

  /**
   * The record of a stop. Requests come from the worker's last heartbeat
   * ("GET /api/albums 1200ms") and from the dispatcher, which also knows
   * requests the worker never got to report (a loop blocked at once).
   */
  private record(worker: WorkerProcess, order: StopOrder): ExitRecord {
    const reported = order.requests ?? worker.beat?.inflight ?? [];
    const unanswered = this.options
      .inflight(worker)
      .filter((line) => !reported.some((r) => r.startsWith(`${line} `)));
    return {
      reason: order.reason,
      limit: order.limit,
      action: order.action,
      pid: worker.pid,
      at: Date.now(),
      requests: [...reported, ...unanswered].slice(0, 10),
    };
  }

  private freeHttpId(): string {
    for (let n = 1; ; n++) if (!this.slots.has(`http-${n}`)) return `http-${n}`;
  }
}
