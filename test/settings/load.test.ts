import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  cliOptions,
  loadSettings,
  saveFlagSettings,
  SettingsError,
} from '../../server/settings/load.js';
import { readSavedSettings, saveSettings } from '../../server/settings/file.js';
import { cliHelp } from '../../server/settings/help.js';
import { settingsHelp, settingsSchema } from '../../server/settings/schema.js';
import { cliPath, repoRoot } from '../helpers/paths.js';

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

/** Runs the built CLI to its end (for arguments that stop it before serving). */
function runCli(args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
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
    [['--limit-time-real=0'], ['--limit-time-real']],
    [['--port=70000'], ['--port']],
    [['--limit-memory-soft=600', '--limit-memory-hard=500'], ['--limit-memory-hard']],
    [['--no-scan', '--scan-threads', '0'], ['--scan-threads']],
    [['--bogus'], ['--bogus']],
    [
      ['--workers=x', '--port=-1', '--nope'],
      ['--workers', '--port', '--nope'],
    ],
    // The rule across fields is reported with the others, not on the next run.
    [
      ['--port', 'abc', '--workers', '-1'],
      ['--port', '--workers'],
    ],
    [
      [
        ...['--port', 'abc', '--workers', '-1'],
        ...['--limit-memory-soft', '2000', '--limit-memory-hard', '100'],
      ],
      ['--port', '--workers', '--limit-memory-hard'],
    ],
    [['--lastfm-base-url', 'javascript:alert(1)'], ['--lastfm-base-url']],
    [['--listenbrainz-base-url', 'file:///etc/passwd'], ['--listenbrainz-base-url']],
    [['--lastfm-auth-url', 'ftp://last.fm/'], ['--lastfm-auth-url']],
  ])('reports every problem in %j, named by its flag', (flags, expected) => {
    const problems = problemsOf(['--data', tempDataDir(), ...flags]);
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      [...expected].sort(),
    );
  });

  it('takes base URLs that are http or https', () => {
    const argv = ['--data', tempDataDir()];
    const { settings } = loadSettings(
      [...argv, '--listenbrainz-base-url', 'http://lb.home.arpa:8100/'],
      {},
    );
    expect(settings.listenbrainzBaseUrl).toBe('http://lb.home.arpa:8100/');
    expect(problemsOf([...argv, '--lastfm-base-url', 'javascript:alert(1)'])).toEqual([
      '--lastfm-base-url: expected an http or https URL',
    ]);
  });

  it('keeps each music folder once, however it is spelled', () => {
    const music = tempDataDir();
    const data = tempDataDir({ musicFolders: [music, `${music}/`, `${music}//`] });
    expect(loadSettings(['--data', data], {}).settings.musicFolders).toEqual([music]);
    const { settings } = loadSettings(
      ['--data', data, '--music', `${music}/`, '--music', music],
      {},
    );
    expect(settings.musicFolders).toEqual([music]);
  });

  it('refuses an empty list of music folders, and takes one that is missing', () => {
    const data = tempDataDir({ musicFolders: [] });
    const file = path.join(data, 'settings.json');
    expect(problemsOf(['--data', data])).toEqual([
      `${file}: musicFolders: expected at least one music folder`,
    ]);
    // At start a missing folder is a warning only: a USB disk may be unplugged.
    const unplugged = path.join(data, 'unplugged');
    expect(problemsOf(['--data', data, '--music', unplugged])).toEqual([]);
  });

  it('refuses a music folder inside another: its files would be scanned twice', () => {
    const music = tempDataDir();
    const problems = problemsOf(['--music', music, '--music', `${music}/Jazz/`]);
    expect(problems).toEqual([
      `--music: ${music}/Jazz is inside ${music}, which is a music folder already`,
    ]);
  });

  it('names a bad value from settings.json by its key and the file', () => {
    const data = tempDataDir({ workers: -1, limitTimeCpu: 0, port: 'x' });
    const file = path.join(data, 'settings.json');
    // --port overrides the file's bad port; the other two stay bad.
    const problems = problemsOf(['--data', data, '--port=5000', '--limit-request=0']);
    expect(problems.sort()).toEqual([
      expect.stringMatching(/^--limit-request: Too small/),
      expect.stringMatching(new RegExp(`^${file}: limitTimeCpu: Too small`)),
      expect.stringMatching(new RegExp(`^${file}: workers: Too small`)),
    ]);
  });

  it('names the flag each setting of this start came from', () => {
    const music = tempDataDir();
    const loaded = loadSettings(
      ['--data', tempDataDir(), '--music', music, '--port', '5733', '--no-scan'],
      {},
    );
    expect(loaded.fromFlags).toEqual({
      musicFolders: '--music',
      port: '--port',
      scanOnStart: '--no-scan',
    });
    expect(loaded.save).toBe(false);
  });

  it('warns when a flag overrides a different value of settings.json', () => {
    const [one, two] = [tempDataDir(), tempDataDir()];
    const data = tempDataDir({ musicFolders: [one, two], port: 5738, workers: 3 });
    const argv = ['--data', data, '--music', one, '--port', '5733', '--workers', '3'];
    const warnings = (extra: string[] = []) => {
      const lines: string[] = [];
      const log = pino({}, { write: (line: string) => lines.push(line) });
      loadSettings([...argv, ...extra], {}, log);
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const file = path.join(data, 'settings.json');
    const message = 'a flag overrides settings.json for this run';
    // --workers 3 is what the file says: no warning for it.
    expect(warnings()).toEqual([
      expect.objectContaining({ level: 40, msg: message, flag: '--port', key: 'port' }),
      expect.objectContaining({ level: 40, msg: message, flag: '--music', file }),
    ]);
    // With --save the file is about to say the same: nothing to warn about.
    expect(warnings(['--save'])).toEqual([]);
  });

  it('warns when the music folders come from --music alone, unless --save keeps them', () => {
    const music = tempDataDir();
    const warnings = (extra: string[]) => {
      const lines: string[] = [];
      const log = pino({}, { write: (line: string) => lines.push(line) });
      loadSettings(['--data', tempDataDir(), '--music', music, ...extra], {}, log);
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    expect(warnings([])).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'music folders given as a flag only: a start without it scans the default (--save keeps them)',
        flag: '--music',
      }),
    ]);
    expect(warnings(['--save'])).toEqual([]);
  });

  it('--save writes the settings given as flags into settings.json, 0600', () => {
    const music = tempDataDir();
    const data = tempDataDir({ scanThreads: 2, port: 5738 });
    const lines: string[] = [];
    const log = pino({}, { write: (line: string) => lines.push(line) });
    const argv = ['--data', data, '--music', `${music}/`, '--port', '5733', '--save'];
    const loaded = loadSettings(argv, {}, log);
    expect(loaded.save).toBe(true);
    saveFlagSettings(loaded, log);

    // Only what the flags set, as the schema reads it; the rest is kept.
    const file = path.join(data, 'settings.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      scanThreads: 2,
      port: 5733,
      musicFolders: [music],
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'settings given as flags saved',
        keys: ['port', 'musicFolders'],
      }),
    ]);

    // A start without flags now gets the same settings.
    const again = loadSettings(['--data', data], {});
    expect(again.settings).toMatchObject({ port: 5733, musicFolders: [music] });
    expect(again.fromFlags).toEqual({});
  });

  it('warns about keys of settings.json that are not settings', () => {
    const data = tempDataDir({ wrokers: 3, port: 5000, musicFolder: '/srv' });
    const lines: string[] = [];
    const log = pino({}, { write: (line: string) => lines.push(line) });
    const { settings } = loadSettings(['--data', data], {}, log);
    expect(settings.port).toBe(5000);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'settings file has keys that are not settings: ignored',
        file: path.join(data, 'settings.json'),
        keys: ['wrokers', 'musicFolder'],
      }),
    ]);
  });

  it('has a flag for every setting, numbers, strings and booleans alike', () => {
    const argv = [
      ...['--data', tempDataDir(), '--transcode-max=5', '--transcode-profile=opus_128'],
      ...[
        '--lan-advertise=false',
        '--no-watch-music-folders',
        '--estimate-content-length',
      ],
      ...['--artwork-cache-mb', '64', '--ffmpeg', '/opt/ffmpeg'],
    ];
    const { settings } = loadSettings(argv, {});
    expect(settings).toMatchObject({
      transcodeMax: 5,
      transcodeProfile: 'opus_128',
      lanAdvertise: false,
      watchMusicFolders: false,
      estimateContentLength: true,
      artworkCacheMb: 64,
      ffmpegPath: '/opt/ffmpeg',
    });
    // Every setting but the folders (--music) answers to its dashed name.
    for (const name of Object.keys(settingsSchema.shape)) {
      if (name === 'musicFolders' || name === 'testRoutes') continue;
      const flag = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const problems = problemsOf([`--${flag}=x`]);
      expect(problems.join(' '), flag).not.toMatch(/unknown option/);
    }
    expect(problemsOf(['--test-routes'])).toEqual(['--test-routes: unknown option']);
    expect(problemsOf(['--lan-advertise=maybe'])).toEqual([
      '--lan-advertise: expected true or false, got "maybe"',
    ]);
  });

  it.each([
    ['0.0.0.0', true],
    ['127.0.0.1', true],
    ['::', true],
    ['::1', true],
    ['fe80::1%eth0', true],
    ['localhost', true],
    ['nas.local', true],
    ['my-host.example.org.', true],
    ['999.1.1.1', false],
    ['1.2.3', false],
    ['-bad.example', false],
    ['under_score', false],
    ['two words', false],
    ['[::1]', false],
    ['', false],
  ])('takes --host %j: %s', (host, valid) => {
    const problems = problemsOf(['--data', tempDataDir(), '--host', host]);
    if (valid) expect(problems).toEqual([]);
    else expect(problems).toEqual([expect.stringMatching(/^--host: .*IPv4 or IPv6/)]);
  });

  it('refuses a flag that takes a value but has none, every such flag', () => {
    const valueFlags = Object.entries(cliOptions)
      .filter(([, option]) => option.type === 'string')
      .map(([flag]) => `--${flag}`);
    expect(valueFlags).toEqual(expect.arrayContaining(['--data', '--music', '--port']));
    const data = ['--data', tempDataDir()];
    for (const flag of valueFlags) {
      const expected = [expect.stringMatching(new RegExp(`^${flag}: expected a`))];
      // Last on the line, or followed by another flag (not taken as its value).
      expect(problemsOf([...data, flag]), flag).toEqual(expected);
      expect(problemsOf([...data, flag, '--no-scan']), flag).toEqual(expected);
    }
    expect(problemsOf(['--data'])).toEqual(['--data: expected a folder']);
    expect(problemsOf(['--data='])).toEqual(['--data: expected a folder']);
    expect(problemsOf([...data, '--music='])).toEqual(['--music: expected a folder']);
    expect(problemsOf([...data, '--port'])).toEqual(['--port: expected a number']);
  });

  it('names an unknown flag as it was typed, and the long flag a short one meant', () => {
    const data = ['--data', tempDataDir()];
    expect(problemsOf([...data, '-p', '5734'])).toEqual([
      '-p: unknown option (did you mean --port?)',
    ]);
    expect(problemsOf([...data, '-x', '-x'])).toEqual(['-x: unknown option']);
    expect(problemsOf([...data, '--p=5734'])).toEqual(['--p: unknown option']);
    expect(problemsOf([...data, '--port', '5734', 'stray'])).toEqual([
      'stray: unexpected argument',
    ]);
  });

  it('reports a broken settings file together with bad flags', () => {
    const data = tempDataDir();
    fs.writeFileSync(path.join(data, 'settings.json'), '{ not json');
    const problems = problemsOf(['--data', data, '--workers=x']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('not valid JSON');
  });

  it('reads a settings file that starts with a byte order mark (Windows Notepad)', () => {
    const data = tempDataDir();
    fs.writeFileSync(path.join(data, 'settings.json'), '\uFEFF{ "port": 5000 }\n');
    expect(loadSettings(['--data', data], {}).settings.port).toBe(5000);
    // The settings window reads it the same, and keeps it when it saves.
    expect(readSavedSettings(data)).toEqual({ port: 5000 });
    saveSettings(data, { workers: 2 });
    expect(loadSettings(['--data', data], {}).settings).toMatchObject({
      port: 5000,
      workers: 2,
    });
  });

  it('rejects a settings file with a wrong type', () => {
    const data = tempDataDir({ limitRequest: 'many' });
    const problems = problemsOf(['--data', data]);
    const file = path.join(data, 'settings.json');
    expect(problems).toEqual([expect.stringContaining(`${file}: limitRequest: `)]);
  });
});

describe('the command line', () => {
  it('--help names each flag as typed, with its settings.json key and default', () => {
    const help = cliHelp();
    for (const line of help.split('\n'))
      expect(line.length, line).toBeLessThanOrEqual(80);
    const entries = [
      '--music DIR',
      '--data DIR',
      '--no-scan',
      '--save, -s',
      '--help, -h',
      '--version',
      '--host ADDR',
      '--port N',
      '--workers N',
      '--limit-time-cpu N',
      '--ffmpeg-path FILE, --ffmpeg FILE',
      '--lan-advertise, --no-lan-advertise',
      '--subsonic-plain-password, --no-subsonic-plain-password',
    ];
    for (const flags of entries) expect(help).toContain(`\n  ${flags}\n`);
    expect(help).toContain('Also HEARTH_DATA.');
    expect(help).toContain('Default: ~/Music (settings.json: musicFolders)');
    expect(help).toContain('Default: 4533 (settings.json: port)');
    expect(help).toContain('Default: hardware threads (settings.json: workers)');
    expect(help).toContain('Default: false (settings.json: subsonicPlainPassword)');
    // Every setting with a flag is there with its default; testRoutes is not.
    for (const name of Object.keys(settingsSchema.shape)) {
      if (name === 'testRoutes') expect(help).not.toContain(name);
      else expect(help).toMatch(new RegExp(`Default: .+ \\(settings.json: ${name}\\)`));
    }
  });

  it('prints the help and the version, and exits 0', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('\n  --music DIR\n');
    const version = runCli(['--version']);
    const pkg = JSON.parse(fs.readFileSync(`${repoRoot}/package.json`, 'utf8')) as {
      version: string;
    };
    expect(version).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
  });

  it('exits with status 2 and every problem on stderr', () => {
    const args = ['--data', tempDataDir(), '--host', '999.1.1.1', '--workers=x'];
    const { status, stderr } = runCli(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^hearth: invalid settings/);
    expect(stderr).toContain('--host: expected an IPv4 or IPv6 address');
    expect(stderr).toContain('--workers: expected a number');
  });

  it('says which long flag a short one meant', () => {
    const { status, stderr } = runCli(['--data', tempDataDir(), '-p', '5734']);
    expect(status).toBe(2);
    expect(stderr).toBe(
      'hearth: invalid settings:\n  -p: unknown option (did you mean --port?)\n',
    );
  });

  it('exits with status 2 when --data has no value', () => {
    const { status, stderr } = runCli(['--no-scan', '--data']);
    expect(status).toBe(2);
    expect(stderr).toContain('--data: expected a folder');
  });
});
