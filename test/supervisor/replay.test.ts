// The dispatcher with two stand-in workers on real sockets: the first reads
// a request and closes without answering (what a draining worker does to an
// idle keep-alive connection as the next request arrives), the second
// answers. A GET or HEAD goes on to the second; anything else, or a request
// whose worker the watchdog killed, gets the 503.
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Dispatcher, type Upstream } from '../../server/supervisor/dispatcher.js';
import { tempDir } from '../helpers/paths.js';

interface StandIn extends Upstream {
  server: net.Server;
  requests: number;
  replay: boolean;
}

/** A worker that reads the preamble and a request head, then acts. */
async function standIn(slot: string, answer: boolean): Promise<StandIn> {
  const worker: StandIn = {
    slot,
    socket: path.join(tempDir(), `${slot}.sock`),
    requests: 0,
    replay: true,
    server: net.createServer((socket) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        // The preamble is two lines; the request head ends with a blank line.
        if (!/\r\n\r\n/.test(text.split('\r\n').slice(2).join('\r\n'))) return;
        worker.requests += 1;
        text = '';
        if (!answer) return socket.destroy();
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nfrom ${slot}`);
      });
    }),
    routable: () => true,
    mayReplay: () => worker.replay,
  };
  await new Promise<void>((resolve) => worker.server.listen(worker.socket!, resolve));
  return worker;
}

let closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers) close();
  closers = [];
});

/** A dispatcher that sends new connections to `first` only. */
async function setup() {
  const closing = await standIn('w1', false);
  const answering = await standIn('w2', true);
  let routed = 0;
  const dispatcher = new Dispatcher({
    host: '127.0.0.1',
    port: 0,
    secret: 'test-secret',
    // The first pick is the closing worker; the replay must avoid it.
    upstreams: () => (routed++ === 0 ? [closing] : [closing, answering]),
    waitMs: 1000,
  });
  const port = await dispatcher.listen();
  closers.push(
    () => dispatcher.destroyAll(),
    () => closing.server.close(),
    () => answering.server.close(),
  );
  return { dispatcher, port, closing, answering };
}

/** Sends one raw request and reads until the server closes or answers. */
function ask(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (/\r\n\r\n[\s\S]*(from w2|"message")/.test(text)) socket.end();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.write(head);
  });
}

describe('a worker that closes before it answers', () => {
  test('a GET goes to another worker, which answers it', async () => {
    const { dispatcher, port, closing, answering } = await setup();
    const reply = await ask(port, 'GET /api/albums HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1.1 200 OK/);
    expect(reply).toContain('from w2');
    expect(closing.requests).toBe(1);
    expect(answering.requests).toBe(1);
    expect(dispatcher.cutRequests).toBe(0);
  });

  test('a POST is not sent twice: the client gets the 503', async () => {
    const { dispatcher, port, answering } = await setup();
    const body = '{"trackId":"a"}';
    const reply = await ask(
      port,
      `POST /api/plays HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(reply).toMatch(/^HTTP\/1.1 503/);
    expect(reply).toContain('worker_stopped');
    expect(answering.requests).toBe(0);
    expect(dispatcher.cutRequests).toBe(1);
  });

  test('a GET whose worker the watchdog killed is not sent on', async () => {
    const { dispatcher, port, closing, answering } = await setup();
    closing.replay = false;
    const reply = await ask(port, 'GET /api/test/block HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1.1 503/);
    expect(answering.requests).toBe(0);
    expect(dispatcher.cutRequests).toBe(1);
  });
});
