// Sessions live in the database, not in a worker's memory: a session made
// through one HTTP worker still works after every HTTP worker has been
// killed (SIGKILL) and replaced by the real supervisor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import {
  httpPids,
  json,
  startCluster,
  until,
  type Cluster,
} from '../supervisor/harness.js';

let cluster: Cluster;
let db: Db;
beforeAll(async () => {
  cluster = await startCluster({ settings: { workers: 2 } });
  db = openDb(dbFile(cluster.dataDir));
});
afterAll(async () => {
  db?.close();
  await cluster?.stop();
});

/** The signed-in user's name as the server sees it, or the status. */
async function whoIs(user: SignedIn): Promise<string | number> {
  const res = await user.fetch('/api/auth/me');
  if (res.status !== 200) return res.status;
  return ((await res.json()) as { user: { username: string } }).user.username;
}

describe('restarts', () => {
  it('keeps a session valid across a kill of every HTTP worker', async () => {
    const user = await signIn({ url: cluster.url, db }, 'user');
    expect(await whoIs(user)).toBe(user.username);

    // Kill every HTTP worker at once; the supervisor starts new ones.
    const before = httpPids(cluster.supervisor);
    expect(before).toHaveLength(2);
    for (const pid of before) process.kill(pid, 'SIGKILL');
    await until(() => {
      const now = httpPids(cluster.supervisor);
      return now.length === 2 && now.every((pid) => !before.includes(pid));
    }, 30_000);
    expect(await cluster.supervisor.whenReady(30_000)).toBe(true);

    // The new workers serve the same session, over several connections.
    const served = new Set<number>();
    for (let i = 0; i < 6; i += 1) {
      expect(await whoIs(user)).toBe(user.username);
      served.add((await json<{ pid: number }>(`${cluster.url}/api/test/whoami`)).pid);
    }
    expect([...served].some((pid) => before.includes(pid))).toBe(false);

    // Signing out still ends it everywhere.
    const out = await user.fetch('/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(await whoIs(user)).toBe(401);
  });
});
