// Spread: connections through the public port reach every HTTP worker, and
// each worker's app sees the real client address. Workers refuse anyone but
// the dispatcher, and listen on no TCP port at all: only on a socket in a
// folder nobody else may open.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { json, request, startCluster, type Cluster } from './harness.js';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 3 } });
});
afterAll(() => cluster.stop());

/** Inodes of every listening TCP socket on this machine (state 0A in /proc/net/tcp*). */
function listeningTcpInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A') inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/** Inodes of the sockets a process holds open. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
    } catch {
      continue; // closed while we looked
    }
    const found = /^socket:\[(\d+)\]$/.exec(target);
    if (found) inodes.add(found[1]!);
  }
  return inodes;
}

interface WhoAmI {
  pid: number;
  ip: string;
  port: number;
}

describe('spread over three workers', () => {
  test('300 requests are served by all three pids, each seeing the client address', async () => {
    const seen = new Map<number, number>();
    for (let batch = 0; batch < 30; batch++) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          json<WhoAmI>(`${cluster.url}/api/test/whoami`, { localAddress: '127.0.0.2' }),
        ),
      );
      for (const reply of replies) {
        expect(reply.ip).toBe('127.0.0.2');
        seen.set(reply.pid, (seen.get(reply.pid) ?? 0) + 1);
      }
    }
    const pids = cluster.supervisor.pool.httpSlots().map((s) => s.current!.pid);
    expect([...seen.keys()].sort()).toEqual([...pids].sort());
    for (const count of seen.values()) expect(count).toBeGreaterThanOrEqual(30);
  });

  test("the client's own source port reaches the app too", async () => {
    const reply = await new Promise<{ local: number; seen: WhoAmI }>(
      (resolve, reject) => {
        const socket = net.connect({ port: cluster.supervisor.port, host: '127.0.0.1' });
        let text = '';
        socket.on('connect', () =>
          socket.write(
            'GET /api/test/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
          ),
        );
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () =>
          resolve({
            local: socket.localPort!,
            seen: JSON.parse(text.split('\r\n\r\n')[1]!),
          }),
        );
        socket.on('error', reject);
      },
    );
    expect(reply.seen.port).toBe(reply.local);
    expect(reply.seen.ip).toBe('127.0.0.1');
  });

  test('an X-Forwarded-For header cannot fake the address', async () => {
    const reply = await json<WhoAmI>(`${cluster.url}/api/test/whoami`, {
      localAddress: '127.0.0.3',
      headers: { 'X-Forwarded-For': '6.6.6.6' },
    });
    expect(reply.ip).toBe('127.0.0.3');
  });

  test('a worker refuses connections that do not come from the dispatcher', async () => {
    const worker = cluster.supervisor.pool.httpSlots()[0]!.current!;
    const attempts = [
      'GET /api/test/whoami HTTP/1.1\r\nHost: x\r\n\r\n',
      `HEARTH ${'0'.repeat(48)}\r\nPROXY TCP4 6.6.6.6 127.0.0.1 1 2\r\nGET /api/test/whoami HTTP/1.1\r\nHost: x\r\n\r\n`,
    ];
    for (const bytes of attempts) {
      const answer = await new Promise<string>((resolve) => {
        const socket = net.connect({ path: worker.socket! });
        let text = '';
        socket.on('connect', () => socket.write(bytes));
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => undefined);
      });
      expect(answer).toBe('');
    }
    const still = await request(`${cluster.url}/api/test/whoami`);
    expect(still.status).toBe(200);
  });

  test('workers listen on a private socket, never on a TCP port', () => {
    const listening = listeningTcpInodes();
    for (const slot of cluster.supervisor.pool.httpSlots()) {
      const worker = slot.current!;
      // The socket's folder is its owner's alone.
      const folder = fs.statSync(path.dirname(worker.socket!));
      expect(folder.mode & 0o777).toBe(0o700);
      expect(fs.statSync(worker.socket!).isSocket()).toBe(true);
      // None of the worker's descriptors is a listening TCP socket.
      const own = socketInodes(worker.pid!);
      expect(own.size).toBeGreaterThan(0);
      expect([...own].filter((inode) => listening.has(inode))).toEqual([]);
    }
    // The dispatcher's public port is one, seen the same way.
    expect([...socketInodes(process.pid)].some((i) => listening.has(i))).toBe(true);
    const snapshot = cluster.supervisor.snapshot();
    expect(snapshot.processes.filter((p) => p.role === 'http')).toHaveLength(3);
  });
});
