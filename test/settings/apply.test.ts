// Applying settings to a running server, as a table: which settings change,
// and what each change takes (resize, watchdog, rolling restarts, a restart).
import { describe, expect, it } from 'vitest';
import { planSettingsChange, type SettingsPlan } from '../../server/settings/apply.js';
import { validateSettings } from '../../server/settings/load.js';
import type { SettingsInput } from '../../server/settings/schema.js';

const base = validateSettings({ workers: 2, musicFolders: ['/music'] });
const nothing: SettingsPlan = {
  changed: [],
  resize: null,
  watchdog: false,
  restartHttpWorkers: false,
  restartJobWorker: false,
  needsRestart: [],
};

const table: Array<{ name: string; change: SettingsInput; plan: Partial<SettingsPlan> }> =
  [
    { name: 'nothing changed', change: {}, plan: {} },
    {
      name: 'same folders in a new array are no change',
      change: { musicFolders: ['/music'] },
      plan: {},
    },
    {
      name: 'worker count: a resize only',
      change: { workers: 4 },
      plan: { changed: ['workers'], resize: 4 },
    },
    {
      name: 'memory limits: the watchdog only',
      change: { limitMemorySoft: 256, limitMemoryHard: 600 },
      plan: { changed: ['limitMemorySoft', 'limitMemoryHard'], watchdog: true },
    },
    {
      name: 'limitTimeReal: watchdog and HTTP workers',
      change: { limitTimeReal: 30 },
      plan: { changed: ['limitTimeReal'], watchdog: true, restartHttpWorkers: true },
    },
    {
      name: 'scan schedule: the job worker',
      change: { scanIntervalHours: 6 },
      plan: { changed: ['scanIntervalHours'], restartJobWorker: true },
    },
    {
      name: 'job limits: watchdog and job worker',
      change: { jobLimitTimeReal: 600 },
      plan: { changed: ['jobLimitTimeReal'], watchdog: true, restartJobWorker: true },
    },
    {
      name: 'music folders: both kinds of worker',
      change: { musicFolders: ['/music', '/more'] },
      plan: {
        changed: ['musicFolders'],
        restartHttpWorkers: true,
        restartJobWorker: true,
      },
    },
    {
      name: 'a transcoding cap: every worker (the default for settings not listed)',
      change: { transcodeMax: 2 },
      plan: {
        changed: ['transcodeMax'],
        restartHttpWorkers: true,
        restartJobWorker: true,
      },
    },
    {
      name: 'the mDNS switch: no process restarts',
      change: { lanAdvertise: false },
      plan: { changed: ['lanAdvertise'] },
    },
    {
      name: 'host and port: a restart',
      change: { host: '192.168.1.20', port: 4600 },
      plan: { changed: ['host', 'port'], needsRestart: ['host', 'port'] },
    },
    {
      name: 'to one process (workers = 0): a restart, not a resize',
      change: { workers: 0 },
      plan: { changed: ['workers'], needsRestart: ['workers'] },
    },
    {
      name: 'several at once',
      change: { workers: 3, limitRequest: 100, port: 5000 },
      plan: {
        changed: ['port', 'workers', 'limitRequest'],
        resize: 3,
        watchdog: true,
        needsRestart: ['port'],
      },
    },
  ];

describe('planSettingsChange', () => {
  it.each(table)('$name', ({ change, plan }) => {
    const next = validateSettings({ ...base, ...change });
    expect(planSettingsChange(base, next)).toEqual({ ...nothing, ...plan });
  });
});
