// The number of audio responses this process is sending, for the live
// gauge's "streams" (and the tray's listener count): each play counts from
// the moment it is answered until its connection closes, whichever API
// (/api or Subsonic's /rest) asked for it.
import type { Context } from 'koa';
import { reportGauge } from '../worker/gauges.js';

let streaming = 0;

/** Counts the response as a stream until it closes. */
export function countStream(ctx: Context): void {
  streaming += 1;
  reportGauge('streams', streaming);
  ctx.res.once('close', () => {
    streaming -= 1;
    reportGauge('streams', streaming);
  });
}
