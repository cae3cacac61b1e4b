// The tray application's entry point. It only wires the feature modules
// together, in the order Electron needs them; each module has one job.
import { app, shell } from 'electron';
import { logger } from '../server/log.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { registerIpcHandlers, streamMetrics } from './ipc-handlers.js';
import { routeLogsTo, showLogs } from './logs.js';
import { notify } from './notifications.js';
import { appPaths, pinDataDir } from './paths.js';
import { openSettingsWindow, settingsWindow } from './settings-window.js';
import { claimSingleInstance } from './single-instance.js';
import { utilityProcessSpawner } from './spawner.js';
import { readStartAtLogin, setStartAtLogin } from './start-at-login.js';
import { showStartupError } from './startup-dialog.js';
import { SupervisorHost } from './supervisor-host.js';
import { createTray, type TrayHandlers } from './tray.js';

// 1. Before the app is ready (synchronously, as Electron requires): one
//    instance per user, the data folder, the log file, the hearth:// scheme.
pinDataDir();
const paths = appPaths();
routeLogsTo(paths.logFile);
const log = logger('tray');
const openSettings = () => openSettingsWindow({ preload: paths.preload });
const isFirst = claimSingleInstance(openSettings);
registerAppScheme();

// A tray app keeps running with no window open.
app.on('window-all-closed', () => undefined);

async function main(): Promise<void> {
  await app.whenReady();
  if (process.platform === 'darwin') app.dock?.hide();
  serveRenderer(paths.rendererDir);

  // 2. The server host, and the settings window's IPC.
  const host = new SupervisorHost({
    dataDir: paths.dataDir,
    spawn: utilityProcessSpawner,
  });
  const logs = () => showLogs(paths.logFile);
  registerIpcHandlers({ host, showLogs: logs });
  streamMetrics(host, settingsWindow);

  // 3. The tray: every menu action, bound to the host and the windows.
  const handlers: TrayHandlers = {
    openPlayer: () => {
      const url = host.playerUrl();
      if (url) void shell.openExternal(url);
    },
    openSettings,
    rescan: () => void host.rescan(),
    toggleStartAtLogin: () => {
      setStartAtLogin(!readStartAtLogin().enabled);
      tray.refresh();
    },
    showLogs: () => void logs(),
    restart: () => void host.restart(),
    quit: () => app.quit(),
  };
  const tray = createTray({
    iconDir: paths.trayIconDir,
    handlers,
    state: () => ({ server: host.state(), login: readStartAtLogin() }),
  });
  host.on('change', () => tray.refresh());

  // 4. Start-up failures open a dialog; a finished scan is worth a notification.
  host.on('failed', (report) => {
    void showStartupError(report, { openSettings, showLogs: () => void logs() });
  });
  watchScans(host);

  // 5. Quit drains the workers first; nothing is left running.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    tray.destroy();
    void host.stop().finally(() => app.exit(0));
  });
  await host.start();
}

/** Notifies once when a running scan finishes. */
function watchScans(host: SupervisorHost): void {
  let scanning = false;
  host.on('change', () => {
    const now = host.state().scan.running;
    if (scanning && !now) {
      notify({ title: 'Hearth', body: 'The library scan has finished.' });
    }
    scanning = now;
  });
}

if (isFirst) {
  main().catch((err: unknown) => {
    log.fatal({ err }, 'tray app failed');
    app.exit(1);
  });
}
