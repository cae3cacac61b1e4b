// Request bodies. readText is the one bounded reader every body goes
// through; readJson reads the account routes' small JSON bodies. Those are
// credentials and settings: 16 KiB is plenty, and a larger or malformed
// body is refused before anything parses it.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';
import type { z } from 'zod';
import { HearthError, InvalidInputError } from '../http/errors.js';

const accountLimitBytes = 16 * 1024;
/** How long the rest of a refused body is read and dropped before a cut. */
const lingerMs = 5_000;

/**
 * Reads the body as UTF-8 text, at most `limitBytes`, for every body reader
 * (JSON here, the player's bigger bodies, Subsonic's formPost). Past the
 * limit, declared or chunked, the answer is a 413 and the rest of the body
 * is dropped (discardRest).
 */
export function readText(ctx: Context, limitBytes: number): Promise<string> {
  const req = ctx.req;
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > limitBytes) {
    discardRest(req);
    return Promise.reject(tooLarge(ctx, limitBytes));
  }
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
        finish(tooLarge(ctx, limitBytes));
        discardRest(req);
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

/**
 * Reads and drops the rest of a refused body while the 413 goes out. A
 * server that closes while its client still sends resets the connection,
 * and the client (or the dispatcher in front) loses the answer with it. Once
 * the body ends the connection serves the next request; a body still coming
 * after lingerMs is cut.
 */
function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  const cut = setTimeout(() => req.socket?.destroy(), lingerMs);
  const keep = () => clearTimeout(cut);
  req.once('end', keep).once('close', keep).resume();
}

/** The 413 every body reader answers, logged with the limit it passed. */
function tooLarge(ctx: Context, limitBytes: number): HearthError {
  ctx.log.warn({ limitBytes }, 'request body too large');
  return new HearthError(413, 'body_too_large', 'request body too large');
}

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

  const text = await readText(ctx, accountLimitBytes);
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
