// The HTTP worker's listening socket. It accepts only connections that start
// with the dispatcher's preamble (the run's secret, then a PROXY v1 line),
// strips it, gives the socket the real client's address, and hands it to the
// HTTP server. Anything else on 127.0.0.1 is refused.
import type http from 'node:http';
import net from 'node:net';
import { logger } from '../log.js';
import { parsePreamble, type Endpoint } from '../supervisor/preamble.js';

const log = logger('worker');

export interface GuardedServerOptions {
  secret: string;
  http: http.Server;
  /** How long a new connection may take to send its preamble. */
  preambleTimeoutMs?: number;
}

/** Makes the socket report the client's address, so Koa's ctx.ip is the real one. */
function adoptClient(socket: net.Socket, client: Endpoint): void {
  const family = net.isIPv6(client.address) ? 'IPv6' : 'IPv4';
  Object.defineProperty(socket, 'remoteAddress', { value: client.address });
  Object.defineProperty(socket, 'remotePort', { value: client.port });
  Object.defineProperty(socket, 'remoteFamily', { value: family });
}

/** Reads the preamble, then passes the socket (and any bytes after it) on. */
function admit(socket: net.Socket, options: GuardedServerOptions): void {
  let received: Buffer = Buffer.alloc(0);
  const timer = setTimeout(
    () => refuse('no preamble'),
    options.preambleTimeoutMs ?? 5000,
  );

  function refuse(why: string): void {
    clearTimeout(timer);
    log.warn({ why, peer: socket.remoteAddress }, 'connection refused');
    socket.destroy();
  }

  function onData(chunk: Buffer): void {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const parsed = parsePreamble(received, options.secret);
    if (parsed.status === 'incomplete') return;
    socket.off('data', onData);
    if (parsed.status === 'invalid') return refuse(parsed.why);
    clearTimeout(timer);

    // The bytes after the preamble are the start of the first request. Put
    // them back; the HTTP server's own 'data' listener resumes the socket and
    // reads them before anything newer arrives.
    if (parsed.client) adoptClient(socket, parsed.client);
    const rest = received.subarray(parsed.length);
    if (rest.length > 0) socket.unshift(rest);
    options.http.emit('connection', socket);
  }
  socket.on('data', onData);
  socket.on('error', () => clearTimeout(timer));
}

/** A server for 127.0.0.1 that feeds only the dispatcher's connections to `http`. */
export function guardedServer(options: GuardedServerOptions): net.Server {
  return net.createServer({ noDelay: true }, (socket) => admit(socket, options));
}
