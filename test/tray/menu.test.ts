// The tray menu builder as a table: server states in, menu items out.
import { describe, expect, it } from 'vitest';
import type { LoginState } from '../../server/tray/login.js';
import {
  buildTrayMenu,
  formatUptime,
  type TrayIcon,
  type TrayServerState,
} from '../../server/tray/menu.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const minutes = (n: number) => now - n * 60_000;
const idleScan = { running: false, done: 0, total: 0 };
const loginOff: LoginState = { supported: true, enabled: false, note: null };
const loginOn: LoginState = { supported: true, enabled: true, note: null };

const running = (extra: Partial<TrayServerState> = {}): TrayServerState => ({
  status: 'running',
  startedAt: minutes(12),
  listeners: 0,
  scan: idleScan,
  ...extra,
});

/** The menu reduced to what a person sees: label, then flags. */
function shown(state: TrayServerState, login: LoginState = loginOff): string[] {
  return buildTrayMenu(state, login, now).items.map((item) => {
    if (item.type === 'separator') return '---';
    const flags = [item.enabled ? '' : 'disabled'];
    if (item.type === 'checkbox') flags.push(item.checked ? 'checked' : 'unchecked');
    return [item.label, ...flags.filter(Boolean)].join(' | ');
  });
}

interface Row {
  name: string;
  state: TrayServerState;
  login?: LoginState;
  icon: TrayIcon;
  /** The whole menu, or one line it must contain. */
  menu: string[] | { contains: string };
}

const table: Row[] = [
  {
    name: 'running and idle',
    state: running({ listeners: 3, startedAt: minutes(185) }),
    icon: 'running',
    menu: [
      '3 listeners · up 3 h 5 min | disabled',
      '---',
      'Open player',
      'Settings…',
      'Rescan library',
      '---',
      'Start at login | unchecked',
      'Show logs',
      'Restart server',
      '---',
      'Quit',
    ],
  },
  {
    name: 'running a scan: progress shown, rescan disabled',
    state: running({ listeners: 1, scan: { running: true, done: 1200, total: 3000 } }),
    login: loginOn,
    icon: 'scanning',
    menu: [
      '1 listener · up 12 min · scanning 40 % (1,200 of 3,000) | disabled',
      '---',
      'Open player',
      'Settings…',
      'Rescan library | disabled',
      '---',
      'Start at login | checked',
      'Show logs',
      'Restart server',
      '---',
      'Quit',
    ],
  },
  {
    name: 'a scan still walking the folders has no total yet',
    state: running({ scan: { running: true, done: 0, total: 0 } }),
    icon: 'scanning',
    menu: { contains: '0 listeners · up 12 min · scanning | disabled' },
  },
  {
    name: 'starting: nothing to open, restart waits',
    state: { status: 'starting', startedAt: null, listeners: 0, scan: idleScan },
    icon: 'stopped',
    menu: [
      'Starting… | disabled',
      '---',
      'Open player | disabled',
      'Settings…',
      'Rescan library | disabled',
      '---',
      'Start at login | unchecked',
      'Show logs',
      'Restart server | disabled',
      '---',
      'Quit',
    ],
  },
  {
    name: 'stopped: restart becomes start',
    state: { status: 'stopped', startedAt: null, listeners: 0, scan: idleScan },
    icon: 'stopped',
    menu: [
      'Server stopped | disabled',
      '---',
      'Open player | disabled',
      'Settings…',
      'Rescan library | disabled',
      '---',
      'Start at login | unchecked',
      'Show logs',
      'Start server',
      '---',
      'Quit',
    ],
  },
  {
    name: 'error: the reason is the status line, settings stay reachable',
    state: {
      status: 'error',
      startedAt: null,
      listeners: 0,
      scan: idleScan,
      error: 'port 4533 is in use',
    },
    login: {
      supported: true,
      enabled: false,
      note: 'switched off in Task Manager › Startup apps',
    },
    icon: 'error',
    menu: [
      'Server error: port 4533 is in use | disabled',
      '---',
      'Open player | disabled',
      'Settings…',
      'Rescan library | disabled',
      '---',
      'Start at login (switched off in Task Manager › Startup apps) | unchecked',
      'Show logs',
      'Restart server',
      '---',
      'Quit',
    ],
  },
  {
    name: 'an OS without start at login: the checkbox is disabled',
    state: running(),
    login: { supported: false, enabled: false, note: null },
    icon: 'running',
    menu: { contains: 'Start at login | disabled | unchecked' },
  },
];

describe('buildTrayMenu', () => {
  it.each(table)('$name', (row) => {
    const menu = buildTrayMenu(row.state, row.login ?? loginOff, now);
    expect(menu.icon).toBe(row.icon);
    const lines = shown(row.state, row.login);
    if (Array.isArray(row.menu)) expect(lines).toEqual(row.menu);
    else expect(lines).toContain(row.menu.contains);
    expect(menu.tooltip).toBe(`Hearth — ${shown(row.state)[0]?.split(' | ')[0]}`);
  });

  it('binds every clickable item to an action', () => {
    const menu = buildTrayMenu(running(), loginOff, now);
    const actions = menu.items.flatMap((item) =>
      item.type !== 'separator' && item.action ? [item.action] : [],
    );
    expect(actions).toEqual([
      'openPlayer',
      'openSettings',
      'rescan',
      'toggleStartAtLogin',
      'showLogs',
      'restart',
      'quit',
    ]);
  });
});

describe('formatUptime', () => {
  it.each([
    [0, 'up 0 s'],
    [45_000, 'up 45 s'],
    [60_000, 'up 1 min'],
    [59 * 60_000, 'up 59 min'],
    [60 * 60_000, 'up 1 h 0 min'],
    [(23 * 60 + 59) * 60_000, 'up 23 h 59 min'],
    [(50 * 60 + 5) * 60_000, 'up 2 d 2 h'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});
