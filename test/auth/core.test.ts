// The account core without HTTP: password hashes, sealed secrets, the key
// file, the data folder's modes, throttling arithmetic and library
// visibility, on real SQLite files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  verifyNothing,
  verifyPassword,
} from '../../server/auth/passwords.js';
import { digest, keyFile, loadKey, seal, unseal } from '../../server/auth/secrets.js';
import {
  admit,
  blockedFor,
  clientAddress,
  recordFailure,
  settleSuccess,
  throttleKeys,
} from '../../server/auth/throttle.js';
import {
  canSeeLibrary,
  createUser,
  deleteUser,
  LastAdminError,
  librarySqlFilter,
  updateUser,
  UsernameTakenError,
  visibleLibraryIds,
} from '../../server/auth/users.js';
import {
  createSession,
  endUserSessions,
  resolveSession,
} from '../../server/auth/sessions.js';
import { makeDataFolderPrivate } from '../../server/data-folder.js';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import { saveSettings } from '../../server/settings/file.js';
import { tempDir } from '../helpers/paths.js';

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

function freshDb(): Db {
  return openDb(dbFile(tempDir('hearth-auth-')));
}

describe('passwords', () => {
  it('hashes with scrypt N=2^15 r=8 p=3 into a PHC string and verifies', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct hors', hash)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('salts each hash and asks to rehash weaker parameters', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
    expect(needsRehash(a.replace('ln=15', 'ln=14'))).toBe(true);
  });

  it('spends real scrypt work on an unknown user', async () => {
    const hash = await hashPassword('warm-up');
    const time = async (work: () => Promise<unknown>) => {
      const t = performance.now();
      await work();
      return performance.now() - t;
    };
    // Medians of interleaved runs, so a busy moment on the machine (another
    // test file on the other core) does not decide the comparison.
    await verifyNothing('x');
    const reals: number[] = [];
    const nones: number[] = [];
    for (let i = 0; i < 5; i++) {
      reals.push(await time(() => verifyPassword('x', hash)));
      nones.push(await time(() => verifyNothing('x')));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    const real = median(reals);
    const none = median(nones);
    expect(none).toBeGreaterThan(real * 0.5);
    expect(none).toBeLessThan(real * 2);
  });
});

describe('sealed secrets', () => {
  it('round-trips, and refuses another context or a changed byte', () => {
    const dir = tempDir('hearth-key-');
    const key = loadKey(keyFile(dir));
    const sealed = seal(key, 'app-pass', 'user:1');
    expect(sealed).not.toContain('app-pass');
    expect(unseal(key, sealed, 'user:1')).toBe('app-pass');
    expect(() => unseal(key, sealed, 'user:2')).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => unseal(key, tampered, 'user:1')).toThrow();
  });

  it('keeps the key in a 0600 file of the data folder, the same for every reader', () => {
    const dir = tempDir('hearth-key-');
    const key = loadKey(keyFile(dir));
    const stat = fs.statSync(path.join(dir, 'secret.key'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(key).toHaveLength(32);
    expect(fs.readdirSync(dir)).toEqual(['secret.key']);
  });

  it('makes a new data folder 0700, its database and settings 0600', () => {
    const dir = path.join(tempDir('hearth-private-'), 'new data');
    const db = openDb(dbFile(dir));
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    saveSettings(dir, { workers: 2 });
    const names = ['hearth.db', 'hearth.db-wal', 'hearth.db-shm', 'settings.json'];
    expect(fs.readdirSync(dir).sort()).toEqual(names.sort());
    expect(modeOf(dir)).toBe('700');
    for (const name of names) expect(modeOf(path.join(dir, name)), name).toBe('600');
    db.close();
  });

  it('tightens an older data folder that everyone could read', () => {
    const dir = tempDir('hearth-older-');
    const db = openDb(dbFile(dir));
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    saveSettings(dir, { workers: 2 });
    loadKey(keyFile(dir));
    const files = fs.readdirSync(dir).map((name) => path.join(dir, name));
    fs.chmodSync(dir, 0o755);
    for (const file of files) fs.chmodSync(file, 0o644);
    fs.writeFileSync(path.join(dir, 'jobs.json'), '{}', { mode: 0o644 });

    makeDataFolderPrivate(dir);
    expect(modeOf(dir)).toBe('700');
    for (const file of files) expect(modeOf(file), file).toBe('600');
    // Files that hold nothing private keep their mode.
    expect(modeOf(path.join(dir, 'jobs.json'))).toBe('644');
    db.close();
  });

  it('stores digests, not tokens', () => {
    expect(digest('abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(digest('abc')).not.toBe(digest('abd'));
  });
});

describe('throttle', () => {
  it.each([
    ['192.168.1.20', '192.168.1.20'],
    ['::ffff:10.0.0.7', '10.0.0.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('identifies %s as %s', (ip, address) => {
    expect(clientAddress(ip)).toBe(address);
  });

  it('blocks after the free allowance, doubling, and forgets after success', () => {
    const db = freshDb();
    const keys = throttleKeys('Alice', '10.0.0.1');
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i += 1) recordFailure(db, keys, t0);
    expect(blockedFor(db, keys, t0)).toBe(0);
    recordFailure(db, keys, t0);
    expect(blockedFor(db, keys, t0)).toBe(1000);
    recordFailure(db, keys, t0 + 1000);
    expect(blockedFor(db, keys, t0 + 1000)).toBe(2000);

    // Another address for the same account is not blocked.
    expect(blockedFor(db, throttleKeys('alice', '10.0.0.2'), t0 + 1000)).toBe(0);

    // A success clears the account-and-address counter.
    settleSuccess(db, keys);
    expect(blockedFor(db, keys, t0 + 1000)).toBe(0);
  });

  it('counts an admitted attempt before its result, so bursts cannot slip past', () => {
    const db = freshDb();
    const keys = throttleKeys('bob', '10.0.0.3');
    const admitted = Array.from({ length: 20 }, () => admit(db, keys, 5_000)).filter(
      (wait) => wait === 0,
    );
    expect(admitted).toHaveLength(5);
  });
});

describe('users and sessions', () => {
  it('refuses duplicate names without regard to case, and losing the last admin', async () => {
    const db = freshDb();
    const admin = await createUser(db, {
      username: 'Root',
      password: 'pw123456',
      role: 'admin',
    });
    await expect(
      createUser(db, { username: 'root', password: 'pw123456', role: 'user' }),
    ).rejects.toBeInstanceOf(UsernameTakenError);
    expect(() => updateUser(db, admin.id, { role: 'user' })).toThrow(LastAdminError);
    expect(() => updateUser(db, admin.id, { disabled: true })).toThrow(LastAdminError);
    expect(() => deleteUser(db, admin.id)).toThrow(LastAdminError);
    expect(updateUser(db, admin.id, { displayName: 'The Root' })?.displayName).toBe(
      'The Root',
    );
  });

  it('limits a user to chosen libraries, and "all" includes later ones', async () => {
    const db = freshDb();
    const insert = db.prepare('INSERT INTO library (path) VALUES (?)');
    const a = Number(insert.run('/music/a').lastInsertRowid);
    const b = Number(insert.run('/music/b').lastInsertRowid);
    const kid = await createUser(db, {
      username: 'kid',
      password: 'pw123456',
      role: 'user',
      libraries: [b],
    });
    const parent = await createUser(db, {
      username: 'parent',
      password: 'pw123456',
      role: 'admin',
    });
    expect(visibleLibraryIds(db, kid)).toEqual([b]);
    expect(canSeeLibrary(db, kid, a)).toBe(false);
    const c = Number(insert.run('/music/c').lastInsertRowid);
    expect(visibleLibraryIds(db, parent)).toEqual([a, b, c]);

    // The SQL filter gives the same answer inside a query.
    const filter = librarySqlFilter(kid, 'library.id');
    const rows = db
      .prepare(`SELECT id FROM library WHERE ${filter.sql} ORDER BY id`)
      .all(...filter.params);
    expect(rows).toEqual([{ id: b }]);
  });

  it('keeps only a digest of the session id, and ends sessions on request', async () => {
    const db = freshDb();
    const user = await createUser(db, {
      username: 'eve',
      password: 'pw123456',
      role: 'user',
    });
    const client = { ip: '10.0.0.1', userAgent: 'test' };
    const one = createSession(db, user.id, client);
    const two = createSession(db, user.id, client);
    const stored = db.prepare('SELECT id_hash FROM session').all() as Array<{
      id_hash: string;
    }>;
    expect(stored.map((r) => r.id_hash)).not.toContain(one.token);
    expect(resolveSession(db, one.token)?.user.id).toBe(user.id);

    // Ending the others keeps the caller's.
    expect(endUserSessions(db, user.id, one.session.idHash)).toBe(1);
    expect(resolveSession(db, one.token)).not.toBeNull();
    expect(resolveSession(db, two.token)).toBeNull();

    // A disabled user's session no longer resolves.
    await createUser(db, { username: 'admin', password: 'pw123456', role: 'admin' });
    updateUser(db, user.id, { disabled: true });
    expect(resolveSession(db, one.token)).toBeNull();
  });
});
