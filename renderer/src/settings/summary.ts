// What the page says after Apply: the control API's account of the change,
// in words. Pure.
import type { SettingsChange } from './types.js';

/** One sentence per thing the change set in motion. */
export function describeChange(change: SettingsChange): string[] {
  const lines: string[] = [];
  const workers = change.workersChange;
  if (change.resize !== null && workers) {
    const started = workers.started.length
      ? `, starting ${workers.started.join(', ')}`
      : '';
    const draining = workers.draining.length
      ? `, draining ${workers.draining.join(', ')}`
      : '';
    const noun = workers.workers === 1 ? 'worker' : 'workers';
    lines.push(`Now ${workers.workers} HTTP ${noun}${started}${draining}.`);
  }
  if (change.restartHttpWorkers) {
    lines.push('HTTP workers are replaced one at a time; streams keep playing.');
  }
  if (change.restartJobWorker) lines.push('The job worker is replaced.');
  if (change.watchdog && !change.restartHttpWorkers) lines.push('Limits updated.');
  if (change.needsRestart.length) {
    lines.push(
      `Saved; takes effect at the next start: ${change.needsRestart.join(', ')}.`,
    );
  }
  return lines.length ? lines : ['Applied.'];
}
