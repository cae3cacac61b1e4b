// A small HTTP/1.1 load generator that runs in its own process (forked by
// load.ts), so its CPU is not the dispatcher's. Each connection sends one
// request at a time over keep-alive and reads the answer by Content-Length.
// It can open each connection with the dispatcher's preamble, which is how
// the benchmark talks to a worker directly, bypassing the dispatcher.
import net from 'node:net';

export interface LoadTarget {
  /** A TCP port on 127.0.0.1, or the path of a worker's socket. */
  port?: number;
  path?: string;
  /** Written once at the start of each connection (the worker preamble). */
  preamble?: string;
}

export interface LoadConfig {
  targets: LoadTarget[];
  path: string;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  bytes: number;
  seconds: number;
  /** Latencies in ms, sorted. */
  latencies: number[];
  /** CPU this load client used (user + system), ms. */
  cpuMs: number;
}

const headerEnd = Buffer.from('\r\n\r\n');

/** One keep-alive connection, sending requests until `deadline`. */
function runConnection(config: LoadConfig, target: LoadTarget, deadline: number) {
  const result = {
    requests: 0,
    errors: 0,
    non2xx: 0,
    bytes: 0,
    latencies: [] as number[],
  };
  const lines = Object.entries({ host: '127.0.0.1', ...config.headers });
  const request =
    `GET ${config.path} HTTP/1.1\r\n` +
    lines.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    '\r\n';

  return new Promise<typeof result>((resolve) => {
    const socket = target.path
      ? net.connect({ path: target.path })
      : net.connect({ host: '127.0.0.1', port: target.port! });
    if (!target.path) socket.setNoDelay(true);
    let head = Buffer.alloc(0);
    let remaining = -1;
    let startedAt = 0;

    // 1. Send one request; the answer's end sends the next.
    const send = () => {
      if (Date.now() >= deadline) return socket.end();
      startedAt = performance.now();
      socket.write(request);
    };
    const finish = () => {
      result.requests += 1;
      result.latencies.push(performance.now() - startedAt);
      head = Buffer.alloc(0);
      remaining = -1;
      send();
    };

    // 2. Read the head for the status and Content-Length, then count the body.
    const onData = (chunk: Buffer) => {
      if (remaining < 0) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf(headerEnd);
        if (end < 0) return;
        const text = head.subarray(0, end).toString('latin1');
        const status = Number(text.slice(9, 12));
        if (status < 200 || status >= 300) result.non2xx += 1;
        const length = /\r\ncontent-length: *(\d+)/i.exec(text);
        remaining = length ? Number(length[1]) : 0;
        chunk = head.subarray(end + headerEnd.length);
      }
      const body = Math.min(chunk.length, remaining);
      result.bytes += body;
      remaining -= body;
      if (remaining === 0) finish();
    };

    socket.on('connect', () => {
      if (target.preamble) socket.write(target.preamble);
      send();
    });
    socket.on('data', onData);
    socket.on('error', () => (result.errors += 1));
    socket.on('close', () => resolve(result));
  });
}

/** Runs the load and merges every connection's figures. */
export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const deadline = Date.now() + config.durationMs;
  const runs = Array.from({ length: config.connections }, (_, i) =>
    runConnection(config, config.targets[i % config.targets.length]!, deadline),
  );
  const each = await Promise.all(runs);
  const latencies = each.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    requests: each.reduce((sum, r) => sum + r.requests, 0),
    errors: each.reduce((sum, r) => sum + r.errors, 0),
    non2xx: each.reduce((sum, r) => sum + r.non2xx, 0),
    bytes: each.reduce((sum, r) => sum + r.bytes, 0),
    seconds: (performance.now() - started) / 1000,
    latencies,
    cpuMs: cpuMsSince(cpu),
  };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

// Forked by load.ts: the config arrives as the first message, the result
// goes back as the answer.
if (process.send) {
  process.once('message', (config: LoadConfig) => {
    void runLoad(config).then((result) => {
      process.send!(result, () => process.exit(0));
    });
  });
}
