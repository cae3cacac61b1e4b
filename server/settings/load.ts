// Turns the command line, the settings file in the data folder and the
// schema's defaults into one validated Settings object. Later sources win:
// defaults, then the file, then the flags. Every problem is collected and
// reported together, so a user fixes a bad configuration in one pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { settingsSchema, type Settings } from './schema.js';

/** Thrown when settings do not validate; `problems` names every bad field. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n  ${problems.join('\n  ')}`);
    this.name = 'SettingsError';
  }
}

export interface LoadedSettings {
  settings: Settings;
  dataDir: string;
  settingsFile: string;
}

/** The per-user data folder, following each OS's convention. */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') {
    return path.join(
      process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'),
      'Hearth',
    );
  }
  if (process.platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', 'Hearth');
  }
  const xdg = process.env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  return path.join(xdg, 'hearth');
}

// Flag name -> setting name and how to read its text. Odoo's spelling is kept
// (--limit-time-cpu) so KooZic users' habits carry over.
const numberFlags = {
  port: 'port',
  workers: 'workers',
  'limit-time-cpu': 'limitTimeCpu',
  'limit-time-real': 'limitTimeReal',
  'job-limit-time-cpu': 'jobLimitTimeCpu',
  'job-limit-time-real': 'jobLimitTimeReal',
  'limit-memory-soft': 'limitMemorySoft',
  'limit-memory-hard': 'limitMemoryHard',
  'limit-request': 'limitRequest',
  'scan-interval-hours': 'scanIntervalHours',
  'scan-threads': 'scanThreads',
} as const;

const stringFlags = { host: 'host', ffmpeg: 'ffmpegPath' } as const;

export const cliOptions = {
  music: { type: 'string', multiple: true },
  data: { type: 'string' },
  'no-scan': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(
    [...Object.keys(numberFlags), ...Object.keys(stringFlags)].map((flag) => [
      flag,
      { type: 'string' },
    ]),
  ),
} as const;

type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** Maps parsed flags onto setting names; numbers that do not parse are problems. */
function flagsToInput(values: FlagValues, problems: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [flag, name] of Object.entries(numberFlags)) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      problems.push(`--${flag}: expected a number, got "${text}"`);
    } else {
      input[name] = value;
    }
  }
  for (const [flag, name] of Object.entries(stringFlags)) {
    if (typeof values[flag] === 'string') input[name] = values[flag];
  }
  if (Array.isArray(values.music)) {
    input.musicFolders = values.music.map((dir) => path.resolve(dir));
  }
  if (values['no-scan'] === true) input.scanOnStart = false;
  return input;
}

/** Reads settings.json from the data folder; a missing file is an empty one. */
function readSettingsFile(file: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    problems.push(`${file}: cannot be read (${(err as Error).message})`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    problems.push(`${file}: expected a JSON object`);
  } catch (err) {
    problems.push(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return {};
}

/** Validates merged input against the schema, naming each bad field. */
export function validateSettings(input: Record<string, unknown>): Settings {
  const result = settingsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new SettingsError(
    result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    ),
  );
}

/**
 * Loads settings from argv (without the node and script entries).
 * Throws SettingsError listing every problem found.
 */
export function loadSettings(argv: string[], env = process.env): LoadedSettings {
  const problems: string[] = [];

  // 1. Parse the flags; unknown flags are problems too.
  let values: FlagValues = {};
  try {
    const parsed = parseArgs({ args: argv, options: cliOptions, strict: false });
    values = parsed.values as FlagValues;
    for (const name of Object.keys(values)) {
      if (!(name in cliOptions)) problems.push(`--${name}: unknown option`);
    }
    for (const extra of parsed.positionals)
      problems.push(`${extra}: unexpected argument`);
  } catch (err) {
    problems.push((err as Error).message);
  }

  // 2. Find the data folder, then read its settings file.
  const dataDir = path.resolve(
    (typeof values.data === 'string' && values.data) ||
      env.HEARTH_DATA ||
      defaultDataDir(),
  );
  const settingsFile = path.join(dataDir, 'settings.json');
  const fromFile = readSettingsFile(settingsFile, problems);

  // 3. Merge and validate; schema problems join the ones found so far.
  const fromFlags = flagsToInput(values, problems);
  try {
    const settings = validateSettings({ ...fromFile, ...fromFlags });
    if (problems.length > 0) throw new SettingsError(problems);
    return { settings, dataDir, settingsFile };
  } catch (err) {
    if (err instanceof SettingsError && err.problems !== problems) {
      throw new SettingsError([...problems, ...err.problems]);
    }
    throw err;
  }
}
