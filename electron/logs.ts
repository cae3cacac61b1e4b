// The tray app's log: every Hearth process appends pino lines to one file in
// Electron's logs folder (server/log.ts reads HEARTH_LOG_FILE), and "Show
// logs" reveals it.
import fs from 'node:fs';
import path from 'node:path';
import { shell } from 'electron';

/**
 * Points this process and every worker it starts at `logFile`. Call before
 * anything logs: the root logger reads the variable once.
 */
export function routeLogsTo(logFile: string): void {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  process.env.HEARTH_LOG_FILE = logFile;
}

/** Shows the log file in the OS file manager, or its folder if it is missing. */
export async function showLogs(logFile: string): Promise<void> {
  if (fs.existsSync(logFile)) shell.showItemInFolder(logFile);
  else await shell.openPath(path.dirname(logFile));
}
