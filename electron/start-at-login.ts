// Start at login. macOS and Windows go through Electron's login-item API;
// Linux has none, so Hearth writes an XDG autostart entry. The raw facts are
// turned into one truthful state by server/tray/login.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import {
  autostartEntry,
  loginState,
  type LoginFacts,
  type LoginState,
} from '../server/tray/login.js';

/** ~/.config/autostart/hearth.desktop, or under XDG_CONFIG_HOME. */
function autostartFile(): string {
  const config = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(config, 'autostart', 'hearth.desktop');
}

/** The command that starts this copy: the AppImage itself, or the binary. */
function linuxExec(): string {
  return process.env.APPIMAGE || process.execPath;
}

function readEntry(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Gathers what this OS says about starting Hearth at login. */
function loginFacts(): LoginFacts {
  switch (process.platform) {
    case 'darwin': {
      const settings = app.getLoginItemSettings();
      return {
        platform: 'darwin',
        openAtLogin: settings.openAtLogin,
        status: settings.status,
      };
    }
    case 'win32': {
      const settings = app.getLoginItemSettings();
      return {
        platform: 'win32',
        openAtLogin: settings.openAtLogin,
        executableWillLaunchAtLogin: settings.executableWillLaunchAtLogin,
      };
    }
    case 'linux':
      return { platform: 'linux', entry: readEntry(autostartFile()), exec: linuxExec() };
    default:
      return { platform: 'other' };
  }
}

/** Whether Hearth will start at the next login, as the tray shows it. */
export function readStartAtLogin(): LoginState {
  // A development build would register the bare Electron binary.
  if (!app.isPackaged) {
    return { supported: false, enabled: false, note: 'only in the installed app' };
  }
  return loginState(loginFacts());
}

/** Turns start at login on or off, then reads back the real state. */
export function setStartAtLogin(enabled: boolean): LoginState {
  const current = readStartAtLogin();
  if (!current.supported) return current;
  if (process.platform === 'linux') {
    const file = autostartFile();
    if (enabled) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, autostartEntry(linuxExec()));
    } else {
      fs.rmSync(file, { force: true });
    }
  } else {
    app.setLoginItemSettings({ openAtLogin: enabled });
  }
  return readStartAtLogin();
}
