// The settings page's pure parts as tables: what typed text becomes (or the
// message it gets), what counts as a change, what Apply reports, and the
// five-minute history. The fields are the server's own (settingFields), so
// the page's checks follow the schema's bounds.
import { describe, expect, it } from 'vitest';
import { checkForm, draftOf, parseField } from '../../renderer/src/settings/form.js';
import { appendSample, historyWindowMs } from '../../renderer/src/settings/history.js';
import { describeChange } from '../../renderer/src/settings/summary.js';
import type {
  MetricsSnapshot,
  SettingField,
  SettingsChange,
  SettingValues,
} from '../../renderer/src/settings/types.js';
import { settingFields } from '../../server/settings/admin.js';
import { validateSettings } from '../../server/settings/load.js';

const fields = settingFields() as SettingField[];
const field = (name: string) => fields.find((f) => f.name === name)!;
const original = validateSettings({ workers: 2 }) as unknown as SettingValues;

describe('parseField', () => {
  const table: Array<[string, string | boolean | string[], unknown]> = [
    ['limitTimeCpu', '60', { value: 60 }],
    ['limitTimeCpu', ' 30 ', { value: 30 }],
    ['limitTimeCpu', '0', { error: 'must be at least 1' }],
    ['limitTimeCpu', '86401', { error: 'must be at most 86400' }],
    ['limitTimeCpu', '1.5', { error: 'must be a whole number' }],
    ['limitTimeReal', '', { error: 'must be a whole number' }],
    ['limitTimeReal', '2 minutes', { error: 'must be a whole number' }],
    ['limitMemorySoft', '31', { error: 'must be at least 32' }],
    ['limitRequest', '100000001', { error: 'must be at most 100000000' }],
    ['scanIntervalHours', '0.5', { value: 0.5 }],
    ['scanIntervalHours', 'x', { error: 'must be a number' }],
    ['workers', '257', { error: 'must be at most 256' }],
    ['port', '-1', { error: 'must be at least 0' }],
    ['host', '  ', { error: 'must not be empty' }],
    ['host', ' 0.0.0.0 ', { value: '0.0.0.0' }],
    ['transcodeProfile', 'opus_128', { value: 'opus_128' }],
    ['transcodeProfile', 'flac', { error: 'not a choice' }],
    ['musicFolders', ['/music', ' /more '], { value: ['/music', '/more'] }],
    ['musicFolders', ['/music', ''], { error: 'a folder path is empty' }],
    ['scanOnStart', false, { value: false }],
  ];
  it.each(table)('%s: %j', (name, raw, expected) => {
    expect(parseField(field(name), raw)).toEqual(expected);
  });
});

describe('checkForm', () => {
  it('an untouched form has no errors and no changes', () => {
    const checked = checkForm(fields, original, draftOf(fields, original));
    expect(checked).toMatchObject({ errors: {}, changes: {} });
  });

  it('lists only the fields whose value changed', () => {
    const draft = { ...draftOf(fields, original), workers: '3', limitTimeCpu: '60' };
    expect(checkForm(fields, original, draft).changes).toEqual({ workers: 3 });
  });

  it('checks hard above soft across fields, and leaves bad fields out of the changes', () => {
    const draft = {
      ...draftOf(fields, original),
      limitMemorySoft: '900',
      limitMemoryHard: '800',
      limitTimeCpu: '0',
    };
    const checked = checkForm(fields, original, draft);
    expect(checked.errors).toEqual({
      limitMemoryHard: 'must be greater than limitMemorySoft',
      limitTimeCpu: 'must be at least 1',
    });
    expect(checked.changes).toEqual({ limitMemorySoft: 900 });
  });
});

describe('describeChange', () => {
  const none: SettingsChange = {
    changed: [],
    resize: null,
    watchdog: false,
    restartHttpWorkers: false,
    restartJobWorker: false,
    needsRestart: [],
    workersChange: null,
  };
  const table: Array<[string, Partial<SettingsChange>, string[]]> = [
    [
      'a resize up',
      { resize: 3, workersChange: { workers: 3, started: ['http-3'], draining: [] } },
      ['Now 3 HTTP workers, starting http-3.'],
    ],
    [
      'a resize down to one',
      {
        resize: 1,
        workersChange: { workers: 1, started: [], draining: ['http-2', 'http-3'] },
      },
      ['Now 1 HTTP worker, draining http-2, http-3.'],
    ],
    ['memory limits', { watchdog: true }, ['Limits updated.']],
    [
      'a time limit',
      { watchdog: true, restartHttpWorkers: true },
      ['HTTP workers are replaced one at a time; streams keep playing.'],
    ],
    ['the scan schedule', { restartJobWorker: true }, ['The job worker is replaced.']],
    [
      'a port',
      { needsRestart: ['port'] },
      ['Saved; takes effect at the next start: port.'],
    ],
    ['nothing to do', {}, ['Applied.']],
  ];
  it.each(table)('%s', (_name, change, lines) => {
    expect(describeChange({ ...none, ...change })).toEqual(lines);
  });
});

describe('appendSample', () => {
  const sample = (at: number, connections: number): MetricsSnapshot => ({
    at,
    mode: 'supervised',
    workers: 2,
    processes: [],
    totals: {
      rssBytes: 1,
      cpuPercent: 2,
      openConnections: connections,
      activeRequests: 0,
      activeTranscodes: 0,
      activeStreams: 0,
    },
  });

  it('keeps five minutes of points, oldest first', () => {
    let history = appendSample([], sample(0, 1));
    for (let at = 1000; at <= historyWindowMs + 2000; at += 1000) {
      history = appendSample(history, sample(at, at / 1000));
    }
    expect(history[0]!.at).toBe(3000);
    expect(history.at(-1)).toMatchObject({
      at: historyWindowMs + 2000,
      connections: 302,
    });
    expect(history).toHaveLength(300);
  });

  it('drops points from a later time after the clock goes back', () => {
    const history = appendSample(
      [sample(5000, 1), sample(6000, 2)].reduce(
        (h, s) => appendSample(h, s),
        [] as ReturnType<typeof appendSample>,
      ),
      sample(5500, 3),
    );
    expect(history.map((p) => p.at)).toEqual([5000, 5500]);
  });
});
