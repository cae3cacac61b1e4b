// The settings form's rules, without any DOM: turning what was typed into
// values, checking each against the field's bounds (the same bounds the
// server's schema enforces), and finding what changed. The server checks
// again on Apply; these checks make mistakes visible while typing.
import type { SettingField, SettingValue, SettingValues } from './types.js';

/** What the inputs hold: text for numbers and strings, lists for folders. */
export type Draft = Record<string, string | boolean | string[]>;

/** The inputs' content for a set of values. */
export function draftOf(fields: SettingField[], values: SettingValues): Draft {
  const draft: Draft = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.type === 'boolean') draft[field.name] = value === true;
    else if (field.type === 'string[]')
      draft[field.name] = [...((value as string[]) ?? [])];
    else draft[field.name] = value === undefined ? '' : String(value);
  }
  return draft;
}

export type Parsed = { value: SettingValue; error?: undefined } | { error: string };

function parseNumber(field: SettingField, text: string): Parsed {
  const trimmed = text.trim();
  const whole = field.type === 'integer';
  if (trimmed === '' || !(whole ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(trimmed)) {
    return { error: whole ? 'must be a whole number' : 'must be a number' };
  }
  const value = Number(trimmed);
  if (field.minimum !== undefined && value < field.minimum) {
    return { error: `must be at least ${field.minimum}` };
  }
  if (field.maximum !== undefined && value > field.maximum) {
    return { error: `must be at most ${field.maximum}` };
  }
  return { value };
}

/** One input's content as a value, or why it is not one. */
export function parseField(field: SettingField, raw: Draft[string]): Parsed {
  switch (field.type) {
    case 'boolean':
      return { value: raw === true };
    case 'string[]': {
      const list = (raw as string[]).map((item) => item.trim());
      if (list.some((item) => item === '')) return { error: 'a folder path is empty' };
      return { value: list };
    }
    case 'integer':
    case 'number':
      return parseNumber(field, raw as string);
    default: {
      const text = String(raw);
      if (field.options && !field.options.includes(text))
        return { error: 'not a choice' };
      if (field.name === 'host' && text.trim() === '')
        return { error: 'must not be empty' };
      return { value: text.trim() };
    }
  }
}

/** Rules across fields, as the server's schema states them. */
function crossFieldErrors(values: SettingValues): Record<string, string> {
  const soft = values.limitMemorySoft;
  const hard = values.limitMemoryHard;
  return typeof soft === 'number' && typeof hard === 'number' && hard <= soft
    ? { limitMemoryHard: 'must be greater than limitMemorySoft' }
    : {};
}

export interface Checked {
  /** Every field's value (the original where the input is invalid). */
  values: SettingValues;
  errors: Record<string, string>;
  /** The fields whose value differs from the original, with the new value. */
  changes: SettingValues;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Checks the whole form against the original values. */
export function checkForm(
  fields: SettingField[],
  original: SettingValues,
  draft: Draft,
): Checked {
  const values: SettingValues = { ...original };
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const parsed = parseField(field, draft[field.name] ?? '');
    if (parsed.error !== undefined) errors[field.name] = parsed.error;
    else values[field.name] = parsed.value;
  }
  Object.assign(errors, { ...crossFieldErrors(values), ...errors });
  const changes: SettingValues = {};
  for (const field of fields) {
    if (!(field.name in errors) && !same(values[field.name], original[field.name])) {
      changes[field.name] = values[field.name]!;
    }
  }
  return { values, errors, changes };
}
