// The admin API's shapes as the settings page uses them (docs/api.md has the
// full reference). The page talks to the API over HTTP in a browser and over
// IPC inside Electron; both carry these same bodies.

export type SettingReader =
  'workerCount' | 'watchdog' | 'httpWorkers' | 'jobWorker' | 'address';
export type FieldGroup =
  | 'library'
  | 'network'
  | 'workers'
  | 'limits'
  | 'transcoding'
  | 'artwork'
  | 'external'
  | 'apps';

export interface SettingField {
  name: string;
  group: FieldGroup;
  type: 'integer' | 'number' | 'boolean' | 'string' | 'string[]';
  help: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  options?: string[];
  unit?: 's' | 'h' | 'MiB';
  secret?: boolean;
  appliedBy: SettingReader[];
}

export type SettingValue = number | boolean | string | string[];
export type SettingValues = Record<string, SettingValue>;

export interface SettingsView {
  fields: SettingField[];
  values: SettingValues;
  pendingRestart: string[];
  /** Settings this run took from flags, with the flag (--music). */
  fromFlags: Record<string, string>;
}

export interface SettingsChange {
  changed: string[];
  resize: number | null;
  watchdog: boolean;
  restartHttpWorkers: boolean;
  restartJobWorker: boolean;
  needsRestart: string[];
  workersChange: { workers: number; started: string[]; draining: string[] } | null;
}

export interface SettingsUpdate {
  change: SettingsChange;
  view: SettingsView;
}

export interface CapacityContext {
  machine: { threads: number; memoryBytes: number };
  workers: number;
  measured: {
    workerRssBytes?: number;
    mainRssBytes?: number;
    requestRatePerWorker?: number;
    transcodeSpeed?: number;
    transcodeShare?: number;
    transcodeRssBytes?: number;
    servingCpuPerListener?: number;
    workerCpuPerListener?: number;
    dispatcherCpuPerListener?: number;
  };
}

export interface LanAccess {
  reachable: boolean;
  entries: Array<{ interface: string; address: string; url: string; qr: string }>;
  advertised: boolean;
  note: string | null;
}

export interface ProcessMetrics {
  slot: string;
  role: 'supervisor' | 'http' | 'job';
  pid: number | null;
  state: string;
  rssBytes: number;
  cpuPercent: number;
  openConnections: number;
  activeStreams: number;
  activeTranscodes: number;
  requestsServed: number;
}

export interface MetricsSnapshot {
  at: number;
  mode: 'supervised' | 'single';
  workers: number;
  processes: ProcessMetrics[];
  totals: {
    rssBytes: number;
    cpuPercent: number;
    openConnections: number;
    activeRequests: number;
    activeTranscodes: number;
    activeStreams: number;
  };
}

/** An API error: its status, stable id, message, and per-field messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}
