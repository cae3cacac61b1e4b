// Named domain errors and the one middleware that turns them into responses.
// Handlers throw these; nothing else writes an error body. What a client sees
// is a stable id and a short safe message; causes (paths, ffmpeg output) go
// to the log only.
import type { Context, Next } from 'koa';
import { ZodError } from 'zod';

export class HearthError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HearthError';
  }
}

export class NotFoundError extends HearthError {
  constructor(what = 'resource', id = `${what}_not_found`) {
    super(404, id, `${what} not found`);
  }
}

export class InvalidInputError extends HearthError {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(400, 'invalid_input', message);
  }
}

export class UnauthorizedError extends HearthError {
  constructor(message = 'authentication required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends HearthError {
  constructor(message = 'not allowed') {
    super(403, 'forbidden', message);
  }
}

export class TooManyRequestsError extends HearthError {
  constructor(id: string, message: string, retryAfterSeconds: number) {
    super(429, id, message, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}

export class UnavailableError extends HearthError {
  constructor(id: string, message: string, retryAfterSeconds?: number) {
    super(
      503,
      id,
      message,
      retryAfterSeconds ? { 'Retry-After': String(Math.ceil(retryAfterSeconds)) } : {},
    );
  }
}

/** Turns a zod failure into InvalidInputError naming each bad field. */
export function fromZod(err: ZodError): InvalidInputError {
  const fields: Record<string, string> = {};
  for (const issue of err.issues)
    fields[issue.path.join('.') || '(input)'] = issue.message;
  const names = Object.keys(fields).join(', ');
  return new InvalidInputError(`invalid ${names}`, fields);
}

/** The JSON error middleware for /api and the pages. */
export async function jsonErrors(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (raw) {
    const err = raw instanceof ZodError ? fromZod(raw) : raw;
    if (err instanceof HearthError) {
      ctx.status = err.status;
      ctx.set(err.headers);
      ctx.body = {
        error: err.id,
        message: err.message,
        ...(err instanceof InvalidInputError ? { fields: err.fields } : {}),
      };
      if (err.status >= 500) ctx.log.error({ err }, 'request failed');
      return;
    }
    // Koa's own errors (bad JSON body, 413...) carry a status and expose flag.
    const status = (err as { status?: number }).status;
    const expose = (err as { expose?: boolean }).expose;
    if (status && status < 500 && expose) {
      ctx.status = status;
      ctx.body = { error: 'bad_request', message: (err as Error).message };
      return;
    }
    ctx.log.error({ err }, 'unhandled error');
    ctx.status = 500;
    ctx.body = { error: 'internal', message: 'internal server error' };
  }
}
