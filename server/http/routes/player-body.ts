// Request bodies of the player's routes. Queues, playlists and M3U files can
// hold thousands of track ids, past the 16 KiB that readJson allows for the
// account routes, so these routes read up to a larger, per-route limit. The
// parsed value is handed to readJson, which validates it the usual way.
import type { Context } from 'koa';
import type { z } from 'zod';
import { readJson } from '../../auth/body.js';
import { HearthError } from '../errors.js';

/** Reads the raw body as UTF-8 text, refusing more than `limitBytes`. */
export async function readBodyText(ctx: Context, limitBytes: number): Promise<string> {
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    // A client that hangs up mid-body gets a 400, not a server error.
    if (err instanceof HearthError) throw err;
    throw new HearthError(400, 'body_incomplete', 'request body incomplete');
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON body, up to `limitBytes`, validated by `schema`. */
export async function readBigJson<T extends z.ZodType>(
  ctx: Context,
  schema: T,
  limitBytes: number,
): Promise<z.infer<T>> {
  const text = await readBodyText(ctx, limitBytes);
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

const tooLarge = () =>
  new HearthError(413, 'body_too_large', 'request body too large', {
    Connection: 'close',
  });
