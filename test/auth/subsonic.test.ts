// Subsonic credentials: token and salt against the app password, API keys,
// legacy p= only when enabled, the spec's error codes, throttling, and the
// real /rest transport reading them from the query or a form body.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, setAppPassword } from '../../server/auth/credentials.js';
import { keyFile, loadKey } from '../../server/auth/secrets.js';
import {
  authenticateSubsonic,
  type SubsonicCredentials,
} from '../../server/auth/subsonic.js';
import { updateUser } from '../../server/auth/users.js';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import type { AppDeps } from '../../server/http/deps.js';
import { createLocalScanControl } from '../../server/library/scan-control.js';
import { validateSettings } from '../../server/settings/load.js';
import { startTestApp } from '../helpers/app.js';
import { createAccount, rawRequest, type Account } from '../helpers/auth.js';
import { tempDir } from '../helpers/paths.js';

let db: Db;
let deps: AppDeps;
let alice: Account;
let apiKey: string;
const appPassword = 'sesame-app-pw';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

beforeAll(async () => {
  const dataDir = tempDir('hearth-subsonic-');
  db = openDb(dbFile(dataDir));
  const settings = validateSettings({ port: 0, scanOnStart: false });
  deps = { db, settings, dataDir, scan: createLocalScanControl({ db, settings }) };
  alice = await createAccount(deps, 'user', { username: 'alice' });
  await createAccount(deps, 'admin', { username: 'root' });
  setAppPassword(db, loadKey(keyFile(dataDir)), alice.user.id, appPassword);
  apiKey = createApiKey(db, alice.user.id, 'phone').key;
});
afterAll(() => db.close());

let ipCounter = 0;
/** Each case from its own address, so throttling never mixes them up. */
const auth = (params: SubsonicCredentials, allowPlainPassword = false) =>
  authenticateSubsonic(deps, params, `10.9.0.${(ipCounter += 1)}`, {
    allowPlainPassword,
  });

describe('authenticateSubsonic', () => {
  const enc = 'enc:' + Buffer.from(appPassword).toString('hex');
  it.each([
    [
      'token and salt',
      { u: 'alice', t: md5(appPassword + 'abc123'), s: 'abc123' },
      'token',
    ],
    [
      'an upper-case token',
      { u: 'ALICE', t: md5(appPassword + 'xyz').toUpperCase(), s: 'xyz' },
      'token',
    ],
    ['an API key', () => ({ apiKey }), 'apiKey'],
  ])('accepts %s', (_name, params, via) => {
    const p = typeof params === 'function' ? params() : params;
    expect(auth(p)).toMatchObject({ ok: true, via, user: { id: alice.user.id } });
  });

  it.each([
    ['a wrong token', { u: 'alice', t: md5('nope' + 's1'), s: 's1' }, 40],
    ['the sign-in password as token', { u: 'alice', t: 'x', s: 's' }, 40],
    ['an unknown user', { u: 'mallory', t: md5(appPassword + 's'), s: 's' }, 40],
    ['a user without app password', { u: 'root', t: md5('' + 's'), s: 's' }, 40],
    ['no username', { t: 'x', s: 's' }, 10],
    ['no salt', { u: 'alice', t: 'x' }, 10],
    ['nothing', {}, 10],
    ['token and password together', { u: 'alice', t: 'x', s: 's', p: 'y' }, 43],
    ['an API key with a username', { u: 'alice', apiKey: 'k' }, 43],
    ['an unknown API key', { apiKey: 'hearth_nope' }, 44],
    ['p= while it is disabled', { u: 'alice', p: appPassword }, 42],
    ['p=enc: while it is disabled', { u: 'alice', p: enc }, 42],
  ])('refuses %s with code %i', (_name, params, code) => {
    const result = auth(params as SubsonicCredentials);
    expect(result).toMatchObject({ ok: false, code });
  });

  it('accepts p= and p=enc: only when the admin enables them', () => {
    expect(auth({ u: 'alice', p: appPassword }, true)).toMatchObject({ ok: true });
    expect(auth({ u: 'alice', p: enc }, true)).toMatchObject({
      ok: true,
      via: 'password',
    });
    expect(auth({ u: 'alice', p: 'enc:zz' }, true)).toMatchObject({
      ok: false,
      code: 40,
    });
    expect(auth({ u: 'alice', p: 'wrong' }, true)).toMatchObject({ ok: false, code: 40 });
  });

  it('throttles wrong tokens per address and refuses disabled users', () => {
    const ip = '10.8.0.1';
    const wrong = { u: 'alice', t: md5('guess' + 'salt'), s: 'salt' };
    for (let i = 0; i < 5; i += 1) {
      expect(authenticateSubsonic(deps, wrong, ip)).toMatchObject({
        ok: false,
        code: 40,
      });
    }
    const good = { u: 'alice', t: md5(appPassword + 'salt'), s: 'salt' };
    const blocked = authenticateSubsonic(deps, good, ip);
    expect(blocked).toMatchObject({ ok: false, code: 40 });
    expect(blocked.ok === false && blocked.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(authenticateSubsonic(deps, good, '10.8.0.2').ok).toBe(true);

    const bob = createAccount(deps, 'user', { username: 'bob' });
    return bob.then((b) => {
      const key = createApiKey(db, b.user.id, 'k').key;
      updateUser(db, b.user.id, { disabled: true });
      expect(auth({ apiKey: key })).toMatchObject({ ok: false, code: 44 });
    });
  });
});

describe('the /rest transport of the real app', () => {
  it('takes credentials from the query or a form body, and applies roles', async () => {
    const app = await startTestApp({ dataDir: deps.dataDir });
    const rest = async (path: string, init?: { body: string }) => {
      const res = await rawRequest(`${app.url}/rest/${path}`, {
        method: init ? 'POST' : 'GET',
        headers: init ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
        body: init?.body,
      });
      return JSON.parse(res.body)['subsonic-response'] as {
        status: string;
        error?: { code: number };
      };
    };
    try {
      const common = 'v=1.16.1&c=test&f=json';
      const t = md5(appPassword + 'q1w2e3');
      expect(await rest(`ping?u=alice&t=${t}&s=q1w2e3&${common}`)).toMatchObject({
        status: 'ok',
      });
      const form = await rest('ping.view', { body: `apiKey=${apiKey}&${common}` });
      expect(form).toMatchObject({ status: 'ok' });
      expect(await rest(`ping?${common}`)).toMatchObject({ error: { code: 10 } });
      expect(await rest(`ping?u=alice&t=bad&s=q1w2e3&${common}`)).toMatchObject({
        error: { code: 40 },
      });
      expect(await rest(`startScan?apiKey=${apiKey}&${common}`)).toMatchObject({
        error: { code: 50 },
      });
      expect(await rest(`getOpenSubsonicExtensions?${common}`)).toMatchObject({
        status: 'ok',
      });
    } finally {
      await app.close();
    }
  });
});
