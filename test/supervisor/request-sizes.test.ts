// Requests too big for Hearth, over raw sockets through the real supervisor
// (its dispatcher and worker processes). A head past the workers' limit
// gets the dispatcher's 431 every time, never a 503 that tells the client
// to retry, and never a reset. A body past its reader's limit, sent
// chunked, gets a 413 in its protocol's error format with a request id,
// every time, and the connection then serves the next request. Each
// refusal is logged; a client that goes on sending is cut a few seconds
// after its answer.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths.js';

// Every process of the cluster (the dispatcher here, the workers) logs to
// this file; set before the server modules create their loggers.
const logFile = path.join(tempDir('hearth-sizes-log-'), 'hearth.log');
process.env.HEARTH_LOG_FILE = logFile;
const { dbFile, openDb } = await import('../../server/db/index.js');
const { maxHeadBytes } = await import('../../server/supervisor/request-head.js');
const { createAccount, signIn } = await import('../helpers/auth.js');
const { startCluster } = await import('./harness.js');
type Cluster = Awaited<ReturnType<typeof startCluster>>;

let cluster: Cluster;
let port: number;
let admin = '';

beforeAll(async () => {
  cluster = await startCluster({ settings: { limitTimeReal: 30 } });
  port = Number(new URL(cluster.url).port);
  const db = openDb(dbFile(cluster.dataDir));
  admin = (await signIn({ url: cluster.url, db }, await createAccount({ db }, 'admin')))
    .cookie;
  db.close();
});
afterAll(() => cluster?.stop());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The connection, kept open for more requests. */
  socket: net.Socket;
}

/**
 * Sends `parts` on a new connection (or `socket`), as fast as it takes them,
 * and resolves with the first final response; rejects on a reset or close
 * before it.
 */
function exchange(
  parts: Iterable<Buffer | string>,
  socket?: net.Socket,
): Promise<Answer> {
  const conn = socket ?? net.connect(port, '127.0.0.1');
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseResponse(received);
      if (!answer) return;
      conn.off('data', onData).off('error', reject).off('close', onClose);
      resolve({ ...answer, socket: conn });
    };
    const onClose = () => reject(new Error(`closed after ${received.length} bytes`));
    conn.on('data', onData).on('error', reject).on('close', onClose);
    void send(conn, parts);
  });
}

/** Writes every part, waiting for the socket to drain; stops if it closes. */
async function send(socket: net.Socket, parts: Iterable<Buffer | string>) {
  for (const part of parts) {
    if (socket.destroyed) return;
    if (!socket.write(part)) {
      await new Promise((resolve) =>
        socket.once('drain', resolve).once('close', resolve),
      );
    }
  }
}

/** The first final (non-1xx) response in `bytes` once it is complete, else null. */
function parseResponse(bytes: Buffer) {
  let rest = bytes.toString('latin1');
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return null;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const status = Number(statusLine!.split(' ')[1]);
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    rest = rest.slice(end + 4);
    if (status >= 200) {
      const length = Number(headers['content-length'] ?? 0);
      if (Buffer.byteLength(rest, 'latin1') < length) return null;
      const body = Buffer.from(rest.slice(0, length), 'latin1').toString('utf8');
      return { status, headers, body };
    }
  }
}

/** A GET whose head is `size` bytes in all, padded by one header. */
function headOf(size: number): string {
  const start = 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Pad: ';
  return start + 'a'.repeat(size - start.length - 4) + '\r\n\r\n';
}

/**
 * A chunked request of `bytes` body bytes made of `fill`, in 64 KiB chunks,
 * asking for a 100 Continue first as curl does.
 */
function* chunkedPost(target: string, type: string, bytes: number, fill = ' ') {
  const url = `http://127.0.0.1:${port}`;
  yield [
    `POST ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Origin: ${url}`,
    `Cookie: ${admin}`,
    `Content-Type: ${type}`,
    'Transfer-Encoding: chunked',
    'Expect: 100-continue',
    '',
    '',
  ].join('\r\n');
  const chunk = Buffer.alloc(64 * 1024, fill);
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    yield `${chunk.length.toString(16)}\r\n`;
    yield chunk;
    yield '\r\n';
  }
  yield '0\r\n\r\n';
}

/** The log lines, parsed, with this message. */
function logged(msg: string): Record<string, unknown>[] {
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The ms until the server closes the socket, while `drip` keeps sending. */
async function closedAfter(socket: net.Socket, drip: () => void): Promise<number> {
  const started = Date.now();
  const timer = setInterval(drip, 50);
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('close', resolve));
  clearInterval(timer);
  return Date.now() - started;
}

describe('request heads', () => {
  it('past the limit: 431 from the dispatcher, ten times out of ten at each size', async () => {
    const before = logged('request head too large').length;
    for (const size of [20_000, 70_000, 1_000_000]) {
      for (let i = 0; i < 10; i++) {
        const answer = await exchange([headOf(size)]);
        answer.socket.destroy();
        expect(answer.status, `${size} bytes, try ${i}`).toBe(431);
        expect(JSON.parse(answer.body)).toEqual({
          error: 'head_too_large',
          message: 'the request line and headers are too large',
        });
        expect(answer.headers['retry-after']).toBeUndefined();
        expect(answer.headers.connection).toBe('close');
      }
    }
    const lines = logged('request head too large').slice(before);
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatchObject({
      level: 40,
      category: 'supervisor',
      request: 'GET /api/health',
      limit: maxHeadBytes,
    });
  });

  it('at the limit: the worker answers', async () => {
    const answer = await exchange([headOf(maxHeadBytes)]);
    answer.socket.destroy();
    expect(answer.status).toBe(200);
    expect(answer.headers['x-request-id']).toBeTruthy();
  });

  it('a head that keeps coming is cut within seconds of its 431', async () => {
    // A client that sends on after the dispatcher's end of the connection.
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const answer = await exchange([headOf(1_000_000).slice(0, 40_000)], socket);
    expect(answer.status).toBe(431);
    const ms = await closedAfter(answer.socket, () => answer.socket.write('aaaa'));
    expect(ms).toBeGreaterThan(3_000);
    expect(ms).toBeLessThan(8_000);
  });
});

describe('chunked bodies past the limit', () => {
  const json = 'application/json';
  const form = 'application/x-www-form-urlencoded';
  const tooLarge = { error: 'body_too_large', message: 'request body too large' };

  it.each([
    ['/api/playlists', json],
    ['/api/playlists/import', json],
    ['/api/users', json],
  ])('%s: 413 body_too_large with a request id, logged, 5 times of 5', async (target) => {
    for (let i = 0; i < 5; i++) {
      const answer = await exchange(chunkedPost(target, json, 3_000_000));
      answer.socket.destroy();
      expect(answer.status, `try ${i}`).toBe(413);
      expect(JSON.parse(answer.body)).toEqual(tooLarge);
      const id = answer.headers['x-request-id'];
      expect(id).toBeTruthy();
      expect(logged('request body too large')).toContainEqual(
        expect.objectContaining({ level: 40, requestId: id }),
      );
    }
  });

  it('Subsonic formPost: a 413 Subsonic error, 5 times of 5', async () => {
    for (let i = 0; i < 5; i++) {
      const post = chunkedPost('/rest/ping?f=json', form, 3_000_000, 'a');
      const answer = await exchange(post);
      answer.socket.destroy();
      expect(answer.status, `try ${i}`).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({
        'subsonic-response': {
          status: 'failed',
          error: { code: 0, message: 'request body too large' },
        },
      });
      const id = answer.headers['x-request-id'];
      expect(logged('request body too large')).toContainEqual(
        expect.objectContaining({ requestId: id }),
      );
    }
  });

  it('the connection then serves the next request', async () => {
    const refused = await exchange(chunkedPost('/api/playlists', json, 3_000_000));
    expect(refused.status).toBe(413);
    const next = await exchange(
      ['GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n'],
      refused.socket,
    );
    next.socket.destroy();
    expect(next.status).toBe(200);
  });

  it('a body that keeps coming is cut within seconds of its 413', async () => {
    const parts = [...chunkedPost('/api/users', json, 64 * 1024)].slice(0, -1);
    const answer = await exchange(parts);
    expect(answer.status).toBe(413);
    const drip = () => answer.socket.write('4\r\naaaa\r\n');
    const ms = await closedAfter(answer.socket, drip);
    expect(ms).toBeGreaterThan(3_000);
    expect(ms).toBeLessThan(8_000);
  });
});
