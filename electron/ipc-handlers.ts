// The main process's answers to the settings window, one handler per channel
// of ipc-channels.ts. Only pages served under hearth:// may call them. The
// answers are the same JSON as the admin API's, built by the same functions.
import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
} from 'electron';
import { machineFacts, measurementsFrom } from '../server/capacity/inputs.js';
import { dbFile, openDb, type Db } from '../server/db/index.js';
import { lanAccess } from '../server/lan/access.js';
import { settingsView, updateSettings } from '../server/settings/admin.js';
import { validateSettings } from '../server/settings/load.js';
import type { Settings } from '../server/settings/schema.js';
import { transcodeSpeed } from '../server/transcode/calibration.js';
import { HearthError, InvalidInputError } from '../server/http/errors.js';
import { logger } from '../server/log.js';
import { appOrigin } from './app-protocol.js';
import { ipcChannels as ch, type AppInfo, type IpcResult } from './ipc-channels.js';
import type { SupervisorHost } from './supervisor-host.js';

const log = logger('tray');

export interface IpcDeps {
  host: SupervisorHost;
  showLogs(): Promise<void>;
}

/** Refuses calls from anything but the app's own pages. */
function trusted(event: IpcMainInvokeEvent): void {
  const url = event.senderFrame?.url ?? '';
  if (!url.startsWith(`${appOrigin}/`)) {
    throw new HearthError(403, 'forbidden', 'ipc call from an untrusted page');
  }
}

/** An error as the HTTP API would have answered it. */
function failure(err: unknown): IpcResult<never> {
  if (err instanceof HearthError) {
    const fields = err instanceof InvalidInputError ? { fields: err.fields } : {};
    return {
      ok: false,
      status: err.status,
      error: err.id,
      message: err.message,
      ...fields,
    };
  }
  log.error({ err }, 'ipc handler failed');
  return { ok: false, status: 500, error: 'internal', message: 'internal error' };
}

/** Registers `handler` for `channel` behind the sender check; answers IpcResults. */
function answer<T>(
  channel: string,
  handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<T> | T,
): void {
  ipcMain.handle(channel, async (event, ...args): Promise<IpcResult<T>> => {
    try {
      trusted(event);
      return { ok: true, value: await handler(event, ...args) };
    } catch (err) {
      return failure(err);
    }
  });
}

/** The folder picker, as a sheet of the calling window where the OS has them. */
async function pickFolder(event: IpcMainInvokeEvent): Promise<string | null> {
  const properties: OpenDialogOptions['properties'] = [
    'openDirectory',
    'createDirectory',
  ];
  const window = BrowserWindow.fromWebContents(event.sender);
  const result = window
    ? await dialog.showOpenDialog(window, { properties })
    : await dialog.showOpenDialog({ properties });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** The settings in effect; the defaults when the server could not even read them. */
function current(host: SupervisorHost): Settings {
  return host.settings() ?? validateSettings({});
}

/** Saves and applies; a change of address (or a failed server) restarts the server. */
async function apply(host: SupervisorHost, input: unknown) {
  const control = host.control();
  const update = await updateSettings(
    { dataDir: host.dataDir, current: current(host), control },
    input,
  );
  if (!control || update.change.needsRestart.length > 0) void host.restart();
  return update;
}

/** The capacity model's inputs, with the calibration read from the database. */
function capacityContext(host: SupervisorHost, db: () => Db) {
  return async () => {
    const settings = current(host);
    const snapshot = (await host.control()?.snapshot()) ?? null;
    const speed = host.control()
      ? transcodeSpeed(db(), settings.transcodeProfile)
      : undefined;
    return {
      machine: machineFacts(),
      workers: settings.workers,
      measured: measurementsFrom(snapshot, speed),
    };
  };
}

/** Registers every channel's handler. */
export function registerIpcHandlers(deps: IpcDeps): void {
  const { host } = deps;
  let db: Db | null = null;
  const database = () => (db ??= openDb(dbFile(host.dataDir), { migrate: false }));
  app.on('will-quit', () => db?.close());

  answer(ch.settings.describe, () => settingsView(current(host), host.dataDir));
  answer(ch.settings.apply, (_event, input) => apply(host, input));
  answer(ch.settings.pickFolder, pickFolder);
  answer(ch.metrics.snapshot, async () => (await host.control()?.snapshot()) ?? null);
  answer(ch.capacity.context, capacityContext(host, database));
  answer(ch.lan.info, () => {
    const settings = current(host);
    const port = host.port() ?? settings.port;
    return lanAccess({ host: settings.host, port, advertise: settings.lanAdvertise });
  });
  answer(ch.app.info, (): AppInfo => ({
    version: app.getVersion(),
    platform: process.platform,
    startupError: host.lastFailure,
  }));
  answer(ch.app.showLogs, () => deps.showLogs());
}

/** Sends each metrics sample to `window` while it is open. */
export function streamMetrics(host: SupervisorHost, window: () => BrowserWindow | null) {
  host.on('metrics', (snapshot) =>
    window()?.webContents.send(ch.metrics.update, snapshot),
  );
}
