// settings.json in the data folder: read at every start (load.ts), shown and
// written by the settings window (admin.ts) and by --save. One reader, so the
// file means the same to all of them.
import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from './schema.js';

/** Where the settings live in a data folder. */
export function settingsFileOf(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

/**
 * The file's text as an object. A leading byte order mark (Windows Notepad
 * writes one) is dropped: JSON.parse would stop at a character nobody sees.
 */
function parseSettingsText(text: string): unknown {
  return JSON.parse(text.replace(/^\uFEFF/, ''));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads settings.json for a start. A missing file is an empty one; an
 * unreadable file or one that is no JSON object adds its problem.
 */
export function readSettingsFile(
  file: string,
  problems: string[],
): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    problems.push(`${file}: cannot be read (${(err as Error).message})`);
    return {};
  }
  try {
    const parsed = parseSettingsText(text);
    if (isObject(parsed)) return parsed;
    problems.push(`${file}: expected a JSON object`);
  } catch (err) {
    problems.push(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return {};
}

/** The settings file's object; missing or unreadable is empty (a start reports it). */
export function readSavedSettings(dataDir: string): Record<string, unknown> {
  return readSettingsFile(settingsFileOf(dataDir), []);
}

/** Writes `changes` into settings.json (0600), keeping the rest; atomic (rename). */
export function saveSettings(dataDir: string, changes: Partial<Settings>): void {
  const file = settingsFileOf(dataDir);
  const next = { ...readSavedSettings(dataDir), ...changes };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
}
