// How the settings page reaches the server: the admin API over HTTP in a
// browser, or the preload's IPC bridge inside Electron (window.hearth). Both
// answer with the same bodies; errors become ApiError either way.
import type { AppInfo, HearthBridge, IpcResult } from '../../../electron/ipc-channels.js';
import {
  ApiError,
  type CapacityContext,
  type LanAccess,
  type MetricsSnapshot,
  type SettingsUpdate,
  type SettingsView,
} from './types.js';

export interface Backend {
  /** 'ipc' inside the Electron window, 'http' in a browser. */
  kind: 'ipc' | 'http';
  describe(): Promise<SettingsView>;
  apply(values: Record<string, unknown>): Promise<SettingsUpdate>;
  capacity(): Promise<CapacityContext>;
  lan(): Promise<LanAccess>;
  /** Calls `listener` with each metrics sample (about one a second). */
  watchMetrics(listener: (snapshot: MetricsSnapshot) => void): () => void;
  /** The OS folder picker; absent in a browser. */
  pickFolder?: () => Promise<string | null>;
  /** Why the server could not start, when it could not (Electron only). */
  startupError(): Promise<{ title: string; message: string } | null>;
  signIn(username: string, password: string): Promise<void>;
}

declare global {
  interface Window {
    hearth?: HearthBridge;
  }
}

// 1. HTTP.

async function http<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const res = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const fields = (body.fields ?? {}) as Record<string, string>;
    throw new ApiError(
      res.status,
      String(body.error ?? 'error'),
      String(body.message ?? ''),
      fields,
    );
  }
  return body as T;
}

function httpBackend(): Backend {
  return {
    kind: 'http',
    describe: () => http('/api/admin/settings'),
    apply: (values) =>
      http('/api/admin/settings', { method: 'PUT', body: JSON.stringify(values) }),
    capacity: () => http('/api/admin/capacity'),
    lan: () => http('/api/admin/lan'),
    watchMetrics(listener) {
      const source = new EventSource('/api/admin/metrics/stream');
      source.addEventListener('metrics', (event) =>
        listener(JSON.parse((event as MessageEvent<string>).data) as MetricsSnapshot),
      );
      return () => source.close();
    },
    startupError: async () => null,
    signIn: async (username, password) => {
      await http('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password }),
      });
    },
  };
}

// 2. IPC, inside Electron.

async function unwrap<T>(call: Promise<IpcResult<unknown>>): Promise<T> {
  const result = await call;
  if (result.ok) return result.value as T;
  throw new ApiError(result.status, result.error, result.message, result.fields ?? {});
}

function ipcBackend(bridge: HearthBridge): Backend {
  return {
    kind: 'ipc',
    describe: () => unwrap(bridge.settings.describe()),
    apply: (values) => unwrap(bridge.settings.apply(values)),
    capacity: () => unwrap(bridge.capacity.context()),
    lan: () => unwrap(bridge.lan.info()),
    watchMetrics(listener) {
      void unwrap<MetricsSnapshot | null>(bridge.metrics.snapshot()).then(
        (first) => first && listener(first),
      );
      return bridge.metrics.onUpdate((sample) => listener(sample as MetricsSnapshot));
    },
    pickFolder: () => unwrap(bridge.settings.pickFolder()),
    startupError: async () => (await unwrap<AppInfo>(bridge.app.info())).startupError,
    signIn: async () => undefined,
  };
}

/** The backend for where the page runs. */
export function createBackend(): Backend {
  return window.hearth ? ipcBackend(window.hearth) : httpBackend();
}
