// The typed IPC surface between the supervisor and its workers: every call and
// event name, and the shape of what it carries, in one module. Both sides
// import these types; `Channel` (channel.ts) moves them over a process port.
// Messages are plain JSON values so they survive both process.send and
// Electron's parentPort (structured clone).
import type { ServingCost } from '../capacity/serving.js';
import type { ScanStatus } from '../http/deps.js';
import type { Channel } from './channel.js';
import type { SettingsPlan } from '../settings/apply.js';
import type { SettingFlags, Settings } from '../settings/schema.js';

/** Which program a process runs. */
export type Role = 'supervisor' | 'http' | 'job';

/** Lifecycle of one worker process, as the supervisor sees it. */
export type ProcessState =
  'starting' | 'ready' | 'draining' | 'stopping' | 'backoff' | 'exited';

/** Why a process was stopped, killed or found dead. Limits use their setting name. */
export type ExitReason =
  | 'limitTimeCpu'
  | 'limitTimeReal'
  | 'limitMemorySoft'
  | 'limitMemoryHard'
  | 'limitRequest'
  | 'jobLimitTimeCpu'
  | 'jobLimitTimeReal'
  | 'startTimeout'
  | 'crashed'
  | 'resize'
  | 'restart'
  | 'shutdown';

/** One kill, recycle or death, as logged and as shown in the metrics. */
export interface ExitRecord {
  reason: ExitReason;
  /** The limit that applied, readable ("2 s", "150 MiB"), or null. */
  limit: string | null;
  /** kill: stopped at once; recycle: drained, then replaced; exit: died by itself. */
  action: 'kill' | 'recycle' | 'exit';
  pid: number | null;
  at: number;
  /** Requests in flight at that moment ("GET /api/albums"), queries removed. */
  requests: string[];
  code?: number | null;
  signal?: string | null;
}

// ---------------------------------------------------------------------------
// Start-up

/** The first message a worker receives. Nothing else is passed by env or argv. */
export interface WorkerInit {
  role: 'http' | 'job';
  /** The slot this process fills: "http-1", "http-2", "job". */
  slot: string;
  settings: Settings;
  /** The settings this run took from flags (the settings window names them). */
  flags: SettingFlags;
  dataDir: string;
  /** Resolved once by the main process; '' when none was found. */
  ffmpegPath: string;
  /** Per-run secret the dispatcher puts in each connection's preamble. */
  secret: string;
  /** Where HTTP workers put their socket (sockets.ts: a 0700 folder, or a pipe prefix). */
  socketBase: string;
  heartbeatMs: number;
}

// ---------------------------------------------------------------------------
// Reports from workers

/** Sent by every worker a few times a second. Its absence is what the watchdog sees. */
export interface Heartbeat {
  at: number;
  /** process.cpuUsage() user + system, in ms, when the heartbeat was sent. */
  cpuMs: number;
  rssBytes: number;
  /** Longest event-loop delay since the previous heartbeat. */
  lagMs: number;
  openConnections: number;
  activeRequests: number;
  requestsServed: number;
  /** Oldest requests in flight ("GET /api/test/hang 1200ms"). */
  inflight: string[];
  /** Numbers other modules report through reportGauge(): transcodes, streams. */
  gauges: Record<string, number>;
}

/** One scheduled job's status, as the scheduler reports it. */
export interface JobStatus {
  name: string;
  state: 'idle' | 'queued' | 'running';
  /** Free-form progress of the current run (for "scan": a ScanStatus). */
  progress: Record<string, unknown> | null;
  lastRun: JobRun | null;
  /** Epoch ms of the next scheduled run, or null when only run on demand. */
  nextRunAt: number | null;
  /** What the job reports about itself between runs (rescan: the watcher's state). */
  info?: Record<string, unknown> | null;
}

/** The outcome of one run of a job. */
export interface JobRun {
  status: 'ok' | 'failed' | 'stopped';
  startedAt: number;
  finishedAt: number;
  /** finishedAt - startedAt: how long the run took. */
  durationMs: number;
  /** For "stopped": the limit that stopped it. For "failed": the error message. */
  reason: string | null;
  result: Record<string, unknown> | null;
}

// ---------------------------------------------------------------------------
// Metrics

/** One process in the metrics snapshot. */
export interface ProcessMetrics {
  slot: string;
  role: Role;
  pid: number | null;
  state: ProcessState;
  startedAt: number | null;
  rssBytes: number;
  cpuPercent: number;
  lagMs: number;
  openConnections: number;
  activeRequests: number;
  activeTranscodes: number;
  /** CPU of this process's running ffmpeg processes, in % of one thread. */
  transcodeCpuPercent: number;
  /** RSS of this process's running ffmpeg processes together, in bytes. */
  transcodeRssBytes: number;
  activeStreams: number;
  requestsServed: number;
  /** Replacements of this slot since the server started. */
  restarts: number;
  /** Consecutive failed starts; above zero the slot is backing off. */
  failures: number;
  nextStartAt: number | null;
  lastExit: ExitRecord | null;
}

/** Everything the gauge and the admin API show, sampled once a second. */
export interface MetricsSnapshot {
  at: number;
  mode: 'supervised' | 'single';
  /** HTTP workers wanted; the processes list may hold more while some drain. */
  workers: number;
  processes: ProcessMetrics[];
  totals: {
    rssBytes: number;
    cpuPercent: number;
    openConnections: number;
    activeRequests: number;
    activeTranscodes: number;
    activeStreams: number;
    requestsServed: number;
    restarts: number;
  };
  jobs: JobStatus[];
  /** What serving one listener costs in CPU, once enough listening was seen. */
  serving?: ServingCost | null;
}

/** What applying settings did; `needsRestart` lists what waits for a restart. */
export type SettingsChange = SettingsPlan & { workersChange: WorkersChange | null };

/** What a resize or rolling restart reports back. */
export interface WorkersChange {
  workers: number;
  started: string[];
  draining: string[];
}

// ---------------------------------------------------------------------------
// Calls and events, by direction. A call has params and a result; an event
// has data only.

export interface CallSpec<P, R> {
  params: P;
  result: R;
}
export type CallMap = Record<string, CallSpec<unknown, unknown>>;
export type EventMap = Record<string, unknown>;

/** Calls a worker makes to the supervisor (admin API, scan requests). */
export interface SupervisorCalls extends CallMap {
  'metrics.snapshot': CallSpec<null, MetricsSnapshot>;
  'workers.resize': CallSpec<{ workers: number }, WorkersChange>;
  'workers.restart': CallSpec<null, WorkersChange>;
  'jobs.run': CallSpec<{ name: string; full?: boolean }, { queued: boolean }>;
  'jobs.cancel': CallSpec<{ name: string }, { cancelled: boolean }>;
  'jobs.status': CallSpec<null, JobStatus[]>;
  'settings.get': CallSpec<null, Settings>;
  'settings.apply': CallSpec<{ settings: Settings }, SettingsChange>;
}

/** Calls the supervisor makes to the job worker. */
export interface JobWorkerCalls extends CallMap {
  'jobs.run': CallSpec<{ name: string; full?: boolean }, { queued: boolean }>;
  'jobs.cancel': CallSpec<{ name: string }, { cancelled: boolean }>;
  'jobs.status': CallSpec<null, JobStatus[]>;
}

/** Events a worker sends to the supervisor. */
export interface WorkerEvents extends EventMap {
  /** Listening (HTTP: the path of its socket for the dispatcher) and able to work. */
  ready: { socket: string | null };
  heartbeat: Heartbeat;
  /** The job worker's job list changed (state or progress). */
  'jobs.status': JobStatus[];
  /** Turns the per-second metrics push on or off (SSE subscribers present). */
  'metrics.watch': { on: boolean };
  /** The worker asks to be stopped (a job ignored its limit's abort). */
  'kill.request': { reason: ExitReason; limit: string; requests: string[] };
  /** A drained worker has closed its last connection and is about to exit. */
  drained: { requestsServed: number };
}

/** Events the supervisor sends to a worker. */
export interface SupervisorEvents extends EventMap {
  init: WorkerInit;
  /** Stop taking work, finish what is in flight, then exit. */
  drain: { reason: ExitReason };
  'jobs.status': JobStatus[];
  metrics: MetricsSnapshot;
}

/** A worker's end of the conversation (the job worker also answers JobWorkerCalls). */
export type WorkerChannel = Channel<
  SupervisorCalls,
  JobWorkerCalls,
  WorkerEvents,
  SupervisorEvents
>;

/** The supervisor's end, one per worker process. */
export type SupervisorChannel = Channel<
  JobWorkerCalls,
  SupervisorCalls,
  SupervisorEvents,
  WorkerEvents
>;

/** Re-exported so worker code has one import for the scan status shape. */
export type { ScanStatus };
