// The parameters of a Subsonic request, from the query string and, with the
// formPost extension, from an application/x-www-form-urlencoded body. Every
// parameter may repeat (id=1&id=2). Typed getters throw the spec's errors:
// code 10 for a missing parameter, code 0 for a malformed one.
import type { Context } from 'koa';
import { readText } from '../auth/body.js';
import { invalidParameter, missingParameter } from './errors.js';

/** Large enough for a saved play queue of a few thousand ids. */
const bodyLimit = 1024 * 1024;

export class Params {
  constructor(private readonly values: URLSearchParams) {}

  /** The first value of a parameter, or undefined. */
  get(name: string): string | undefined {
    return this.values.get(name) ?? undefined;
  }

  /** Every value of a repeated parameter, in order. */
  all(name: string): string[] {
    return this.values.getAll(name);
  }

  /** A parameter that must be present and non-empty. */
  required(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === '') throw missingParameter(name);
    return value;
  }

  /** An integer parameter within bounds, or the fallback when absent. */
  int(name: string, fallback: number, bounds: { min?: number; max?: number } = {}) {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw invalidParameter(name, 'not an integer');
    const { min = -Infinity, max = Infinity } = bounds;
    return Math.min(max, Math.max(min, value));
  }

  /** An optional integer parameter. */
  optionalInt(name: string): number | undefined {
    return this.get(name) === undefined ? undefined : this.int(name, 0);
  }

  /** A required integer parameter. */
  requiredInt(name: string): number {
    this.required(name);
    return this.int(name, 0);
  }

  /** true/false (also 1/0); the fallback when absent. */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.get(name)?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw invalidParameter(name, 'not a boolean');
  }
}

/** Reads a form body (formPost), bounded in size. */
async function readForm(ctx: Context): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(ctx, bodyLimit));
}

/** The request's parameters: query first, then a form body's. */
export async function readParams(ctx: Context): Promise<Params> {
  const merged = new URLSearchParams(ctx.querystring);
  if (ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded')) {
    const form = await readForm(ctx);
    for (const [name, value] of form) merged.append(name, value);
    // The auth guard reads credentials from the parsed body as well.
    (ctx.request as { body?: unknown }).body = Object.fromEntries(form);
  }
  return new Params(merged);
}
