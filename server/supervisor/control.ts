// What the admin control API needs from the process model, whichever it is:
// the supervisor over IPC (in an HTTP worker), or this very process (in
// one-process mode). The routes in server/http/routes/admin.ts use only this.
import type { Settings } from '../settings/schema.js';
import type {
  JobStatus,
  MetricsSnapshot,
  SettingsChange,
  WorkersChange,
} from './protocol.js';

export interface ServerControl {
  /** The latest metrics (sampled once a second). */
  snapshot(): Promise<MetricsSnapshot>;
  /** Calls `listener` with each new sample; returns the unsubscribe function. */
  watch(listener: (snapshot: MetricsSnapshot) => void): () => void;
  /** Applies a new HTTP worker count: new workers first, then the surplus drains. */
  resize(workers: number): Promise<WorkersChange>;
  /** Replaces every HTTP worker, one new process before each old one drains. */
  restart(): Promise<WorkersChange>;
  jobs(): Promise<JobStatus[]>;
  /** Queues a run of one job; `queued` is false if it is already queued or running. */
  runJob(name: string, options?: { full?: boolean }): Promise<{ queued: boolean }>;
  /** Cancels a queued or running run of one job; `cancelled` is false if none was. */
  cancelJob(name: string): Promise<{ cancelled: boolean }>;
  /** The settings the server runs with now (after any applied change). */
  settings(): Promise<Settings>;
  /**
   * Applies complete, validated settings to the running server: the watchdog
   * at once, workers by rolling restart or resize (server/settings/apply.ts).
   */
  applySettings(settings: Settings): Promise<SettingsChange>;
}
