// The tray icon and its menu. The menu's content comes from the pure builder
// in server/tray/menu.ts; this module only turns it into Electron objects,
// picks each OS's icon file and binds the actions.
import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { LoginState } from '../server/tray/login.js';
import {
  buildTrayMenu,
  type TrayAction,
  type TrayIcon,
  type TrayMenuItem,
  type TrayServerState,
} from '../server/tray/menu.js';

export type TrayHandlers = Record<TrayAction, () => void>;

export interface TrayOptions {
  iconDir: string;
  handlers: TrayHandlers;
  /** Read on every refresh, so the menu always shows the present. */
  state(): { server: TrayServerState; login: LoginState };
}

export interface HearthTray {
  /** Rebuilds the menu and icon from the current state. */
  refresh(): void;
  destroy(): void;
}

/** A template image on macOS, an ICO on Windows, a PNG (with @2x) on Linux. */
function iconFile(iconDir: string, icon: TrayIcon): string {
  if (process.platform === 'darwin') return path.join(iconDir, `${icon}Template.png`);
  if (process.platform === 'win32') return path.join(iconDir, `${icon}.ico`);
  return path.join(iconDir, `${icon}.png`);
}

function toElectron(
  item: TrayMenuItem,
  handlers: TrayHandlers,
): MenuItemConstructorOptions {
  if (item.type === 'separator') return { type: 'separator' };
  const click = item.action ? handlers[item.action] : undefined;
  return {
    type: item.type,
    label: item.label,
    enabled: item.enabled,
    ...(item.type === 'checkbox' ? { checked: item.checked } : {}),
    ...(click ? { click: () => click() } : {}),
  };
}

/** Creates the tray icon; refreshes itself every few seconds for the uptime. */
export function createTray(options: TrayOptions): HearthTray {
  const images = new Map<TrayIcon, Electron.NativeImage>();
  const image = (icon: TrayIcon) => {
    let found = images.get(icon);
    if (!found) {
      found = nativeImage.createFromPath(iconFile(options.iconDir, icon));
      if (process.platform === 'darwin') found.setTemplateImage(true);
      images.set(icon, found);
    }
    return found;
  };

  // The menu is rebuilt only when what it shows has changed, so an open menu
  // is not replaced under the pointer every time the metrics tick.
  const { server, login } = options.state();
  const tray = new Tray(image(buildTrayMenu(server, login, Date.now()).icon));
  let shown = '';
  const refresh = () => {
    const now = options.state();
    const menu = buildTrayMenu(now.server, now.login, Date.now());
    const text = JSON.stringify(menu);
    if (text === shown) return;
    shown = text;
    tray.setImage(image(menu.icon));
    tray.setToolTip(menu.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate(
        menu.items.map((item) => toElectron(item, options.handlers)),
      ),
    );
  };
  refresh();
  const timer = setInterval(refresh, 15_000);
  return {
    refresh,
    destroy() {
      clearInterval(timer);
      tray.destroy();
    },
  };
}
