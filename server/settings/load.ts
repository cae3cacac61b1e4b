// Turns the command line, the settings file in the data folder and the
// schema's defaults into one validated Settings object. Later sources win:
// defaults, then the file, then the flags. Every problem is collected and
// reported together, so a user fixes a bad configuration in one pass.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { logger, type Logger } from '../log.js';
import { readSettingsFile, saveSettings, settingsFileOf } from './file.js';
import {
  settingsSchema,
  type SettingFlags,
  type SettingName,
  type Settings,
} from './schema.js';

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
  /** The settings given as flags; they win over settings.json for this run. */
  fromFlags: SettingFlags;
  /** --save: write the settings given as flags into settings.json first. */
  save: boolean;
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

// Every setting has a flag: its name in dashes (limitTimeCpu is
// --limit-time-cpu, Odoo's spelling, so KooZic users' habits carry over).
// Music folders are --music DIR (repeatable) and ffmpegPath also --ffmpeg.
// A boolean takes --flag, --no-flag or --flag=true|false.

type FlagKind = 'number' | 'boolean' | 'string';

/** The kind of text a setting's flag carries, from its zod schema. */
function kindOf(schema: z.ZodType): FlagKind {
  let def = schema._zod.def as { type: string; innerType?: z.ZodType };
  while (def.innerType) def = def.innerType._zod.def as typeof def;
  if (def.type === 'number') return 'number';
  if (def.type === 'boolean') return 'boolean';
  return 'string';
}

export const kebab = (name: string) =>
  name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Flag name -> setting name and kind, for every setting but the folders. */
export const settingFlags: Record<string, { name: string; kind: FlagKind }> = {
  ffmpeg: { name: 'ffmpegPath', kind: 'string' },
  ...Object.fromEntries(
    Object.entries(settingsSchema.shape)
      // testRoutes stays out of reach of a command line: tests set it in code.
      .filter(([name]) => name !== 'musicFolders' && name !== 'testRoutes')
      .map(([name, schema]) => [
        kebab(name),
        { name, kind: kindOf(schema as z.ZodType) },
      ]),
  ),
};

const booleanText: Record<string, boolean> = {
  true: true,
  '1': true,
  false: false,
  '0': false,
};

export const cliOptions = {
  music: { type: 'string', multiple: true },
  data: { type: 'string' },
  save: { type: 'boolean', short: 's' },
  'no-scan': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  ...Object.fromEntries(
    Object.entries(settingFlags).flatMap(([flag, { kind }]) =>
      kind === 'boolean'
        ? [
            [flag, { type: 'boolean' }],
            [`no-${flag}`, { type: 'boolean' }],
          ]
        : [[flag, { type: 'string' }]],
    ),
  ),
} as const;

type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** What a flag's value is, for the message when it has none. */
const expectedValue: Record<string, string> = {
  music: 'a folder',
  data: 'a folder',
  host: 'an address',
  ffmpeg: 'a file',
  'ffmpeg-path': 'a file',
};

function expectedOf(flag: string): string {
  if (expectedValue[flag]) return expectedValue[flag];
  if (settingFlags[flag]?.kind === 'number') return 'a number';
  return flag.endsWith('-url') ? 'a URL' : 'a value';
}

const takesValue = (flag: string) =>
  (cliOptions as Record<string, { type: string }>)[flag]?.type === 'string';

/** The long flags starting with `letter`, for a short one Hearth does not have. */
function longFlagsFor(letter: string): string[] {
  return Object.keys(cliOptions).filter(
    (flag) => flag.startsWith(letter) && !flag.startsWith('no-'),
  );
}

/** The message for a flag Hearth does not have, as it was typed. */
function unknownOption(rawName: string): string {
  const problem = `${rawName}: unknown option`;
  if (rawName.startsWith('--')) return problem;
  // -p 5734: flags are long, as in Odoo's; name the one that was probably meant.
  const likely = longFlagsFor(rawName.slice(1));
  return likely.length === 1 ? `${problem} (did you mean --${likely[0]}?)` : problem;
}

type ArgToken = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * Unknown flags and arguments that belong to no flag. A value right after an
 * unknown flag (-p 5734) is that flag's, and not named again.
 */
function strayArguments(tokens: ArgToken[]): string[] {
  const problems = new Set<string>();
  let afterUnknown = false;
  for (const token of tokens) {
    if (token.kind === 'option' && !(token.name in cliOptions)) {
      problems.add(unknownOption(token.rawName));
      afterUnknown = token.value === undefined;
      continue;
    }
    if (token.kind === 'positional' && !afterUnknown) {
      problems.add(`${token.value}: unexpected argument`);
    }
    afterUnknown = false;
  }
  return [...problems];
}

/**
 * Drops each flag that takes a value but has none: the last argument, or
 * followed by another flag. parseArgs (lenient, to list unknown flags) would
 * make it `true` or take the next flag as its value.
 */
function withoutMissingValues(argv: string[], problems: string[]): string[] {
  const kept: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return [...kept, ...argv.slice(i)];
    const flag = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : '';
    const next = argv[i + 1];
    if (takesValue(flag) && (next === undefined || next.startsWith('--'))) {
      problems.push(`--${flag}: expected ${expectedOf(flag)}`);
      continue;
    }
    kept.push(arg);
  }
  return kept;
}

/** Folders given empty (--data=, --music=) are problems, not the default. */
function emptyFolders(values: FlagValues, problems: string[]): void {
  for (const flag of ['data', 'music']) {
    const given = [values[flag]].flat();
    if (given.some((value) => value === '')) {
      problems.push(`--${flag}: expected ${expectedOf(flag)}`);
    }
  }
}

/** Reads one flag's text as its setting's kind, or records the problem. */
function flagValue(flag: string, kind: FlagKind, text: string, problems: string[]) {
  if (kind === 'string') return text;
  if (kind === 'boolean') {
    // A bare --flag arrives as true (empty here); --flag=false as its text.
    const value = text === '' ? true : booleanText[text.toLowerCase()];
    if (value === undefined)
      problems.push(`--${flag}: expected true or false, got "${text}"`);
    return value;
  }
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    problems.push(`--${flag}: expected a number, got "${text}"`);
    return undefined;
  }
  return value;
}

/** Settings taken from flags, and the flag that set each one (for messages). */
interface FromFlags {
  input: Record<string, unknown>;
  flagOf: Map<string, string>;
}

/** Maps parsed flags onto setting names; values that do not parse are problems. */
function flagsToInput(values: FlagValues, problems: string[]): FromFlags {
  const input: Record<string, unknown> = {};
  const flagOf = new Map<string, string>();
  const set = (name: string, value: unknown, flag: string) => {
    input[name] = value;
    flagOf.set(name, flag);
  };
  for (const [flag, { name, kind }] of Object.entries(settingFlags)) {
    const text = values[flag];
    if (values[`no-${flag}`] === true) set(name, false, `--no-${flag}`);
    if (typeof text !== 'string' && text !== true) continue;
    const value = flagValue(flag, kind, text === true ? '' : text, problems);
    if (value !== undefined) set(name, value, `--${flag}`);
  }
  if (Array.isArray(values.music)) {
    set(
      'musicFolders',
      values.music.map((dir) => path.resolve(dir)),
      '--music',
    );
  }
  if (values['no-scan'] === true) set('scanOnStart', false, '--no-scan');
  return { input, flagOf };
}

/** Names where a bad value came from, given its path in the settings. */
export type SourceOf = (path: PropertyKey[]) => string;

const settingPath: SourceOf = (where) => where.map(String).join('.') || '(root)';

/** Validates merged input against the schema, naming each bad field. */
export function validateSettings(
  input: Record<string, unknown>,
  sourceOf: SourceOf = settingPath,
): Settings {
  const result = settingsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new SettingsError(
    result.error.issues.map((issue) => `${sourceOf(issue.path)}: ${issue.message}`),
  );
}

/** A bad value's source: its flag, else its key in the settings file. */
function sourceNamer(flags: FromFlags, fromFile: object, file: string): SourceOf {
  return (where) => {
    const name = String(where[0] ?? '');
    const flag = flags.flagOf.get(name);
    if (flag) return flag;
    return name in fromFile ? `${file}: ${settingPath(where)}` : settingPath(where);
  };
}

/** Logs the keys of the settings file that are not settings (a typo, or an old name). */
function warnUnknownKeys(fromFile: object, file: string, log: Logger): void {
  const known = new Set(Object.keys(settingsSchema.shape));
  const keys = Object.keys(fromFile).filter((key) => !known.has(key));
  if (keys.length > 0) {
    log.warn({ file, keys }, 'settings file has keys that are not settings: ignored');
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Logs each flag that overrides a different value of the settings file: a
 * change made in the settings window is saved there, and would otherwise
 * seem to revert at every start that gives the flag. Also music folders
 * that only a flag gives.
 */
function warnOverrides(
  loaded: { settings: Settings; fromFlags: SettingFlags; settingsFile: string },
  fromFile: Record<string, unknown>,
  log: Logger,
): void {
  const { settings, fromFlags, settingsFile: file } = loaded;
  // Folders from --music alone are the trap that costs most: a start
  // without it scans the default folder instead of the library.
  if (fromFlags.musicFolders && !('musicFolders' in fromFile)) {
    log.warn(
      { flag: fromFlags.musicFolders, key: 'musicFolders', file },
      'music folders given as a flag only: a start without it scans the default (--save keeps them)',
    );
  }
  for (const [key, flag] of Object.entries(fromFlags)) {
    if (!(key in fromFile)) continue;
    const saved = settingsSchema.shape[key as SettingName].safeParse(fromFile[key]);
    if (saved.success && same(saved.data, settings[key as SettingName])) continue;
    log.warn({ flag, key, file }, 'a flag overrides settings.json for this run');
  }
}

/**
 * --save: writes the settings given as flags into settings.json (0600), so
 * later starts need no flags. Logs what it saved, once.
 */
export function saveFlagSettings(
  loaded: LoadedSettings,
  log: Logger = logger('settings'),
): void {
  const keys = Object.keys(loaded.fromFlags) as SettingName[];
  const values = Object.fromEntries(keys.map((key) => [key, loaded.settings[key]]));
  saveSettings(loaded.dataDir, values);
  log.info({ file: loaded.settingsFile, keys }, 'settings given as flags saved');
}

/**
 * Loads settings from argv (without the node and script entries).
 * Throws SettingsError listing every problem found.
 */
export function loadSettings(
  argv: string[],
  env = process.env,
  log: Logger = logger('settings'),
): LoadedSettings {
  const problems: string[] = [];

  // 1. Parse the flags; unknown flags and missing values are problems too.
  let values: FlagValues = {};
  try {
    const args = withoutMissingValues(argv, problems);
    const parsed = parseArgs({ args, options: cliOptions, strict: false, tokens: true });
    values = parsed.values as FlagValues;
    emptyFolders(values, problems);
    problems.push(...strayArguments(parsed.tokens));
  } catch (err) {
    problems.push((err as Error).message);
  }

  // 2. Find the data folder, then read its settings file.
  const dataDir = path.resolve(
    (typeof values.data === 'string' && values.data) ||
      env.HEARTH_DATA ||
      defaultDataDir(),
  );
  const settingsFile = settingsFileOf(dataDir);
  const fromFile = readSettingsFile(settingsFile, problems);
  warnUnknownKeys(fromFile, settingsFile, log);

  // 3. Merge and validate; schema problems join the ones found so far, each
  // named by its flag, or by its key in the file.
  const fromFlags = flagsToInput(values, problems);
  const sourceOf = sourceNamer(fromFlags, fromFile, settingsFile);
  try {
    const settings = validateSettings({ ...fromFile, ...fromFlags.input }, sourceOf);
    if (problems.length > 0) throw new SettingsError(problems);
    const loaded = {
      settings,
      dataDir,
      settingsFile,
      fromFlags: Object.fromEntries(fromFlags.flagOf) as SettingFlags,
      save: values.save === true,
    };
    // With --save the file is about to agree with the flags.
    if (!loaded.save) warnOverrides(loaded, fromFile, log);
    return loaded;
  } catch (err) {
    if (err instanceof SettingsError && err.problems !== problems) {
      throw new SettingsError([...problems, ...err.problems]);
    }
    throw err;
  }
}
