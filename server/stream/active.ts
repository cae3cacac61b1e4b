// The number of plays this process is serving, for the live gauge's
// "streams", the tray's listener count and the capacity model's cost per
// listener. Each play counts from the moment it is answered until its
// connection closes or carries the next request, whichever API (/api or
// Subsonic's /rest) asked for it. The response itself is no measure: a
// player reads at playback speed, but socket buffers on both sides of the
// dispatcher can take a whole compressed track long before it has played.
// So a connection whose play was sent in full stays open while the track
// plays, instead of closing after the usual idle keep-alive wait.
import type { Socket } from 'node:net';
import type { Context, Next } from 'koa';
import { reportGauge } from '../worker/gauges.js';

let streaming = 0;
/** The play each connection carries, by its socket: ends it early. */
const plays = new WeakMap<Socket, () => void>();
/** Connections kept open only for a play whose bytes were all sent. */
const held = new Set<Socket>();

/** Plays are held this long past their expected end (a paused player). */
const graceSeconds = 60;

/**
 * Counts the response as a play until its connection closes or is reused,
 * or until `seconds` of audio (plus a grace) could have played.
 */
export function countStream(ctx: Context, seconds: number): void {
  const socket = ctx.req.socket;
  plays.get(socket)?.();
  streaming += 1;
  reportGauge('streams', streaming);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    plays.delete(socket);
    held.delete(socket);
    socket.off('close', end);
    streaming -= 1;
    reportGauge('streams', streaming);
  };
  plays.set(socket, end);
  socket.once('close', end);

  // After the response, Node arms the keep-alive timeout: hold the
  // connection for the rest of the track instead.
  ctx.res.once('finish', () => {
    if (ended) return;
    held.add(socket);
    socket.setTimeout((seconds + graceSeconds) * 1000);
  });
}

/**
 * Closes, gracefully, every connection held only for a play already sent: a
 * draining worker must not wait for those tracks to end. The player has its
 * bytes; a later Range request goes to another worker.
 */
export function releaseHeldPlays(): void {
  for (const socket of held) socket.end();
}

/** Middleware: a new request on a keep-alive connection ends its last play. */
export async function endPlayOnReuse(ctx: Context, next: Next): Promise<void> {
  plays.get(ctx.req.socket)?.();
  await next();
}
