// The supervisor: runs the migrations, owns the public port (the dispatcher),
// keeps the worker slots filled (the pool), watches every worker against the
// limits (the watchdog) and samples the metrics. It only spawns, routes,
// watches and restarts; the work itself happens in the workers.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { firstRunOf, listenGated, type Bound, type FirstRun } from '../auth/listen.js';
import { ServingLoad } from '../capacity/serving.js';
import { dbFile, openDb } from '../db/index.js';
import { InvalidInputError, UnavailableError } from '../http/errors.js';
import { logger } from '../log.js';
import { planSettingsChange } from '../settings/apply.js';
import type { SettingFlags, Settings } from '../settings/schema.js';
import type { ServerControl } from './control.js';
import { Dispatcher } from './dispatcher.js';
import {
  emptySlotMetrics,
  sampleProcesses,
  selfMetrics,
  snapshotOf,
  workerMetrics,
} from './metrics.js';
import { Pool } from './pool.js';
import type {
  ExitRecord,
  JobStatus,
  MetricsSnapshot,
  ProcessMetrics,
  SettingsChange,
  WorkerInit,
  WorkersChange,
} from './protocol.js';
import { makeSocketPlace, type SocketPlace } from './sockets.js';
import { nodeSpawner, type Spawner } from './spawner.js';
import { judge, limitsFrom, type Limits } from './watchdog.js';
import type { ProcessSample, WorkerProcess } from './worker-process.js';

const log = logger('supervisor');

export interface SupervisorOptions {
  settings: Settings;
  /** The settings given as flags, for the settings window's notes. */
  flags?: SettingFlags;
  dataDir: string;
  /** Resolved by the main process; passed to every worker. */
  ffmpegPath?: string;
  /** child_process.fork by default; Electron passes its utilityProcess adapter. */
  spawn?: Spawner;
  /** The worker module; by default the built server/worker/main.js beside this file. */
  workerEntry?: string;
  heartbeatMs?: number;
}

interface SupervisorEvents {
  ready: [worker: WorkerProcess];
  stopped: [record: ExitRecord & { slot: string }];
  exit: [worker: WorkerProcess];
  metrics: [snapshot: MetricsSnapshot];
  /** Settings were applied; the new ones as workers now get them. */
  settings: [settings: Settings];
}

/** How often the watchdog looks at every worker, and metrics are sampled. */
const watchEveryMs = 250;
const sampleEveryMs = 1000;

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly pool: Pool;
  readonly dispatcher: Dispatcher;
  port = 0;
  /** Where the public port listens now: loopback until the first admin exists. */
  bound: Bound | null = null;
  /** On a first run, where to create the admin and the setup code; else null. */
  firstRun: FirstRun | null = null;
  private workersWanted: number;
  /** Stops the first-run gate's wait for the admin at shutdown. */
  private readonly stopGate = new AbortController();
  private jobs: JobStatus[] = [];
  private latest: MetricsSnapshot | null = null;
  /** What a listener costs in CPU, learned from the samples. */
  private readonly servingLoad = new ServingLoad();
  private limits: Limits;
  /** The settings in effect: as started, then as applied. */
  private current: Settings;
  private readonly timers: NodeJS.Timeout[] = [];
  /** The private folder the HTTP workers' sockets live in, made at start. */
  private sockets: SocketPlace | null = null;
  /** Last resort when this process exits without a shutdown: no child left behind. */
  private readonly killAll = () => {
    this.sockets?.remove();
    for (const worker of this.pool.workers()) {
      worker.kill({
        reason: 'shutdown',
        action: 'kill',
        limit: null,
        pid: worker.pid,
        at: Date.now(),
        requests: [],
      });
    }
  };

  constructor(private readonly options: SupervisorOptions) {
    super();
    const { settings } = options;
    this.current = settings;
    const secret = randomBytes(24).toString('hex');
    this.limits = limitsFrom(settings);
    this.workersWanted = Math.max(1, settings.workers);
    this.pool = new Pool({
      spawn: options.spawn ?? nodeSpawner,
      entry: options.workerEntry ?? defaultWorkerEntry(),
      init: (slot, role) => this.initFor(slot, role, secret),
      inflight: (worker) => this.dispatcher.awaiting(worker),
    });
    this.dispatcher = new Dispatcher({
      host: settings.host,
      port: settings.port,
      secret,
      upstreams: () => this.pool.workers().filter((w) => w.role === 'http'),
      waitMs: this.limits.realMs,
    });
    this.wirePool();
  }

  get url(): string {
    return `http://${this.options.settings.host}:${this.port}`;
  }

  /**
   * Migrates, listens, and starts the job worker and the HTTP workers. On a
   * first run the public port listens on loopback only, until a worker
   * creates the first admin; then it moves to the configured address.
   */
  async start(): Promise<void> {
    const { dataDir, settings } = this.options;
    const db = openDb(dbFile(dataDir), { migrate: true });
    const signal = this.stopGate.signal;
    this.port = await this.dispatcher.listen(async (server) => {
      const gate = await listenGated(server, { db, settings, dataDir, signal });
      this.bound = gate.first;
      this.firstRun = firstRunOf(gate);
      const done = () => {
        if (db.open) db.close();
      };
      gate.final.then(
        (bound) => {
          this.bound = bound;
          done();
        },
        (err: unknown) => {
          log.error({ err }, 'cannot listen on the configured address');
          done();
        },
      );
      signal.addEventListener('abort', done);
      return gate.first.port;
    });
    process.on('exit', this.killAll);
    this.sockets = makeSocketPlace();
    this.pool.addSlot('job');
    for (let n = 0; n < this.workersWanted; n++) this.pool.addSlot('http');
    this.timers.push(setInterval(() => this.watch(), watchEveryMs));
    this.timers.push(setInterval(() => void this.sample(), sampleEveryMs));
    log.info({ port: this.port, workers: this.workersWanted }, 'supervisor started');
  }

  /** Resolves once every HTTP slot has a ready worker (or after `timeoutMs`). */
  async whenReady(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const slots = this.pool.httpSlots();
      if (slots.every((s) => s.current?.state === 'ready')) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  resize(workers: number): WorkersChange {
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
      throw new InvalidInputError('workers must be a whole number from 1 to 256', {
        workers: 'expected 1..256',
      });
    }
    this.workersWanted = workers;
    this.current = { ...this.current, workers };
    return this.pool.resize(workers);
  }

  restart(): WorkersChange {
    return this.pool.restartAll();
  }

  /** The settings in effect; the address and ffmpeg stay as started. */
  settings(): Settings {
    return this.current;
  }

  /**
   * Applies new settings without dropping a connection, as planned by
   * planSettingsChange: the watchdog's limits at once, then rolling restarts
   * of the workers that read what changed, then a resize. The address and
   * ffmpeg wait for the next start (listed in needsRestart).
   */
  applySettings(next: Settings): SettingsChange {
    const plan = planSettingsChange(this.current, next);
    const { host, port, ffmpegPath } = this.current;
    this.current = { ...next, host, port, ffmpegPath };
    this.limits = limitsFrom(this.current);
    if (plan.restartHttpWorkers) this.pool.restartAll();
    const job = this.pool.jobWorker();
    if (plan.restartJobWorker && job) {
      this.pool.stop(job, { action: 'recycle', reason: 'restart', limit: null });
    }
    const workersChange = plan.resize === null ? null : this.resize(plan.resize);
    log.info(
      { changed: plan.changed, needsRestart: plan.needsRestart },
      'settings applied',
    );
    this.emit('settings', this.current);
    return { ...plan, workersChange };
  }

  /** The latest snapshot, or a fresh one built from the last samples. */
  snapshot(): MetricsSnapshot {
    return this.latest ?? this.buildSnapshot();
  }

  async runJob(name: string, options: { full?: boolean } = {}) {
    const worker = this.pool.jobWorker();
    if (!worker)
      throw new UnavailableError('job_worker_unavailable', 'jobs are restarting', 2);
    return worker.channel.call('jobs.run', { name, ...options });
  }

  async cancelJob(name: string) {
    const worker = this.pool.jobWorker();
    if (!worker)
      throw new UnavailableError('job_worker_unavailable', 'jobs are restarting', 2);
    return worker.channel.call('jobs.cancel', { name });
  }

  jobStatus(): JobStatus[] {
    return this.jobs;
  }

  /** This supervisor as a ServerControl (for a host in the same process). */
  control(): ServerControl {
    return {
      snapshot: async () => this.snapshot(),
      watch: (listener) => {
        this.on('metrics', listener);
        return () => this.off('metrics', listener);
      },
      resize: async (workers) => this.resize(workers),
      restart: async () => this.restart(),
      jobs: async () => this.jobStatus(),
      runJob: (name, options) => this.runJob(name, options),
      cancelJob: (name) => this.cancelJob(name),
      settings: async () => this.settings(),
      applySettings: async (settings) => this.applySettings(settings),
    };
  }

  /** Stops accepting, drains for up to limitTimeReal, then kills what is left. */
  async shutdown(): Promise<void> {
    log.info({ graceMs: this.limits.realMs }, 'shutting down');
    for (const timer of this.timers) clearInterval(timer);
    this.stopGate.abort();
    this.dispatcher.stopAccepting();
    await this.pool.shutdown(this.limits.realMs);
    this.dispatcher.destroyAll();
    this.sockets?.remove();
    process.off('exit', this.killAll);
    log.info('supervisor stopped');
  }

  private initFor(slot: string, role: 'http' | 'job', secret: string): WorkerInit {
    return {
      role,
      slot,
      settings: this.current,
      flags: this.options.flags ?? {},
      dataDir: this.options.dataDir,
      ffmpegPath: this.options.ffmpegPath ?? '',
      secret,
      socketBase: this.sockets?.base ?? '',
      heartbeatMs: this.options.heartbeatMs ?? 500,
    };
  }

  private wirePool(): void {
    this.pool.on('spawned', (worker) => this.answer(worker));
    this.pool.on('ready', (worker) => {
      log.info(
        { worker: worker.slot, pid: worker.pid, socket: worker.socket },
        'worker ready',
      );
      if (worker.role === 'http') {
        worker.channel.emit('jobs.status', this.jobs);
        this.dispatcher.wake();
      }
      this.emit('ready', worker);
    });
    this.pool.on('stopped', (record) => this.emit('stopped', record));
    this.pool.on('exit', (worker) => this.emit('exit', worker));
  }

  /** What a worker may ask of the supervisor, and what it reports. */
  private answer(worker: WorkerProcess): void {
    const { channel } = worker;
    channel.handle('metrics.snapshot', () => this.snapshot());
    channel.handle('workers.resize', ({ workers }) => this.resize(workers));
    channel.handle('workers.restart', () => this.restart());
    channel.handle('jobs.run', ({ name, full }) => this.runJob(name, { full }));
    channel.handle('jobs.cancel', ({ name }) => this.cancelJob(name));
    channel.handle('jobs.status', () => this.jobStatus());
    channel.handle('settings.get', () => this.settings());
    channel.handle('settings.apply', ({ settings }) => this.applySettings(settings));
    channel.on('metrics.watch', ({ on }) => (worker.watchingMetrics = on));
    channel.on('kill.request', ({ reason, limit, requests }) =>
      this.pool.stop(worker, { action: 'kill', reason, limit, requests }),
    );
    channel.on('jobs.status', (jobs) => {
      this.jobs = jobs;
      for (const w of this.pool.workers()) {
        if (w.role === 'http') w.channel.emit('jobs.status', jobs);
      }
    });
  }

  /** The watchdog's round: judge each worker, carry out the verdicts. */
  private watch(): void {
    const now = Date.now();
    for (const worker of this.pool.workers()) {
      const verdict = judge(worker.view(), this.limits, now);
      if (verdict.action !== 'ok') this.pool.stop(worker, verdict);
    }
  }

  /** Samples every process, then publishes the snapshot. */
  private async sample(): Promise<void> {
    const workers = this.pool.workers();
    const pids = workers.flatMap((w) => (w.pid ? [w.pid] : []));
    const samples = await sampleProcesses([process.pid, ...pids]);
    for (const worker of workers) worker.sample = samples.get(worker.pid ?? -1) ?? null;
    const snapshot = this.buildSnapshot(samples.get(process.pid) ?? null);
    this.servingLoad.add(snapshot);
    snapshot.serving = this.servingLoad.cost();
    this.latest = snapshot;
    this.emit('metrics', snapshot);
    for (const worker of workers) {
      if (worker.watchingMetrics) worker.channel.emit('metrics', snapshot);
    }
  }

  private buildSnapshot(self: ProcessSample | null = null): MetricsSnapshot {
    const lines: ProcessMetrics[] = [selfMetrics(self, this.dispatcher.openConnections)];
    for (const slot of this.pool.slots.values()) {
      if (!slot.current) lines.push(emptySlotMetrics(slot));
    }
    for (const worker of this.pool.workers()) {
      const slot = this.pool.slots.get(worker.slot);
      lines.push(workerMetrics(worker, slot, this.dispatcher.connectionsOf(worker)));
    }
    return snapshotOf('supervised', this.workersWanted, lines, this.jobs);
  }
}

function defaultWorkerEntry(): string {
  return fileURLToPath(new URL('../worker/main.js', import.meta.url));
}

/** Creates and starts a supervisor. */
export async function startSupervisor(options: SupervisorOptions): Promise<Supervisor> {
  const supervisor = new Supervisor(options);
  await supervisor.start();
  return supervisor;
}
