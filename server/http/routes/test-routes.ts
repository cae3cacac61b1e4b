// Routes that misbehave on purpose, so the supervisor's tests can prove the
// limits: block the event loop, never answer, stall a body, grow memory,
// stream slowly. They are added to the route table only when
// settings.testRoutes is on, which nothing but the tests ever sets.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { route } from '../routes.js';

const retained: Buffer[] = [];

/** Byte `i` of test stream `seed`: a pattern a client can check without a copy. */
export function testStreamByte(i: number, seed: number): number {
  return (seed * 31 + i * 7 + Math.floor(i / 251)) & 0xff;
}

function patternChunk(start: number, length: number, seed: number): Buffer {
  const chunk = Buffer.allocUnsafe(length);
  for (let k = 0; k < length; k++) chunk[k] = testStreamByte(start + k, seed);
  return chunk;
}

/** `total` bytes at about `bytesPerSecond`, produced only as fast as they are read. */
function pacedStream(total: number, bytesPerSecond: number, seed: number): Readable {
  const tickMs = 50;
  const perTick = Math.max(
    1,
    Math.min(65_536, Math.round((bytesPerSecond * tickMs) / 1000)),
  );
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  return new Readable({
    read() {
      timer ??= setTimeout(() => {
        timer = undefined;
        const length = Math.min(perTick, total - sent);
        this.push(patternChunk(sent, length, seed));
        sent += length;
        if (sent >= total) this.push(null);
      }, tickMs);
    },
    destroy(err, callback) {
      clearTimeout(timer);
      callback(err);
    },
  });
}

const count = (max: number, fallback: number) =>
  z.coerce.number().int().min(0).max(max).default(fallback);

const blockQuery = z.object({ ms: count(600_000, 600_000) });
const streamQuery = z.object({
  bytes: count(1e9, 100_000),
  rate: count(1e9, 50_000),
  seed: count(255, 1),
});
const stallQuery = z.object({ bytes: count(1e6, 1024) });
const allocateQuery = z.object({ mb: count(4096, 64) });
const slowQuery = z.object({ ms: count(600_000, 1000) });

export const testRoutes = [
  route({
    method: 'GET',
    path: '/api/test/whoami',
    access: 'public',
    summary: 'Test only: the pid serving the request and the client address it sees.',
    handler: (ctx) => {
      ctx.body = { pid: process.pid, ip: ctx.ip, port: ctx.req.socket.remotePort };
    },
  }),
  route({
    method: 'GET',
    path: '/api/test/block',
    access: 'public',
    summary: 'Test only: blocks the event loop for `ms` (a runaway request).',
    handler: (ctx) => {
      const { ms } = blockQuery.parse(ctx.query);
      const until = Date.now() + ms;
      while (Date.now() < until) {
        // burning CPU on purpose
      }
      ctx.body = { pid: process.pid, blockedMs: ms };
    },
  }),
  route({
    method: 'GET',
    path: '/api/test/hang',
    access: 'public',
    summary: 'Test only: never answers.',
    handler: () => new Promise<void>(() => undefined),
  }),
  route({
    method: 'GET',
    path: '/api/test/slow',
    access: 'public',
    summary: 'Test only: answers after `ms`, without blocking.',
    handler: async (ctx) => {
      const { ms } = slowQuery.parse(ctx.query);
      await new Promise((resolve) => setTimeout(resolve, ms));
      ctx.body = { pid: process.pid, waitedMs: ms };
    },
  }),
  route({
    method: 'GET',
    path: '/api/test/stream',
    access: 'public',
    summary: 'Test only: `bytes` of a checkable pattern at about `rate` bytes/s.',
    handler: (ctx) => {
      const { bytes, rate, seed } = streamQuery.parse(ctx.query);
      ctx.set('X-Hearth-Pid', String(process.pid));
      ctx.type = 'application/octet-stream';
      ctx.length = bytes;
      ctx.body = pacedStream(bytes, rate, seed);
    },
  }),
  route({
    method: 'GET',
    path: '/api/test/stall',
    access: 'public',
    summary: 'Test only: sends `bytes` of a body, then never another.',
    handler: (ctx) => {
      const { bytes } = stallQuery.parse(ctx.query);
      ctx.set('X-Hearth-Pid', String(process.pid));
      ctx.type = 'application/octet-stream';
      ctx.length = bytes * 2;
      ctx.body = new Readable({ read() {} });
      (ctx.body as Readable).push(patternChunk(0, bytes, 1));
    },
  }),
  route({
    method: 'POST',
    path: '/api/test/allocate',
    access: 'public',
    summary: 'Test only: keeps `mb` MiB more of memory alive in this worker.',
    handler: (ctx) => {
      const { mb } = allocateQuery.parse(ctx.query);
      for (let i = 0; i < mb; i++) retained.push(Buffer.alloc(1048576, 1 + (i % 255)));
      ctx.body = {
        pid: process.pid,
        retainedMiB: retained.length,
        rssMiB: Math.round(process.memoryUsage.rss() / 1048576),
      };
    },
  }),
];
