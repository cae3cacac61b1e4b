import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../server/settings/load.js';
import { settingsHelp } from '../../server/settings/schema.js';

function tempDataDir(settings?: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-settings-'));
  if (settings !== undefined) {
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings));
  }
  return dir;
}

function problemsOf(argv: string[]): string[] {
  try {
    loadSettings(argv, {});
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  return [];
}

describe('settings', () => {
  it('fills every default and documents every setting', () => {
    const { settings } = loadSettings(['--data', tempDataDir()], {});
    expect(settings.port).toBe(4533);
    expect(settings.host).toBe('0.0.0.0');
    expect(settings.limitTimeCpu).toBe(60);
    expect(settings.limitTimeReal).toBe(120);
    expect(settings.workers).toBeGreaterThanOrEqual(1);
    for (const [name, help] of Object.entries(settingsHelp())) {
      expect(help, name).not.toBe('');
    }
  });

  it('reads Odoo-style flags over the settings file', () => {
    const data = tempDataDir({ workers: 3, port: 5000 });
    const { settings } = loadSettings(
      ['--data', data, '--workers=8', '--limit-time-cpu=90', '--music', '/srv/a'],
      {},
    );
    expect(settings.workers).toBe(8);
    expect(settings.port).toBe(5000);
    expect(settings.limitTimeCpu).toBe(90);
    expect(settings.musicFolders).toEqual(['/srv/a']);
  });

  it.each([
    [['--workers=abc'], ['--workers']],
    [['--limit-time-real=0'], ['limitTimeReal']],
    [['--port=70000'], ['port']],
    [['--limit-memory-soft=600', '--limit-memory-hard=500'], ['limitMemoryHard']],
    [['--bogus'], ['--bogus']],
    [
      ['--workers=x', '--port=-1', '--nope'],
      ['--workers', 'port', '--nope'],
    ],
  ])('reports every problem in %j', (flags, expected) => {
    const problems = problemsOf(['--data', tempDataDir(), ...flags]);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((name) => expect(problems.join('\n')).toContain(name));
  });

  it('reports a broken settings file together with bad flags', () => {
    const data = tempDataDir();
    fs.writeFileSync(path.join(data, 'settings.json'), '{ not json');
    const problems = problemsOf(['--data', data, '--workers=x']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('not valid JSON');
  });

  it('rejects a settings file with a wrong type', () => {
    const problems = problemsOf(['--data', tempDataDir({ limitRequest: 'many' })]);
    expect(problems).toEqual([expect.stringContaining('limitRequest')]);
  });
});
