// The settings window's view of the settings, and how it changes them. The
// HTTP routes (server/http/routes/settings.ts) and Electron's IPC handlers
// call the same functions, so the window behaves the same in both.
//
// Each field carries what the schema declares (type, bounds, default, help)
// plus the group it is shown in and who applies it. A change is validated as
// a whole, written to settings.json (only the fields changed), then applied
// to the running server through the control API.
import { z } from 'zod';
import { HearthError, InvalidInputError } from '../http/errors.js';
import type { ServerControl } from '../supervisor/control.js';
import type { SettingsChange } from '../supervisor/protocol.js';
import { readSavedSettings, saveSettings } from './file.js';
import { machineProblems } from './machine.js';
import { planSettingsChange, readersOf, type SettingReader } from './apply.js';
import {
  settingsSchema,
  type SettingFlags,
  type Settings,
  type SettingName,
} from './schema.js';

export type FieldGroup =
  | 'library'
  | 'network'
  | 'workers'
  | 'limits'
  | 'transcoding'
  | 'artwork'
  | 'external'
  | 'apps';

/** One setting as the form shows it. */
export interface SettingField {
  name: SettingName;
  group: FieldGroup;
  type: 'integer' | 'number' | 'boolean' | 'string' | 'string[]';
  help: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  /** The allowed values, for a choice. */
  options?: string[];
  unit?: 's' | 'h' | 'MiB';
  /** A secret: shown as a password field. */
  secret?: boolean;
  /** Who takes a change: see server/settings/apply.ts. */
  appliedBy: SettingReader[];
}

export interface SettingsView {
  fields: SettingField[];
  /** The values in effect, with saved ones that wait for a restart. */
  values: Settings;
  /** Saved settings that take effect at the next start. */
  pendingRestart: SettingName[];
  /**
   * Settings this run took from flags, with the flag: a change is saved, but
   * a start with that flag sets it again.
   */
  fromFlags: SettingFlags;
}

export interface SettingsUpdate {
  change: SettingsChange;
  view: SettingsView;
}

/** Where each setting is shown; settings not listed are not editable here. */
const groups: Partial<Record<SettingName, FieldGroup>> = {
  musicFolders: 'library',
  scanOnStart: 'library',
  scanIntervalHours: 'library',
  scanThreads: 'library',
  watchMusicFolders: 'library',
  host: 'network',
  port: 'network',
  lanAdvertise: 'network',
  workers: 'workers',
  limitTimeCpu: 'limits',
  limitTimeReal: 'limits',
  jobLimitTimeCpu: 'limits',
  jobLimitTimeReal: 'limits',
  limitMemorySoft: 'limits',
  limitMemoryHard: 'limits',
  limitRequest: 'limits',
  ffmpegPath: 'transcoding',
  transcodeProfile: 'transcoding',
  transcodeMax: 'transcoding',
  transcodeMaxPerUser: 'transcoding',
  transcodeCacheMb: 'transcoding',
  estimateContentLength: 'transcoding',
  artworkCacheMb: 'artwork',
  artworkPrewarm: 'artwork',
  lastfmApiKey: 'external',
  lastfmApiSecret: 'external',
  lastfmBaseUrl: 'external',
  lastfmAuthUrl: 'external',
  listenbrainzBaseUrl: 'external',
  externalInfoTtlHours: 'external',
  subsonicPlainPassword: 'apps',
};

/** Settings the form shows as password fields. */
const secrets = new Set<SettingName>(['lastfmApiSecret']);

const units: Partial<Record<SettingName, SettingField['unit']>> = {
  limitTimeCpu: 's',
  limitTimeReal: 's',
  jobLimitTimeCpu: 's',
  jobLimitTimeReal: 's',
  limitMemorySoft: 'MiB',
  limitMemoryHard: 'MiB',
  transcodeCacheMb: 'MiB',
  artworkCacheMb: 'MiB',
  scanIntervalHours: 'h',
  externalInfoTtlHours: 'h',
};

interface JsonField {
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

/** The editable fields, read from the schema's JSON Schema form. */
export function settingFields(): SettingField[] {
  const json = z.toJSONSchema(settingsSchema, { io: 'input' }) as {
    properties: Record<string, JsonField>;
  };
  return Object.entries(json.properties).flatMap(([key, field]) => {
    const name = key as SettingName;
    const group = groups[name];
    if (!group) return [];
    const type =
      field.type === 'array' ? 'string[]' : (field.type as SettingField['type']);
    return [
      {
        name,
        group,
        type,
        help: field.description ?? '',
        default: field.default,
        ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
        ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
        ...(field.enum ? { options: field.enum } : {}),
        ...(units[name] ? { unit: units[name] } : {}),
        ...(secrets.has(name) ? { secret: true } : {}),
        appliedBy: readersOf(name),
      },
    ];
  });
}

// ---------------------------------------------------------------------------
// Reading and changing

/**
 * The view for the form: the settings in effect, with saved values that wait
 * for a restart (a new port) shown as saved and listed as pending.
 */
export function settingsView(
  running: Settings,
  dataDir: string,
  fromFlags: SettingFlags = {},
): SettingsView {
  const saved = readSavedSettings(dataDir);
  const parsed = settingsSchema.safeParse({ ...running, ...saved });
  const values = { ...running };
  const pendingRestart: SettingName[] = [];
  if (parsed.success) {
    const plan = planSettingsChange(running, parsed.data);
    for (const name of plan.needsRestart) {
      Object.assign(values, { [name]: parsed.data[name] });
      pendingRestart.push(name);
    }
  }
  return { fields: settingFields(), values, pendingRestart, fromFlags };
}

/** Each problem of `input` on top of `current`, by setting name. */
function problemsOf(current: Settings, input: Record<string, unknown>) {
  const fields: Record<string, string> = {};
  const result = settingsSchema.safeParse({ ...current, ...input });
  for (const issue of result.error?.issues ?? []) {
    fields[String(issue.path[0] ?? '(input)')] ??= issue.message;
  }
  return { fields, result };
}

/**
 * Validates a partial change on top of `current`. Throws InvalidInputError
 * naming every bad field, unknown or read-only names included, and the rules
 * across fields (hard above soft) in the same answer.
 */
export function mergeSettings(
  current: Settings,
  input: unknown,
  /** Problems found outside the schema (machine.ts), by setting name. */
  found: Record<string, string> = {},
): Settings {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidInputError('expected an object of settings');
  }
  const editable = new Set(settingFields().map((f) => f.name as string));
  const fields: Record<string, string> = { ...found };
  for (const name of Object.keys(input)) {
    if (!editable.has(name)) fields[name] = 'not a setting the window can change';
  }
  const checked = problemsOf(current, input as Record<string, unknown>);
  Object.assign(fields, checked.fields);
  if (Object.keys(fields).length > 0 || !checked.result.success) {
    throw new InvalidInputError(`invalid ${Object.keys(fields).join(', ')}`, fields);
  }
  return checked.result.data;
}

/** Where the settings live and how to reach the running server. */
export interface SettingsTarget {
  dataDir: string;
  /** The settings in effect. */
  current: Settings;
  /** Absent or single-process: changes are saved for the next start. */
  control?: ServerControl | null;
  /** The settings this run took from flags. */
  flags?: SettingFlags;
}

/** Applies live, or reports everything as waiting for a restart (live: false). */
async function applyLive(
  target: SettingsTarget,
  next: Settings,
): Promise<{ change: SettingsChange; live: boolean }> {
  const plan = planSettingsChange(target.current, next);
  const saved = {
    change: { ...plan, workersChange: null, needsRestart: plan.changed },
    live: false,
  };
  if (!target.control || plan.changed.length === 0) return saved;
  try {
    return { change: await target.control.applySettings(next), live: true };
  } catch (err) {
    // One process (workers = 0) has nobody to restart its workers.
    if (err instanceof HearthError && err.id === 'single_process') return saved;
    throw err;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Validates (the schema, and what this computer takes: machine.ts), saves
 * the fields sent (so sending a running value back cancels a pending one),
 * applies the change, and returns the new view.
 */
export async function updateSettings(
  target: SettingsTarget,
  input: unknown,
): Promise<SettingsUpdate> {
  const found = isRecord(input) ? await machineProblems(target.current, input) : {};
  const next = mergeSettings(target.current, input, found);
  const sent = Object.keys(input as object) as SettingName[];
  saveSettings(
    target.dataDir,
    Object.fromEntries(sent.map((name) => [name, next[name]])) as Partial<Settings>,
  );
  const { change, live } = await applyLive(target, next);
  const running = live && target.control ? await target.control.settings() : next;
  return { change, view: settingsView(running, target.dataDir, target.flags) };
}
