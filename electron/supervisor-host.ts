// Hosts the supervisor inside the Electron main process. It loads the
// settings from the data folder, resolves ffmpeg once (app.asar.unpacked in a
// packaged app), starts the supervisor with the utilityProcess spawner, and
// turns its metrics into the tray's state. A failed start becomes a report
// for the start-up dialog instead of a silent exit.
import { EventEmitter } from 'node:events';
import { makeDataFolderPrivate } from '../server/data-folder.js';
import { lockDataFolder, type DataFolderLock } from '../server/data-lock.js';
import { advertiseOnLan, type LanAdvertiser } from '../server/lan/advertise.js';
import { warnAboutMusicFolders } from '../server/library/music-folders.js';
import { logger } from '../server/log.js';
import { loadSettings, SettingsError } from '../server/settings/load.js';
import type { Settings } from '../server/settings/schema.js';
import type { ServerControl } from '../server/supervisor/control.js';
import type { MetricsSnapshot } from '../server/supervisor/protocol.js';
import type { Spawner } from '../server/supervisor/spawner.js';
import { startSupervisor, type Supervisor } from '../server/supervisor/supervisor.js';
import { resolveFfmpeg } from '../server/transcode/ffmpeg.js';
import type { TrayServerState } from '../server/tray/menu.js';
import { trayServerState, type HostPhase } from '../server/tray/state.js';
import {
  describeStartupError,
  failureOf,
  invalidSettingsCode,
  type StartupErrorReport,
  type StartupFailure,
} from '../server/tray/startup-error.js';

const log = logger('tray');

export interface SupervisorHostOptions {
  dataDir: string;
  spawn: Spawner;
}

interface HostEvents {
  /** The tray's state changed (phase or metrics). */
  change: [];
  metrics: [snapshot: MetricsSnapshot];
  /** The server could not start; the report is what the dialog says. */
  failed: [report: StartupErrorReport];
}

/** Turns whatever a start threw into the plain fields the classifier reads. */
function hostFailureOf(err: unknown): StartupFailure {
  return err instanceof SettingsError
    ? { code: invalidSettingsCode, message: err.problems.join('\n') }
    : failureOf(err);
}

export class SupervisorHost extends EventEmitter<HostEvents> {
  private supervisor: Supervisor | null = null;
  private phase: HostPhase = { status: 'stopped', startedAt: null };
  private latest: MetricsSnapshot | null = null;
  private current: Settings | null = null;
  private lan: LanAdvertiser | null = null;
  /** The data folder's lock, taken at the first start and held until quit. */
  private lock: DataFolderLock | null = null;
  /** The last failed start, for the settings window's banner. */
  lastFailure: StartupErrorReport | null = null;

  constructor(private readonly options: SupervisorHostOptions) {
    super();
  }

  /** What the tray shows. */
  state(): TrayServerState {
    return trayServerState(this.phase, this.latest);
  }

  /** The running server's control surface (resize, restart, metrics, jobs). */
  control(): ServerControl | null {
    return this.supervisor?.control() ?? null;
  }

  /** The settings the server runs with (or last tried to start with). */
  settings(): Settings | null {
    return this.supervisor?.settings() ?? this.current;
  }

  /** The data folder: settings.json, the database. */
  get dataDir(): string {
    return this.options.dataDir;
  }

  /** The public port while running. */
  port(): number | null {
    return this.supervisor?.port ?? null;
  }

  /** The player's address on this computer. */
  playerUrl(): string | null {
    if (!this.supervisor || !this.current) return null;
    const host = ['0.0.0.0', '::'].includes(this.current.host)
      ? '127.0.0.1'
      : this.current.host;
    return `http://${host}:${this.supervisor.port}/`;
  }

  /** Starts the server; on failure, reports why and stays stopped. */
  async start(): Promise<StartupErrorReport | null> {
    this.setPhase({ status: 'starting', startedAt: null });
    try {
      // 1. Settings from the data folder (made private), then ffmpeg, resolved
      // once for all workers.
      const { settings } = loadSettings([], {
        ...process.env,
        HEARTH_DATA: this.options.dataDir,
      });
      this.current = settings;
      makeDataFolderPrivate(this.options.dataDir);
      this.lock ??= lockDataFolder(this.options.dataDir);
      warnAboutMusicFolders(settings.musicFolders);
      const ffmpeg = await resolveFfmpeg(settings.ffmpegPath);

      // 2. The supervisor with utility processes; its metrics feed the tray.
      const supervisor = await startSupervisor({
        settings,
        dataDir: this.options.dataDir,
        ffmpegPath: ffmpeg.path ?? '',
        spawn: this.options.spawn,
      });
      supervisor.on('metrics', (snapshot) => this.onMetrics(snapshot));
      this.supervisor = supervisor;

      // 3. The LAN announcement follows the lanAdvertise switch.
      this.lan = advertiseOnLan(settings, supervisor.port);
      supervisor.on('settings', (next) => this.lan?.update(next, supervisor.port));
      this.lastFailure = null;
      this.setPhase({ status: 'running', startedAt: Date.now() });
      return null;
    } catch (err) {
      return this.fail(err);
    }
  }

  /** Stops the server: drains the workers, then ends them. */
  async stop(): Promise<void> {
    const supervisor = this.supervisor;
    if (!supervisor) return;
    this.setPhase({ status: 'stopping', startedAt: null });
    this.supervisor = null;
    await this.lan?.stop();
    this.lan = null;
    await supervisor.shutdown();
    this.latest = null;
    this.setPhase({ status: 'stopped', startedAt: null });
  }

  /** Stops and starts again, re-reading the settings. */
  async restart(): Promise<StartupErrorReport | null> {
    await this.stop();
    return this.start();
  }

  /** Queues a library scan in the job worker. */
  async rescan(): Promise<void> {
    await this.supervisor?.runJob('scan');
  }

  private fail(err: unknown): StartupErrorReport {
    const settings = this.current;
    const report = describeStartupError(hostFailureOf(err), {
      host: settings?.host ?? '127.0.0.1',
      port: settings?.port ?? 0,
      dataDir: this.options.dataDir,
    });
    log.error({ err, kind: report.kind }, 'server start failed');
    this.lastFailure = report;
    this.setPhase({ status: 'error', startedAt: null, error: report.title });
    this.emit('failed', report);
    return report;
  }

  private onMetrics(snapshot: MetricsSnapshot): void {
    this.latest = snapshot;
    this.emit('metrics', snapshot);
    this.emit('change');
  }

  private setPhase(phase: HostPhase): void {
    this.phase = phase;
    this.emit('change');
  }
}
