// The text of `hearth --help`, made from the settings schema and the flag
// table: a setting added to the schema is listed with every flag that sets
// it, its key in settings.json and its default.
import { z } from 'zod';
import { defaultDataDir, kebab, settingFlags } from './load.js';
import { settingsHelp, settingsSchema } from './schema.js';

interface JsonField {
  type?: string;
  enum?: string[];
  default?: unknown;
  /** A machine-dependent default in words (`hardware threads`). */
  defaultText?: string;
}

/** The help's width; a terminal's default. */
const width = 80;

/** The words of `text` in indented lines of at most `width` columns. */
function wrap(text: string, indent = '      '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, indent + line] : lines;
}

/** One entry: its flags on a line, then its text below them. */
const entry = (flags: string, ...text: string[]) => [
  `  ${flags}`,
  ...text.flatMap((paragraph) => wrap(paragraph)),
];

/** What a flag's value looks like: N, ADDR, FILE, URL, NAME or TEXT. */
function placeholder(name: string, field: JsonField): string {
  if (field.type === 'number' || field.type === 'integer') return 'N';
  if (field.enum) return 'NAME';
  if (name === 'host') return 'ADDR';
  if (name === 'ffmpegPath') return 'FILE';
  return name.endsWith('Url') ? 'URL' : 'TEXT';
}

/** Every flag of one setting: --port N; --lan-advertise, --no-lan-advertise. */
function flagsOf(name: string, field: JsonField): string {
  if (name === 'musicFolders') return '--music DIR';
  const flags = Object.entries(settingFlags)
    .filter(([, setting]) => setting.name === name)
    .map(([flag]) => flag)
    .sort((a, b) => Number(b === kebab(name)) - Number(a === kebab(name)));
  if (field.type === 'boolean') {
    return flags.flatMap((flag) => [`--${flag}`, `--no-${flag}`]).join(', ');
  }
  return flags.map((flag) => `--${flag} ${placeholder(name, field)}`).join(', ');
}

function defaultOf(field: JsonField): string {
  if (field.defaultText) return field.defaultText;
  return field.default === '' ? 'empty' : String(field.default);
}

/** One setting: its flags, its help text, its default and settings.json key. */
function settingEntry(name: string, field: JsonField): string[] {
  const help = [settingsHelp()[name] ?? ''];
  if (field.enum) help.push(`One of: ${field.enum.join(', ')}.`);
  if (name === 'musicFolders') help.push('Repeat --music for several folders.');
  const fallback = `Default: ${defaultOf(field)} (settings.json: ${name})`;
  return entry(flagsOf(name, field), ...help, fallback);
}

/** The whole --help text. */
export function cliHelp(): string {
  const json = z.toJSONSchema(settingsSchema, { io: 'input' }) as {
    properties: Record<string, JsonField>;
  };
  const hasFlag = (name: string) =>
    name === 'musicFolders' || Object.values(settingFlags).some((f) => f.name === name);
  const settings = Object.entries(json.properties).filter(([name]) => hasFlag(name));
  return [
    'Usage: hearth [options]',
    '',
    ...wrap(
      'A value follows its flag or an = sign (--port 4533, --port=4533). A ' +
        'boolean takes --flag, --no-flag or --flag=true|false. Every setting is ' +
        'also a key of settings.json in the data folder; flags win over the file.',
      '',
    ),
    '',
    'Options:',
    ...entry(
      '--data DIR',
      'The data folder: database, settings.json, caches. Also HEARTH_DATA.',
      `Default: ${defaultDataDir()}`,
    ),
    ...entry(
      '--save, -s',
      'Write the settings given as flags into settings.json (0600) before ' +
        'starting: later starts need no flags.',
    ),
    ...entry('--no-scan', 'Skip the scan at start (the same as --no-scan-on-start).'),
    ...entry('--help, -h', 'Print this help.'),
    ...entry('--version', "Print Hearth's version."),
    '',
    'Settings:',
    ...settings.flatMap(([name, field]) => settingEntry(name, field)),
    '',
  ].join('\n');
}
