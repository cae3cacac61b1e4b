// Reads a small JSON request body for the account routes. Bodies here are
// credentials and settings: 16 KiB is plenty, and a larger or malformed
// body is refused before anything parses it.
import type { Context } from 'koa';
import type { z } from 'zod';
import { HearthError, InvalidInputError } from '../http/errors.js';

const limitBytes = 16 * 1024;

/**
 * Reads the body as text. Past the limit it stops reading without destroying
 * the request, so the 413 still reaches the client; the connection then closes.
 */
function readText(ctx: Context): Promise<string> {
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > limitBytes) return Promise.reject(tooLarge());
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: HearthError | null) => {
      req
        .off('data', onData)
        .off('end', onEnd)
        .off('error', onFail)
        .off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size > limitBytes) {
        req.pause();
        finish(tooLarge());
      }
    };
    const onEnd = () => finish(null);
    // A client that hangs up mid-body is its own problem, not a server error.
    const onFail = () => finish(incomplete());
    const onClose = () => {
      if (!req.complete) finish(incomplete());
    };
    req.on('data', onData).on('end', onEnd).on('error', onFail).on('close', onClose);
  });
}

const tooLarge = () =>
  new HearthError(413, 'body_too_large', 'request body too large', {
    Connection: 'close',
  });

const incomplete = () =>
  new HearthError(400, 'body_incomplete', 'request body incomplete', {
    Connection: 'close',
  });

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
