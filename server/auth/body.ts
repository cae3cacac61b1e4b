// Reads a small JSON request body for the account routes. Bodies here are
// credentials and settings: 16 KiB is plenty, and a larger or malformed
// body is refused before anything parses it.
import type { Context } from 'koa';
import type { z } from 'zod';
import { HearthError, InvalidInputError } from '../http/errors.js';

const limitBytes = 16 * 1024;

async function readText(ctx: Context): Promise<string> {
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
    // A client that hangs up mid-body is its own problem, not a server error.
    if (err instanceof HearthError) throw err;
    throw new HearthError(400, 'body_incomplete', 'request body incomplete');
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = () => new HearthError(413, 'body_too_large', 'request body too large');

/** The request's JSON body, validated by `schema` (an empty body is {}). */
export async function readJson<T extends z.ZodType>(
  ctx: Context,
  schema: T,
): Promise<z.infer<T>> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return schema.parse(parsed);

  const text = await readText(ctx);
  if (text.trim() === '') return schema.parse({});
  if (!ctx.is('application/json')) {
    throw new HearthError(415, 'unsupported_media_type', 'send application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError('body is not valid JSON');
  }
  return schema.parse(value);
}
