// The tray menu as data. A pure function turns the server's state into plain
// menu items, the icon to show and a tooltip; electron/tray.ts maps each
// item's action to a click handler and hands the list to Electron's Menu.
// Nothing here imports Electron, so the table test runs under plain Node.
import type { LoginState } from './login.js';

/** What a menu item does when clicked; electron/tray.ts binds each one. */
export type TrayAction =
  | 'openPlayer'
  | 'openSettings'
  | 'rescan'
  | 'toggleStartAtLogin'
  | 'showLogs'
  | 'restart'
  | 'quit';

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | {
      type: 'checkbox';
      label: string;
      enabled: boolean;
      checked: boolean;
      action: TrayAction;
    };

/** The four tray icons (build/tray/<name>*.png). */
export type TrayIcon = 'running' | 'scanning' | 'stopped' | 'error';

/** The server as the tray sees it, gathered by electron/supervisor-host.ts. */
export interface TrayServerState {
  status: 'starting' | 'running' | 'stopping' | 'stopped' | 'error';
  /** When the server started serving (ms since the epoch), if it has. */
  startedAt: number | null;
  /** Streams playing right now, across all workers. */
  listeners: number;
  scan: { running: boolean; done: number; total: number };
  /** What went wrong, in words for a person, when status is 'error'. */
  error?: string;
}

export interface TrayMenu {
  icon: TrayIcon;
  tooltip: string;
  items: TrayMenuItem[];
}

/** "up 45 s", "up 12 min", "up 3 h 5 min", "up 2 d 4 h". */
export function formatUptime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `up ${Math.max(0, Math.floor(ms / 1000))} s`;
  if (minutes < 60) return `up ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `up ${hours} h ${minutes % 60} min`;
  return `up ${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "scanning", or "scanning 40 % (1,200 of 3,000)" once the walk has a total. */
function scanText(scan: TrayServerState['scan']): string {
  if (scan.total <= 0) return 'scanning';
  const percent = Math.min(100, Math.floor((scan.done / scan.total) * 100));
  const count = (n: number) => n.toLocaleString('en-US');
  return `scanning ${percent} % (${count(scan.done)} of ${count(scan.total)})`;
}

/** The first, disabled line of the menu: what the server is doing. */
export function statusLine(state: TrayServerState, now: number): string {
  switch (state.status) {
    case 'starting':
      return 'Starting…';
    case 'stopping':
      return 'Stopping…';
    case 'stopped':
      return 'Server stopped';
    case 'error':
      return `Server error: ${state.error ?? 'unknown'}`;
  }
  const parts = [
    state.listeners === 1 ? '1 listener' : `${state.listeners} listeners`,
    formatUptime(now - (state.startedAt ?? now)),
  ];
  if (state.scan.running) parts.push(scanText(state.scan));
  return parts.join(' · ');
}

/** Which icon the tray shows: trouble first, then activity. */
export function trayIcon(state: TrayServerState): TrayIcon {
  if (state.status === 'error') return 'error';
  if (state.status !== 'running') return 'stopped';
  return state.scan.running ? 'scanning' : 'running';
}

/** The "Start at login" checkbox, with the reason when it is not what was asked. */
function loginItem(login: LoginState): TrayMenuItem {
  return {
    type: 'checkbox',
    label: login.note ? `Start at login (${login.note})` : 'Start at login',
    enabled: login.supported,
    checked: login.enabled,
    action: 'toggleStartAtLogin',
  };
}

/** Builds the whole tray menu from the server's state. Pure. */
export function buildTrayMenu(
  state: TrayServerState,
  login: LoginState,
  now: number,
): TrayMenu {
  const running = state.status === 'running';
  const busy = state.status === 'starting' || state.status === 'stopping';
  const status = statusLine(state, now);
  const item = (label: string, action: TrayAction, enabled = true): TrayMenuItem => ({
    type: 'normal',
    label,
    enabled,
    action,
  });
  return {
    icon: trayIcon(state),
    tooltip: `Hearth — ${status}`,
    items: [
      { type: 'normal', label: status, enabled: false },
      { type: 'separator' },
      item('Open player', 'openPlayer', running),
      item('Settings…', 'openSettings'),
      item('Rescan library', 'rescan', running && !state.scan.running),
      { type: 'separator' },
      loginItem(login),
      item('Show logs', 'showLogs'),
      item(
        state.status === 'stopped' ? 'Start server' : 'Restart server',
        'restart',
        !busy,
      ),
      { type: 'separator' },
      item('Quit', 'quit'),
    ],
  };
}
