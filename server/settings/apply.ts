// How a settings change reaches a running server without dropping a stream.
// Each setting is read by particular processes: the supervisor's watchdog,
// the HTTP workers, the job worker, or the listening socket itself. A change
// is applied by giving exactly those readers the new value: the watchdog
// takes it at once, workers are replaced one by one (each new worker is ready
// before the old one drains), and only the address needs a full restart.

import type { Settings, SettingName } from './schema.js';

/** Who must take a changed setting for it to apply. */
export type SettingReader =
  | 'workerCount' // resize: new workers start, the surplus drains
  | 'watchdog' // the supervisor's limits, applied at once
  | 'httpWorkers' // a rolling restart of the HTTP workers
  | 'jobWorker' // the job worker is replaced (a running job resumes from its checkpoint)
  | 'address'; // the listening socket: a restart of the whole server

/**
 * The readers of each setting. A setting missing here (added later) is given
 * to every worker, which is always safe.
 */
const readers: Partial<Record<SettingName, SettingReader[]>> = {
  workers: ['workerCount'],
  host: ['address'],
  port: ['address'],
  ffmpegPath: ['address'], // resolved once by the main process at start
  lanAdvertise: [], // the main process's advertiser follows the 'settings' event
  musicFolders: ['httpWorkers', 'jobWorker'],
  limitTimeCpu: ['watchdog', 'httpWorkers'], // and the ffmpeg CPU guard in workers
  limitTimeReal: ['watchdog', 'httpWorkers'], // and the request tracker in workers
  limitMemorySoft: ['watchdog'],
  limitMemoryHard: ['watchdog'],
  limitRequest: ['watchdog'],
  jobLimitTimeCpu: ['watchdog', 'jobWorker'],
  jobLimitTimeReal: ['watchdog', 'jobWorker'],
  scanIntervalHours: ['jobWorker'],
  scanOnStart: ['jobWorker'],
  scanThreads: ['jobWorker'],
};

const everyWorker: SettingReader[] = ['httpWorkers', 'jobWorker'];

/** The readers of one setting. */
export function readersOf(name: SettingName): SettingReader[] {
  return readers[name] ?? everyWorker;
}

/** What applying new settings takes. */
export interface SettingsPlan {
  /** Settings whose value changes, in schema order. */
  changed: SettingName[];
  /** The new HTTP worker count, when it changes. */
  resize: number | null;
  watchdog: boolean;
  restartHttpWorkers: boolean;
  restartJobWorker: boolean;
  /** Changed settings that take effect only when the server restarts. */
  needsRestart: SettingName[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Compares two complete settings and lists what applying the second takes. Pure. */
export function planSettingsChange(current: Settings, next: Settings): SettingsPlan {
  const changed = (Object.keys(next) as SettingName[]).filter(
    (name) => !same(current[name], next[name]),
  );
  const reading = (reader: SettingReader) =>
    changed.filter((name) => readersOf(name).includes(reader));

  // workers = 0 means one process without a supervisor: switching to or from
  // it is a restart, not a resize.
  const resize = reading('workerCount').length > 0 ? next.workers : null;
  const modeSwitch = resize !== null && Math.min(current.workers, next.workers) === 0;
  return {
    changed,
    resize: modeSwitch ? null : resize,
    watchdog: reading('watchdog').length > 0,
    restartHttpWorkers: reading('httpWorkers').length > 0,
    restartJobWorker: reading('jobWorker').length > 0,
    needsRestart: [...reading('address'), ...(modeSwitch ? ['workers' as const] : [])],
  };
}
