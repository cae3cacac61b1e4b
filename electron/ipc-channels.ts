// The IPC surface between the settings window and the main process: every
// channel name, and the typed API the preload exposes as `window.hearth`,
// grouped by feature. This module imports nothing from Electron, so the
// preload, the main process and the renderer all import the same names.
//
// The settings page runs in a plain browser too, where it talks HTTP to the
// admin API; inside Electron the same calls go through these channels, so the
// window works even when the server could not start (port in use...).

/** Channel names, one per call; `update` channels are pushed from main. */
export const ipcChannels = {
  settings: {
    describe: 'hearth:settings:describe',
    apply: 'hearth:settings:apply',
    pickFolder: 'hearth:settings:pick-folder',
  },
  metrics: {
    snapshot: 'hearth:metrics:snapshot',
    update: 'hearth:metrics:update',
  },
  capacity: {
    context: 'hearth:capacity:context',
  },
  lan: {
    info: 'hearth:lan:info',
  },
  app: {
    info: 'hearth:app:info',
    showLogs: 'hearth:app:show-logs',
  },
} as const;

/**
 * Every invoke answers with a result, never a thrown error: Electron would
 * keep only an error's message, and the page needs the error's id and the
 * message for each bad field, as the HTTP API gives them.
 */
export type IpcResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status: number;
      error: string;
      message: string;
      fields?: Record<string, string>;
    };

/** What the window learns about the app it runs in. */
export interface AppInfo {
  version: string;
  /** process.platform: 'darwin', 'win32', 'linux'... */
  platform: string;
  /** Set when the server failed to start; the page shows it above the form. */
  startupError: { title: string; message: string } | null;
}

/**
 * The API the preload exposes as `window.hearth`. The settings, metrics,
 * capacity and LAN payloads are the admin API's JSON bodies, so the page
 * handles both transports with the same code.
 */
export interface HearthBridge {
  settings: {
    describe(): Promise<IpcResult<unknown>>;
    apply(values: Record<string, unknown>): Promise<IpcResult<unknown>>;
    /** The OS folder picker; null when the user cancels. */
    pickFolder(): Promise<IpcResult<string | null>>;
  };
  metrics: {
    snapshot(): Promise<IpcResult<unknown>>;
    /** Calls `listener` with each new sample; returns the unsubscribe. */
    onUpdate(listener: (sample: unknown) => void): () => void;
  };
  capacity: {
    context(): Promise<IpcResult<unknown>>;
  };
  lan: {
    info(): Promise<IpcResult<unknown>>;
  };
  app: {
    info(): Promise<IpcResult<AppInfo>>;
    showLogs(): Promise<IpcResult<void>>;
  };
}

/** Every channel name, for checks that main answers each one. */
export function allChannels(): string[] {
  return Object.values(ipcChannels).flatMap((group) => Object.values(group));
}
