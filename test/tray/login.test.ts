// Start at login as a table: each OS's raw facts in, the checkbox's truth out.
import { describe, expect, it } from 'vitest';
import {
  autostartEntry,
  loginState,
  type LoginFacts,
  type LoginState,
} from '../../server/tray/login.js';

const exec = '/opt/Hearth/hearth';
const on: LoginState = { supported: true, enabled: true, note: null };
const off: LoginState = { supported: true, enabled: false, note: null };

const table: Array<{ name: string; facts: LoginFacts; state: LoginState }> = [
  {
    name: 'macOS 13+: registered and enabled',
    facts: { platform: 'darwin', openAtLogin: true, status: 'enabled' },
    state: on,
  },
  {
    name: 'macOS 13+: not registered',
    facts: { platform: 'darwin', openAtLogin: false, status: 'not-registered' },
    state: off,
  },
  {
    name: 'macOS 13+: registered but waiting for the user to approve',
    facts: { platform: 'darwin', openAtLogin: true, status: 'requires-approval' },
    state: { ...off, note: 'approve Hearth in System Settings › Login Items' },
  },
  {
    name: 'macOS 13+: the app is not where launchd can find it',
    facts: { platform: 'darwin', openAtLogin: false, status: 'not-found' },
    state: { supported: false, enabled: false, note: 'move Hearth to Applications' },
  },
  {
    name: 'macOS 12: only openAtLogin',
    facts: { platform: 'darwin', openAtLogin: true },
    state: on,
  },
  {
    name: 'Windows: run key present and active',
    facts: { platform: 'win32', openAtLogin: true, executableWillLaunchAtLogin: true },
    state: on,
  },
  {
    name: 'Windows: run key switched off in Task Manager',
    facts: { platform: 'win32', openAtLogin: true, executableWillLaunchAtLogin: false },
    state: { ...off, note: 'switched off in Task Manager › Startup apps' },
  },
  {
    name: 'Windows: no run key',
    facts: { platform: 'win32', openAtLogin: false, executableWillLaunchAtLogin: false },
    state: off,
  },
  {
    name: 'Linux: no autostart entry',
    facts: { platform: 'linux', entry: null, exec },
    state: off,
  },
  {
    name: 'Linux: the entry Hearth writes',
    facts: { platform: 'linux', entry: autostartEntry(exec), exec },
    state: on,
  },
  {
    name: 'Linux: the desktop switched the entry off',
    facts: {
      platform: 'linux',
      entry: autostartEntry(exec).replace('enabled=true', 'enabled=false'),
      exec,
    },
    state: { ...off, note: 'switched off in the desktop’s startup applications' },
  },
  {
    name: 'Linux: a hidden entry',
    facts: { platform: 'linux', entry: `${autostartEntry(exec)}Hidden=true\n`, exec },
    state: { ...off, note: 'switched off in the desktop’s startup applications' },
  },
  {
    name: 'Linux: an entry left by another copy (an AppImage that moved)',
    facts: {
      platform: 'linux',
      entry: autostartEntry('/home/ann/Downloads/Hearth.AppImage'),
      exec: '/home/ann/Apps/Hearth.AppImage',
    },
    state: { ...off, note: 'the autostart entry starts another copy of Hearth' },
  },
  {
    name: 'Linux: keys outside [Desktop Entry] are ignored',
    facts: {
      platform: 'linux',
      entry: `${autostartEntry(exec)}[Desktop Action x]\nHidden=true\n`,
      exec,
    },
    state: on,
  },
  {
    name: 'another OS: not supported',
    facts: { platform: 'other' },
    state: { supported: false, enabled: false, note: null },
  },
];

describe('loginState', () => {
  it.each(table)('$name', ({ facts, state }) => {
    expect(loginState(facts)).toEqual(state);
  });
});

describe('autostartEntry', () => {
  it('quotes an Exec path with spaces and escapes what the spec reserves', () => {
    const text = autostartEntry('/home/ann/My Apps/He"arth$.AppImage');
    expect(text).toContain('Exec="/home/ann/My Apps/He\\"arth\\$.AppImage"\n');
    expect(
      loginState({
        platform: 'linux',
        entry: text,
        exec: '/home/ann/My Apps/He"arth$.AppImage',
      }),
    ).toEqual(on);
  });
});
