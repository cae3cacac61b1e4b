// Watches every request a worker's HTTP server handles and applies
// limitTimeReal: a response that has not started within the limit is answered
// with a 503, and a response whose bytes stop moving for that long is closed.
// A long stream that keeps moving bytes is never touched. It also counts
// requests for limitRequest and tells draining connections to close.
import type http from 'node:http';
import type { Socket } from 'node:net';
import { logger } from '../log.js';

const log = logger('worker');

interface Tracked {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  label: string;
  startedAt: number;
  /** Bytes of this socket handed to the OS at the last sign of progress. */
  flushed: number;
  progressAt: number;
}

export interface TrackerOptions {
  slot: string;
  limitTimeRealMs: number;
  /** Called after each finished request with the new total. */
  onServed?: (served: number) => void;
}

/** "GET /api/albums": method and path, never the query (it may hold credentials). */
export function requestLabel(req: http.IncomingMessage): string {
  const path = (req.url ?? '/').split('?')[0]!.slice(0, 120);
  return `${req.method ?? '?'} ${path}`;
}

/** Bytes the socket has passed to the OS (written minus still buffered). */
function flushedBytes(socket: Socket | null): number {
  return socket ? socket.bytesWritten - socket.writableLength : 0;
}

export class RequestTracker {
  served = 0;
  private draining = false;
  private readonly active = new Set<Tracked>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: TrackerOptions) {
    const everyMs = Math.min(1000, Math.max(100, options.limitTimeRealMs / 8));
    this.timer = setInterval(() => this.sweep(Date.now()), everyMs);
  }

  /** Starts watching a server's requests, ahead of the app's own handler. */
  attach(server: http.Server): void {
    server.prependListener('request', (req, res) => this.track(req, res));
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** The oldest requests in flight, for heartbeats and kill logs. */
  inflight(max = 5, now = Date.now()): string[] {
    return [...this.active].slice(0, max).map((t) => `${t.label} ${now - t.startedAt}ms`);
  }

  /** From now on every response asks its client to close the connection. */
  drain(): void {
    this.draining = true;
    for (const t of this.active) {
      if (!t.res.headersSent) t.res.setHeader('Connection', 'close');
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private track(req: http.IncomingMessage, res: http.ServerResponse): void {
    const now = Date.now();
    const tracked: Tracked = {
      req,
      res,
      label: requestLabel(req),
      startedAt: now,
      flushed: flushedBytes(res.socket),
      progressAt: now,
    };
    if (this.draining) res.setHeader('Connection', 'close');
    this.active.add(tracked);
    const done = () => this.finish(tracked);
    res.once('finish', done);
    res.once('close', done);
  }

  private finish(tracked: Tracked): void {
    if (!this.active.delete(tracked)) return;
    this.served += 1;
    this.options.onServed?.(this.served);
  }

  private sweep(now: number): void {
    const limit = this.options.limitTimeRealMs;
    for (const t of this.active) {
      if (!t.res.headersSent) {
        if (now - t.startedAt >= limit) this.abortUnstarted(t);
        continue;
      }
      const flushed = flushedBytes(t.res.socket);
      if (flushed !== t.flushed) {
        t.flushed = flushed;
        t.progressAt = now;
      } else if (now - t.progressAt >= limit) {
        this.closeStalled(t);
      }
    }
  }

  private logFields(t: Tracked) {
    return {
      worker: this.options.slot,
      reason: 'limitTimeReal',
      limit: `${this.options.limitTimeRealMs / 1000} s`,
      request: t.label,
      requestId: t.res.getHeader('x-request-id'),
    };
  }

  /** No response within the limit: answer 503 now; the handler's late answer is dropped. */
  private abortUnstarted(t: Tracked): void {
    log.warn(this.logFields(t), 'request aborted: no response in time');
    const body = JSON.stringify({
      error: 'response_timeout',
      message: 'the server did not answer in time',
    });
    t.res.writeHead(503, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    });
    t.res.end(body);
  }

  /** Response started but no byte moved for the limit: close the connection. */
  private closeStalled(t: Tracked): void {
    log.warn(this.logFields(t), 'response closed: body stalled');
    t.res.destroy();
  }
}
