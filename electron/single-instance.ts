// One Hearth per user: a second launch hands over to the first (which opens
// its settings window) and quits, instead of fighting over the port and the
// database.
import { app } from 'electron';

/**
 * Claims the single-instance lock. Returns false, and quits, when another
 * copy already runs; otherwise calls `onSecondLaunch` whenever the user
 * starts Hearth again.
 */
export function claimSingleInstance(onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondLaunch());
  return true;
}
