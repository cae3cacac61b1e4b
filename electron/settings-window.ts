// The settings window: the settings page of renderer/, served under hearth://
// and given the typed preload API. It is sandboxed with context isolation and
// no Node integration; links to the player or elsewhere open in the browser.
import { BrowserWindow, shell } from 'electron';
import { appOrigin } from './app-protocol.js';

let current: BrowserWindow | null = null;

export interface SettingsWindowOptions {
  preload: string;
}

/** Opens links outside the app in the browser; the window never navigates away. */
function keepInside(window: BrowserWindow): void {
  const openOutside = (url: string) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
  };
  window.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin === appOrigin) return;
    event.preventDefault();
    openOutside(url);
  });
}

/** Shows the settings window, creating it on first use. */
export function openSettingsWindow(options: SettingsWindowOptions): BrowserWindow {
  if (current && !current.isDestroyed()) {
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
    return current;
  }
  const window = new BrowserWindow({
    width: 980,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    title: 'Hearth settings',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  keepInside(window);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => (current = null));
  void window.loadURL(`${appOrigin}/settings.html`);
  current = window;
  return window;
}

/** The open settings window, if any: the metrics stream goes to it. */
export function settingsWindow(): BrowserWindow | null {
  return current && !current.isDestroyed() ? current : null;
}
