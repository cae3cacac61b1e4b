// The dispatcher owns the public port. Each new connection goes to the HTTP
// worker with the fewest open connections; the bytes are piped both ways after
// a preamble that proves the origin and carries the client's address. If a
// worker closes the connection before it answers a GET or HEAD (a draining
// worker closing an idle keep-alive connection as the next request arrives,
// or a worker that crashed), the request goes to another worker; any other
// unanswered request, or one whose worker the watchdog killed, gets a clean
// 503 instead of a reset. A connection that finds no worker ready waits for
// one. A request head past the workers' limit gets a 431 from the dispatcher
// itself (a worker's parser would answer it and close at once, racing its
// own answer against the bytes still coming).
import net from 'node:net';
import { logger } from '../log.js';
import { formatPreamble } from './preamble.js';
import {
  countHead,
  maxHeadBytes,
  newHead,
  startsRequest,
  type OpenHead,
} from './request-head.js';

const log = logger('supervisor');

/** A worker as the dispatcher sees it. */
export interface Upstream {
  readonly slot: string;
  /** The worker's socket path (sockets.ts). */
  readonly socket: string | null;
  routable(now: number): boolean;
  /** False when a request it left unanswered must not be sent elsewhere. */
  mayReplay(): boolean;
}

export interface DispatcherOptions {
  host: string;
  port: number;
  secret: string;
  /** Workers that may take new connections. */
  upstreams: () => Upstream[];
  /** How long a connection waits for a worker when none is ready. */
  waitMs: number;
}

/** One client connection and where it goes. */
interface Link {
  client: net.Socket;
  upstream: net.Socket | null;
  target: Upstream;
  /** The client sent bytes the worker has not answered yet. */
  awaiting: boolean;
  /** The last request line seen ("GET /api/albums"), without its query. */
  request: string;
  /**
   * The bytes of the request awaiting its answer, kept so that it can be
   * sent again to another worker; null once it is too big or not replayable.
   */
  sent: Buffer[] | null;
  sentBytes: number;
  /** Times this connection's request was sent again. */
  replays: number;
  /** The request's head while it has not ended yet. */
  head: OpenHead | null;
}

/** Connect attempts per client connection before it gets a 503. */
const maxAttempts = 3;
/** A request kept for a replay is at most this big (heads, not uploads). */
const maxReplayBytes = 64 * 1024;
/** Times one connection's requests may be replayed on another worker. */
const maxReplays = 2;
/** How long a refused client may still send before its connection is cut. */
const lingerMs = 5_000;

/** GET and HEAD change nothing, so a worker that never answered can be skipped. */
function replayable(request: string): boolean {
  return request.startsWith('GET ') || request.startsWith('HEAD ');
}

/** A complete response with a JSON error body; `retry` adds Retry-After: 1. */
function plainResponse(status: string, id: string, message: string, retry = true) {
  const body = JSON.stringify({ error: id, message });
  return [
    `HTTP/1.1 ${status}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(retry ? ['Retry-After: 1'] : []),
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

const workerStopped = plainResponse(
  '503 Service Unavailable',
  'worker_stopped',
  'the worker serving this request stopped; try again',
);
const noWorker = plainResponse(
  '503 Service Unavailable',
  'no_worker',
  'no worker is available; try again',
);
const headTooLarge = plainResponse(
  '431 Request Header Fields Too Large',
  'head_too_large',
  'the request line and headers are too large',
  false,
);

/** "GET /api/x?p=secret HTTP/1.1" -> "GET /api/x". */
export function requestLine(chunk: Buffer): string {
  const line = chunk.subarray(0, 256).toString('latin1').split('\r\n', 1)[0] ?? '';
  const [method, target] = line.split(' ');
  if (!method || !target || !/^[A-Z]+$/.test(method)) return 'unknown request';
  return `${method} ${target.split('?')[0]!.slice(0, 120)}`;
}

export class Dispatcher {
  /** Requests cut short because their worker died before answering. */
  cutRequests = 0;
  private readonly server: net.Server;
  private readonly links = new Map<Upstream, Set<Link>>();
  private readonly waiting = new Set<() => void>();
  private rotation = 0;

  constructor(private readonly options: DispatcherOptions) {
    this.server = net.createServer({ noDelay: true }, (client) => this.accept(client));
  }

  /**
   * Starts listening; resolves with the port (useful when asked for port 0).
   * `bind` replaces the plain listen: the supervisor passes the first-run gate.
   */
  listen(bind?: (server: net.Server) => Promise<number>): Promise<number> {
    if (bind) return bind(this.server);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Connections currently routed to a worker. */
  connectionsOf(target: Upstream): number {
    return this.links.get(target)?.size ?? 0;
  }

  get openConnections(): number {
    let total = 0;
    for (const set of this.links.values()) total += set.size;
    return total;
  }

  /** Requests a worker has not answered yet, for kill logs. */
  awaiting(target: Upstream): string[] {
    return [...(this.links.get(target) ?? [])]
      .filter((link) => link.awaiting)
      .map((link) => link.request);
  }

  /** A worker became ready: connections that were waiting try again. */
  wake(): void {
    const retries = [...this.waiting];
    this.waiting.clear();
    for (const retry of retries) retry();
  }

  /** Stops accepting; connections already piped carry on. */
  stopAccepting(): void {
    this.server.close();
  }

  /** Ends every connection now (the last step of a shutdown). */
  destroyAll(): void {
    this.server.close();
    for (const set of this.links.values()) {
      for (const link of set) link.client.destroy();
    }
    this.wake();
  }

  private accept(client: net.Socket): void {
    client.pause();
    client.on('error', () => undefined);
    this.route(client, 1, Date.now() + this.options.waitMs);
  }

  /** The routable worker with the fewest connections (not `avoid`); ties rotate. */
  private pick(avoid?: Upstream): Upstream | null {
    const now = Date.now();
    const candidates = this.options
      .upstreams()
      .filter((u) => u !== avoid && u.routable(now));
    if (candidates.length === 0) return null;
    this.rotation = (this.rotation + 1) % candidates.length;
    let best: Upstream | null = null;
    for (let i = 0; i < candidates.length; i++) {
      const u = candidates[(this.rotation + i) % candidates.length]!;
      if (!best || this.connectionsOf(u) < this.connectionsOf(best)) best = u;
    }
    return best;
  }

  private route(client: net.Socket, attempt: number, deadline: number): void {
    if (client.destroyed) return;
    const target = this.pick();
    if (!target) return this.wait(client, attempt, deadline);
    const link: Link = {
      client,
      upstream: null,
      target,
      awaiting: false,
      request: '',
      sent: null,
      sentBytes: 0,
      replays: 0,
      head: null,
    };
    this.remember(link);

    // A refused connect sent nothing to the worker: try another one.
    this.connect(target, (upstream) => {
      if (!upstream) {
        this.forget(link);
        if (attempt < maxAttempts) this.route(client, attempt + 1, deadline);
        else client.end(noWorker);
        return;
      }
      this.pipeClient(link);
      this.pipeUpstream(link, upstream);
    });
  }

  /** A connection to a worker, or null when it refuses. */
  private connect(target: Upstream, done: (upstream: net.Socket | null) => void): void {
    const upstream = net.connect({ path: target.socket! });
    const onConnectError = () => done(null);
    upstream.once('error', onConnectError);
    upstream.once('connect', () => {
      upstream.off('error', onConnectError);
      done(upstream);
    });
  }

  private wait(client: net.Socket, attempt: number, deadline: number): void {
    const timer = setTimeout(() => {
      this.waiting.delete(retry);
      log.warn({ waitMs: this.options.waitMs }, 'no worker ready: connection refused');
      client.end(noWorker);
    }, deadline - Date.now());
    const retry = () => {
      clearTimeout(timer);
      this.route(client, attempt, deadline);
    };
    this.waiting.add(retry);
    client.once('close', () => {
      clearTimeout(timer);
      this.waiting.delete(retry);
    });
  }

  /** The client's side: its bytes go to whichever worker the link has now. */
  private pipeClient(link: Link): void {
    const { client } = link;
    client.on('data', (chunk: Buffer) => {
      // A new request, after the last one's answer began. Bytes that do not
      // start like one are the rest of a body the worker answered early.
      if (!link.awaiting && startsRequest(chunk)) {
        link.awaiting = true;
        link.request = requestLine(chunk);
        link.sent = replayable(link.request) ? [] : null;
        link.sentBytes = 0;
        link.head = newHead();
      }
      if (link.head && !this.headFits(link, chunk)) return;
      this.keepForReplay(link, chunk);
      if (link.upstream && !link.upstream.write(chunk)) client.pause();
    });
    client.on('drain', () => link.upstream?.resume());
    client.on('end', () => link.upstream?.end());
    client.on('close', () => {
      link.upstream?.destroy();
      this.forget(link);
    });
  }

  /**
   * Counts a chunk of the open head; past the workers' limit, answers 431
   * instead of passing it on and returns false. Costs one indexOf over the
   * head's bytes per request, nothing once the head has ended.
   */
  private headFits(link: Link, chunk: Buffer): boolean {
    const open = link.head!;
    const ended = countHead(open, chunk);
    if (ended !== null) link.head = null;
    const bytes = ended ?? open.bytes;
    if (bytes <= maxHeadBytes) return true;
    this.refuseHead(link, bytes);
    return false;
  }

  /**
   * Answers 431 and closes, while still reading (and dropping) what the
   * client sends: closing on a client that still sends resets the
   * connection, and the answer can be lost with it. The worker, which saw
   * only part of the head, loses its connection.
   */
  private refuseHead(link: Link, bytes: number): void {
    const { client, upstream } = link;
    log.warn(
      { request: link.request, bytes, limit: maxHeadBytes, slot: link.target.slot },
      'request head too large',
    );
    link.awaiting = false;
    link.head = null;
    link.upstream = null;
    upstream?.destroy();
    this.forget(link);
    client.removeAllListeners('data');
    client.end(headTooLarge);
    client.resume();
    const cut = setTimeout(() => client.destroy(), lingerMs);
    client.once('close', () => clearTimeout(cut));
  }

  private keepForReplay(link: Link, chunk: Buffer): void {
    if (!link.sent) return;
    link.sentBytes += chunk.length;
    if (link.sentBytes > maxReplayBytes) link.sent = null;
    else link.sent.push(chunk);
  }

  /** The worker's side, after the preamble (and a replayed request, if any). */
  private pipeUpstream(link: Link, upstream: net.Socket, replay?: Buffer): void {
    const { client } = link;
    link.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.write(this.preambleFor(client));
    if (replay) upstream.write(replay);

    upstream.on('data', (chunk: Buffer) => {
      link.awaiting = false;
      link.sent = null;
      if (!client.write(chunk)) upstream.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('close', (hadError) => {
      if (link.upstream === upstream) this.upstreamClosed(link, hadError);
    });
    if (client.destroyed) upstream.destroy();
    else client.resume();
  }

  /** The worker side closed: a clean end, a replay, or a 503 for what it left. */
  private upstreamClosed(link: Link, hadError: boolean): void {
    this.forget(link);
    const { client } = link;
    link.upstream = null;
    if (client.destroyed) return;
    const again = link.sent && link.replays < maxReplays && link.target.mayReplay();
    if (link.awaiting && again) {
      this.replay(link);
    } else if (link.awaiting) {
      this.cutRequests += 1;
      client.end(workerStopped);
    } else if (hadError) {
      client.destroy();
    } else {
      client.end();
    }
  }

  /** Sends the unanswered GET or HEAD to another worker, on a new connection. */
  private replay(link: Link): void {
    const { client } = link;
    const bytes = Buffer.concat(link.sent ?? []);
    const previous = link.target;
    const target = this.pick(previous);
    link.replays += 1;
    client.pause();
    const giveUp = () => {
      this.cutRequests += 1;
      client.end(workerStopped);
    };
    if (!target) return giveUp();
    link.target = target;
    this.remember(link);
    this.connect(target, (upstream) => {
      if (!upstream || client.destroyed) {
        this.forget(link);
        if (!client.destroyed) giveUp();
        return;
      }
      log.info(
        { from: previous.slot, to: target.slot, request: link.request },
        'request sent to another worker',
      );
      this.pipeUpstream(link, upstream, bytes);
    });
  }

  private preambleFor(client: net.Socket): string {
    return formatPreamble(
      this.options.secret,
      { address: client.remoteAddress ?? '', port: client.remotePort ?? 0 },
      { address: client.localAddress ?? '', port: client.localPort ?? 0 },
    );
  }

  private remember(link: Link): void {
    const set = this.links.get(link.target) ?? new Set();
    this.links.set(link.target, set);
    set.add(link);
  }

  private forget(link: Link): void {
    const set = this.links.get(link.target);
    if (!set) return;
    set.delete(link);
    if (set.size === 0) this.links.delete(link.target);
  }
}
