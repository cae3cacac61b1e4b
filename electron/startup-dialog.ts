// Start-up errors are never silent: a dialog says what happened and what to
// do, and offers the settings window (or the logs) as the way out.
import { dialog } from 'electron';
import type { StartupErrorReport } from '../server/tray/startup-error.js';

export interface StartupDialogActions {
  openSettings(): void;
  showLogs(): void;
}

/** Shows the dialog for a failed start and runs the button the user picks. */
export async function showStartupError(
  report: StartupErrorReport,
  actions: StartupDialogActions,
): Promise<void> {
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Hearth',
    message: report.title,
    detail: `${report.message}\n\n${report.detail}`,
    buttons: ['Open settings', 'Show logs', 'Close'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  if (response === 0) actions.openSettings();
  if (response === 1) actions.showLogs();
}
