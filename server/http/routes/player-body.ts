// Request bodies of the player's routes. Queues, playlists and M3U files can
// hold thousands of track ids, past the 16 KiB that readJson allows for the
// account routes, so these routes read up to a larger, per-route limit. The
// parsed value is handed to readJson, which validates it the usual way.
import type { Context } from 'koa';
import type { z } from 'zod';
import { readJson, readText } from '../../auth/body.js';
import { HearthError } from '../errors.js';

/** The JSON body, up to `limitBytes`, validated by `schema`. */
export async function readBigJson<T extends z.ZodType>(
  ctx: Context,
  schema: T,
  limitBytes: number,
): Promise<z.infer<T>> {
  const text = await readText(ctx, limitBytes);
  if (text.trim() !== '' && !ctx.is('application/json')) {
    throw new HearthError(415, 'unsupported_media_type', 'send application/json');
  }
  let value: unknown = {};
  try {
    if (text.trim() !== '') value = JSON.parse(text);
  } catch {
    throw new HearthError(400, 'invalid_input', 'body is not valid JSON');
  }
  (ctx.request as { body?: unknown }).body = value;
  return readJson(ctx, schema);
}
