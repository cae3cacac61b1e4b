// Where the tray app keeps and finds things. Data lives in Electron's userData
// folder; the built pages, the preload and the tray icons sit in the app
// folder in development and in the app's resources when packaged.
import path from 'node:path';
import { app } from 'electron';

export interface AppPaths {
  /** settings.json, the library database, caches. */
  dataDir: string;
  /** One log file that every Hearth process appends to. */
  logFile: string;
  /** dist/renderer: the player and settings pages. */
  rendererDir: string;
  /** The settings window's sandboxed preload, bundled to CommonJS. */
  preload: string;
  /** build/tray in development; resources/tray when packaged (extraResources). */
  trayIconDir: string;
}

/**
 * Pins userData to "Hearth" whatever the package name, so development and
 * packaged builds share one data folder. Call before the app is ready.
 */
export function pinDataDir(): void {
  app.setPath('userData', path.join(app.getPath('appData'), 'Hearth'));
}

/** The app's paths; call after pinDataDir(). */
export function appPaths(): AppPaths {
  const root = app.getAppPath();
  return {
    dataDir: app.getPath('userData'),
    logFile: path.join(app.getPath('logs'), 'hearth.log'),
    rendererDir: path.join(root, 'dist', 'renderer'),
    preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
    trayIconDir: app.isPackaged
      ? path.join(process.resourcesPath, 'tray')
      : path.join(root, 'build', 'tray'),
  };
}
