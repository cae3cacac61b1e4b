// What the HTTP app needs from its process: the database, the settings, the
// data folder, and a handle on the library scan (local in one-process mode,
// a message to the job worker under the supervisor).
import type { Db } from '../db/index.js';
import type { SettingFlags, Settings } from '../settings/schema.js';
import type { ServerControl } from '../supervisor/control.js';
import type { FfmpegInfo } from '../transcode/ffmpeg.js';

export interface ScanStatus {
  running: boolean;
  /** Files handled so far in this scan, and the total found by the walk. */
  done: number;
  total: number;
  currentFolder: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  lastResult: Record<string, unknown> | null;
}

export interface ScanControl {
  /** Starts a scan unless one is running; says whether it started one. */
  start(options?: { full?: boolean }): { started: boolean };
  status(): ScanStatus;
}

export interface AppDeps {
  db: Db;
  settings: Settings;
  /** The settings this run took from flags; the settings window names them. */
  flags?: SettingFlags;
  dataDir: string;
  scan: ScanControl;
  /** Workers, limits and metrics for the admin API; absent: this process alone. */
  control?: ServerControl;
  /** ffmpeg as the main process resolved it; absent: resolved on first use. */
  ffmpeg?: FfmpegInfo;
}
