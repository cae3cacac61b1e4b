// The admin control API on a real supervisor: the metrics snapshot names every
// process with live figures, the event stream sends a sample about once a
// second, and a resize through the API shows up in both.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../../server/auth/users.js';
import { dbFile, openDb } from '../../server/db/index.js';
import type { MetricsSnapshot } from '../../server/supervisor/protocol.js';
import { startCluster, until, type Cluster } from './harness.js';

let cluster: Cluster;
let cookie: string;

beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 2 } });
  await until(() => cluster.supervisor.pool.jobWorker()?.state === 'ready', 20_000);
  const db = openDb(dbFile(cluster.dataDir));
  await createUser(db, { username: 'gauge', password: 'gauge-password', role: 'admin' });
  db.close();
  const res = await fetch(`${cluster.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: cluster.url },
    body: JSON.stringify({ username: 'gauge', password: 'gauge-password' }),
  });
  cookie = /^(hearth_session=[^;]+)/.exec(res.headers.getSetCookie()[0] ?? '')![1]!;
});
afterAll(() => cluster.stop());

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${cluster.url}${path}`, {
    ...init,
    headers: { cookie, origin: cluster.url, 'content-type': 'application/json' },
  });

/** The first `count` events of the metrics stream, with when each came. */
function streamEvents(
  count: number,
): Promise<{ at: number; snapshot: MetricsSnapshot }[]> {
  return new Promise((resolve, reject) => {
    const events: { at: number; snapshot: MetricsSnapshot }[] = [];
    const req = http.get(`${cluster.url}/api/admin/metrics/stream`, {
      headers: { cookie },
    });
    req.on('response', (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(text.slice(0, end))?.[1];
          text = text.slice(end + 2);
          if (data) events.push({ at: Date.now(), snapshot: JSON.parse(data) });
          if (events.length === count) {
            req.destroy();
            resolve(events);
          }
        }
      });
    });
    req.on('error', reject);
  });
}

describe('metrics on the admin control API', () => {
  test('the snapshot lists every process with its live figures', async () => {
    await until(async () => {
      const snap = (await (await admin('/api/admin/metrics')).json()) as MetricsSnapshot;
      return snap.processes.every((p) => p.role === 'supervisor' || p.rssBytes > 0);
    }, 5000);
    const res = await admin('/api/admin/metrics');
    expect(res.status).toBe(200);
    const snap = (await res.json()) as MetricsSnapshot;
    expect(snap.mode).toBe('supervised');
    expect(snap.workers).toBe(2);
    const roles = snap.processes.map((p) => p.role).sort();
    expect(roles).toEqual(['http', 'http', 'job', 'supervisor']);
    for (const p of snap.processes) {
      expect(p.pid, p.slot).toBeGreaterThan(0);
      expect(p.state, p.slot).toBe('ready');
      expect(p.rssBytes, p.slot).toBeGreaterThan(10 * 2 ** 20);
      expect(p.cpuPercent, p.slot).toBeGreaterThanOrEqual(0);
      for (const key of [
        'openConnections',
        'activeRequests',
        'requestsServed',
        'restarts',
      ])
        expect(p, `${p.slot} ${key}`).toHaveProperty(key);
    }
    // Requests served are counted, from the workers' heartbeats.
    const counted = await until(async () => {
      const now = (await (await admin('/api/admin/metrics')).json()) as MetricsSnapshot;
      const served = now.processes.reduce((sum, p) => sum + p.requestsServed, 0);
      return served >= 3 ? served : null;
    }, 5000);
    expect(counted).toBeGreaterThanOrEqual(3);
    expect(snap.totals.rssBytes).toBe(snap.processes.reduce((s, p) => s + p.rssBytes, 0));
  });

  test('the event stream sends a sample about once a second', async () => {
    const events = await streamEvents(4);
    const gaps = events.slice(1).map((e, i) => e.at - events[i]!.at);
    // The first event is the snapshot at once; then the sampler's pace.
    for (const gap of gaps.slice(1)) {
      expect(gap).toBeGreaterThan(500);
      expect(gap).toBeLessThan(2500);
    }
    expect(events.at(-1)!.snapshot.at).toBeGreaterThan(events[0]!.snapshot.at);
  });

  test('a resize through the API shows in the metrics', async () => {
    const res = await admin('/api/admin/workers', {
      method: 'PUT',
      body: JSON.stringify({ workers: 3 }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ workers: 3 });
    await until(async () => {
      const snap = (await (await admin('/api/admin/metrics')).json()) as MetricsSnapshot;
      const ready = snap.processes.filter(
        (p) => p.role === 'http' && p.state === 'ready',
      );
      return snap.workers === 3 && ready.length === 3;
    }, 15_000);
    const bad = await admin('/api/admin/workers', {
      method: 'PUT',
      body: JSON.stringify({ workers: 0 }),
    });
    expect(bad.status).toBe(400);
  });

  test('a resize through the API is saved, like the workers setting', async () => {
    const res = await admin('/api/admin/workers', {
      method: 'PUT',
      body: JSON.stringify({ workers: 1 }),
    });
    expect(res.status).toBe(202);
    const file = path.join(cluster.dataDir, 'settings.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ workers: 1 });
    // The settings window shows the count in effect, not the one started with.
    expect(cluster.supervisor.settings().workers).toBe(1);
    const view = (await (await admin('/api/admin/settings')).json()) as {
      values: { workers: number };
      pendingRestart: string[];
    };
    expect(view.values.workers).toBe(1);
    expect(view.pendingRestart).toEqual([]);
  });
});
