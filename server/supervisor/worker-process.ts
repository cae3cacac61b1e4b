// One worker process as the supervisor sees it: the child handle, the channel
// to it, its lifecycle state and what it last reported. It decides nothing;
// the pool and the watchdog act on it.
import { Channel } from './channel.js';
import type {
  ExitRecord,
  Heartbeat,
  ProcessState,
  SupervisorChannel,
  WorkerInit,
} from './protocol.js';
import { runtimeFor } from './runtime.js';
import type { ChildHandle, Spawner } from './spawner.js';
import type { WorkerView } from './watchdog.js';

export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

/** A process's own resource sample, from pidusage. */
export interface ProcessSample {
  at: number;
  cpuPercent: number;
  cpuMs: number;
  rssBytes: number;
}

export interface WorkerProcessOptions {
  spawn: Spawner;
  entry: string;
  init: WorkerInit;
}

/** A worker whose heartbeat is this late gets no new connections. */
export function suspectAfterMs(heartbeatMs: number): number {
  return Math.max(1500, heartbeatMs * 3);
}

export class WorkerProcess {
  readonly slot: string;
  readonly role: 'http' | 'job';
  readonly channel: SupervisorChannel;
  readonly spawnedAt = Date.now();
  readonly exited: Promise<ProcessExit>;
  state: ProcessState = 'starting';
  /** The socket an HTTP worker listens on for the dispatcher (sockets.ts). */
  socket: string | null = null;
  readyAt: number | null = null;
  lastBeatAt = this.spawnedAt;
  beat: Heartbeat | null = null;
  sample: ProcessSample | null = null;
  /** Someone in this worker is watching live metrics. */
  watchingMetrics = false;
  /** Set when the supervisor stopped it on purpose; its exit is then expected. */
  stoppedFor: ExitRecord | null = null;
  /** An older worker of the same slot that drains once this one is ready. */
  handoff: WorkerProcess | null = null;
  private readonly handle: ChildHandle;
  private readonly heartbeatMs: number;

  constructor(options: WorkerProcessOptions) {
    const { init } = options;
    this.slot = init.slot;
    this.role = init.role;
    this.heartbeatMs = init.heartbeatMs;
    const runtime = runtimeFor(init.role);
    this.handle = options.spawn({
      entry: options.entry,
      name: `hearth ${init.slot}`,
      env: { ...runtime.env, HEARTH_ROLE: init.role, HEARTH_SLOT: init.slot },
      execArgv: runtime.execArgv,
    });
    this.channel = new Channel(this.handle);
    this.exited = new Promise((resolve) => this.handle.onExit(resolve));
    this.handle.onSpawn(() => this.channel.emit('init', init));
    this.channel.on('heartbeat', (beat) => {
      this.beat = beat;
      this.lastBeatAt = Date.now();
    });
    void this.exited.then(() => {
      this.state = 'exited';
      this.channel.close('worker exited');
    });
  }

  get pid(): number | null {
    return this.handle.pid ?? null;
  }

  get alive(): boolean {
    return this.state !== 'exited';
  }

  markReady(socket: string | null): void {
    if (this.state !== 'starting') return;
    this.state = 'ready';
    this.socket = socket;
    this.readyAt = Date.now();
    this.lastBeatAt = this.readyAt;
  }

  /** Ready, listening, and its heartbeat is on time. */
  routable(now = Date.now()): boolean {
    return (
      this.state === 'ready' &&
      this.socket !== null &&
      now - this.lastBeatAt < suspectAfterMs(this.heartbeatMs)
    );
  }

  /**
   * Whether a request this worker left unanswered may go to another worker.
   * Not when the watchdog killed it for a limit: that request may be what
   * blocked it, and would only take the next worker down too.
   */
  mayReplay(): boolean {
    return this.stoppedFor?.action !== 'kill';
  }

  /**
   * Stop taking work; the worker exits by itself once idle. One still
   * starting has no work yet, and is simply asked to end.
   */
  drain(record: ExitRecord): void {
    if (this.state !== 'starting' && this.state !== 'ready') return;
    this.stoppedFor ??= record;
    if (this.state === 'starting') {
      this.state = 'stopping';
      this.handle.kill('SIGTERM');
      return;
    }
    this.state = 'draining';
    this.channel.emit('drain', { reason: record.reason });
  }

  /** End the process at once. */
  kill(record: ExitRecord): void {
    if (!this.alive) return;
    this.stoppedFor = record;
    this.state = 'stopping';
    this.handle.kill('SIGKILL');
  }

  /** RSS from the newer of the last heartbeat and the last OS sample. */
  latestRss(): number | null {
    const { beat, sample } = this;
    if (beat && (!sample || beat.at >= sample.at)) return beat.rssBytes;
    return sample?.rssBytes ?? null;
  }

  /** The watchdog's input. */
  view(): WorkerView {
    return {
      role: this.role,
      state: this.state,
      spawnedAt: this.spawnedAt,
      lastBeatAt: this.lastBeatAt,
      cpuMsAtBeat: this.beat?.cpuMs ?? null,
      cpuMsNow: this.sample?.cpuMs ?? null,
      rssBytes: this.latestRss(),
      requestsServed: this.beat?.requestsServed ?? 0,
    };
  }
}
