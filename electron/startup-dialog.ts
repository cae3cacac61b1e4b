// Start-up errors are never silent: a dialog says what happened and what to
// do, and offers the settings window (or the logs) as the way out.
import { dialog } from 'electron';
import { logger } from '../server/log.js';
import {
  describeStartupError,
  type StartupContext,
  type StartupErrorReport,
  type StartupFailure,
} from '../server/tray/startup-error.js';

const log = logger('tray');

export interface StartupDialogActions {
  openSettings(): void;
  showLogs(): void;
}

/** Shows the dialog for a failed start and runs the button the user picks. */
export async function showStartupError(
  failure: StartupFailure,
  context: StartupContext,
  actions: StartupDialogActions,
): Promise<StartupErrorReport> {
  const report = describeStartupError(failure, context);
  log.error({ kind: report.kind, detail: report.detail }, 'server could not start');
  const buttons = ['Open settings', 'Show logs', 'Close'];
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Hearth',
    message: report.title,
    detail: `${report.message}\n\n${report.detail}`,
    buttons,
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  if (response === 0) actions.openSettings();
  if (response === 1) actions.showLogs();
  return report;
}
