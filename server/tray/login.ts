// Start at login, as a state the tray's checkbox can show truthfully. Each OS
// reports it differently: macOS 13+ has a service status that may wait for the
// user's approval, Windows has a run key the user may have switched off in
// Task Manager, and Linux has no Electron API at all, so Hearth writes an XDG
// autostart entry itself. These functions turn the raw facts into one answer
// and never touch the OS; electron/start-at-login.ts gathers the facts.

/** What Electron's getLoginItemSettings() says on macOS. */
export interface MacLoginFacts {
  platform: 'darwin';
  openAtLogin: boolean;
  /** macOS 13 and up; absent on older systems. */
  status?: 'not-registered' | 'enabled' | 'requires-approval' | 'not-found';
}

/** What Electron's getLoginItemSettings() says on Windows. */
export interface WindowsLoginFacts {
  platform: 'win32';
  openAtLogin: boolean;
  /** False when the run key exists but is disabled in Task Manager. */
  executableWillLaunchAtLogin: boolean;
}

/** The XDG autostart entry on Linux, as read from ~/.config/autostart. */
export interface LinuxLoginFacts {
  platform: 'linux';
  /** The entry's text, or null when there is none. */
  entry: string | null;
  /** The command this copy of Hearth would put in Exec=. */
  exec: string;
}

export interface OtherLoginFacts {
  platform: 'other';
}

export type LoginFacts =
  MacLoginFacts | WindowsLoginFacts | LinuxLoginFacts | OtherLoginFacts;

/** What the tray's "Start at login" item shows. */
export interface LoginState {
  /** Whether this OS lets Hearth change it. */
  supported: boolean;
  /** Whether Hearth will really start at the next login. */
  enabled: boolean;
  /** Why the real state differs from what the user asked for, if it does. */
  note: string | null;
}

const off = (note: string | null = null): LoginState => ({
  supported: true,
  enabled: false,
  note,
});

function macState(facts: MacLoginFacts): LoginState {
  switch (facts.status) {
    case 'enabled':
      return { supported: true, enabled: true, note: null };
    case 'requires-approval':
      return off('approve Hearth in System Settings › Login Items');
    case 'not-found':
      return { supported: false, enabled: false, note: 'move Hearth to Applications' };
    case 'not-registered':
      return off();
    default:
      return { supported: true, enabled: facts.openAtLogin, note: null };
  }
}

function windowsState(facts: WindowsLoginFacts): LoginState {
  if (!facts.openAtLogin) return off();
  if (!facts.executableWillLaunchAtLogin) {
    return off('switched off in Task Manager › Startup apps');
  }
  return { supported: true, enabled: true, note: null };
}

/** Reads `Key=value` lines of the [Desktop Entry] group. */
function desktopEntryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]';
    const eq = line.indexOf('=');
    if (inEntry && eq > 0) keys.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return keys;
}

function linuxState(facts: LinuxLoginFacts): LoginState {
  if (facts.entry === null) return off();

  // An entry the desktop hides, or one left by another copy of Hearth, does
  // not start this one.
  const keys = desktopEntryKeys(facts.entry);
  if (
    keys.get('Hidden') === 'true' ||
    keys.get('X-GNOME-Autostart-enabled') === 'false'
  ) {
    return off('switched off in the desktop’s startup applications');
  }
  if (keys.get('Exec') !== execLine(facts.exec)) {
    return off('the autostart entry starts another copy of Hearth');
  }
  return { supported: true, enabled: true, note: null };
}

/** One answer from the raw facts of any OS. */
export function loginState(facts: LoginFacts): LoginState {
  switch (facts.platform) {
    case 'darwin':
      return macState(facts);
    case 'win32':
      return windowsState(facts);
    case 'linux':
      return linuxState(facts);
    default:
      return { supported: false, enabled: false, note: null };
  }
}

/** Quotes a path for an Exec= line (XDG Desktop Entry spec, "Exec key"). */
function execLine(command: string): string {
  return /[\s"'\\$`]/.test(command)
    ? `"${command.replace(/(["`$\\])/g, '\\$1')}"`
    : command;
}

/** The XDG autostart entry that starts this copy of Hearth in the tray. */
export function autostartEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Hearth',
    'Comment=Home music server',
    `Exec=${execLine(exec)}`,
    'Icon=hearth',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
