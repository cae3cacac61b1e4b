// Credentials and errors on /rest: token and salt, apiKey, the wrong-
// credential cases with their spec codes, legacy p= only when the setting
// allows it, the unauthenticated extensions call, JSONP; and a sweep of the
// whole route table proving every failure is a Subsonic error element, in
// XML and JSON, never plain text or the /api JSON error.
import { createHash } from 'node:crypto';
import { SubsonicAPI } from 'subsonic-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subsonicMethods } from '../../server/subsonic/routes.js';
import { startSubsonic, type SubsonicFixture } from './fixture.js';
import { validate, specDir } from './schema.js';
import { parseXml, type XmlNode } from './xml.js';
import fs from 'node:fs';
import path from 'node:path';

let fx: SubsonicFixture;

beforeAll(async () => {
  fx = await startSubsonic();
});
afterAll(() => fx.close());

interface Failed {
  status: string;
  error?: { code: number; message: string };
}

/** A raw GET of /rest/<method> with a query string, answered in JSON. */
async function json(
  method: string,
  query: string,
): Promise<Failed & Record<string, unknown>> {
  const res = await fetch(`${fx.app.url}/rest/${method}?v=1.16.1&c=test&f=json&${query}`);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as {
    'subsonic-response': Failed & Record<string, unknown>;
  };
  return body['subsonic-response'];
}

const token = (secret: string, salt: string) =>
  createHash('md5')
    .update(secret + salt)
    .digest('hex');

describe('credentials', () => {
  it('token and salt, and apiKey, through the client', async () => {
    expect((await fx.client('admin').ping()).status).toBe('ok');
    expect((await fx.client('user', { apiKey: true }).ping()).status).toBe('ok');
    const list = await fx
      .client('user', { apiKey: true })
      .getAlbumList2({ type: 'newest' });
    expect(list.albumList2.album!.length).toBeGreaterThan(0);
  });

  it('a wrong app password is error 40, in JSON and XML', async () => {
    const wrong = new SubsonicAPI({
      url: fx.app.url,
      auth: { username: fx.user.username, password: 'not-it' },
    });
    const answer = await wrong.ping();
    expect(answer).toMatchObject({ status: 'failed', error: { code: 40 } });
    const xml = parseXml(await (await wrong.custom('ping.view', { f: 'xml' })).text());
    expect(xml).toMatchObject({ status: 'failed', error: [{ code: '40' }] });
  });

  it('the sign-in password is not the app password', async () => {
    const salt = 'pepper';
    const t = token(fx.user.password, salt);
    const answer = await json('ping', `u=${fx.user.username}&t=${t}&s=${salt}`);
    expect(answer.error?.code).toBe(40);
  });

  it('a wrong API key is 44; API key with a username is 43; nothing is 10', async () => {
    const bad = new SubsonicAPI({ url: fx.app.url, auth: { apiKey: 'hearth_nope' } });
    expect(((await bad.ping()) as Failed).error?.code).toBe(44);
    const both = await json('ping', `apiKey=${fx.user.apiKey}&u=${fx.user.username}`);
    expect(both.error?.code).toBe(43);
    expect((await json('ping', '')).error?.code).toBe(10);
  });

  it('legacy p= is refused with 42 unless an admin allows it', async () => {
    const hex = Buffer.from(fx.user.appPassword).toString('hex');
    const answer = await json('ping', `u=${fx.user.username}&p=enc:${hex}`);
    expect(answer.error?.code).toBe(42);
  });

  it('getOpenSubsonicExtensions answers without credentials', async () => {
    const answer = await json('getOpenSubsonicExtensions', '');
    expect(answer.status).toBe('ok');
    expect(
      validate('getOpenSubsonicExtensions', { 'subsonic-response': answer }).ok,
    ).toBe(true);
  });

  it('a plain user calling an admin method gets 50', async () => {
    const answer = await fx.client('user').startScan({});
    expect(answer).toMatchObject({ status: 'failed', error: { code: 50 } });
  });
});

describe('legacy passwords when allowed', () => {
  it('p=secret and p=enc:hex work; a wrong one is 40', async () => {
    const { startTestApp } = await import('../helpers/app.js');
    const { createAccount } = await import('../helpers/auth.js');
    const { setAppPassword } = await import('../../server/auth/credentials.js');
    const { keyFile, loadKey } = await import('../../server/auth/secrets.js');
    const app = await startTestApp({ settings: { subsonicPlainPassword: true } });
    try {
      const { user, username } = await createAccount(app, 'user');
      setAppPassword(app.db, loadKey(keyFile(app.dataDir)), user.id, 'caf\u00e9-secret');
      const call = async (p: string) => {
        const res = await fetch(`${app.url}/rest/ping?f=json&u=${username}&p=${p}`);
        return ((await res.json()) as { 'subsonic-response': Failed })[
          'subsonic-response'
        ];
      };
      expect((await call(encodeURIComponent('caf\u00e9-secret'))).status).toBe('ok');
      const hex = Buffer.from('caf\u00e9-secret').toString('hex');
      expect((await call(`enc:${hex}`)).status).toBe('ok');
      expect((await call('wrong')).error?.code).toBe(40);
    } finally {
      await app.close();
    }
  });
});

describe('formats', () => {
  it('JSONP wraps the JSON in the callback; a callback that is not a name is refused', async () => {
    const res = await fetch(
      `${fx.app.url}/rest/getOpenSubsonicExtensions?f=jsonp&callback=hearth.cb`,
    );
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const text = await res.text();
    expect(text).toMatch(/^hearth\.cb\(\{"subsonic-response":\{.*\}\}\);$/);
    const evil = await fetch(
      `${fx.app.url}/rest/getOpenSubsonicExtensions?f=jsonp&callback=alert(1)`,
    );
    expect(evil.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('XML is the default, with the namespace and the common attributes', async () => {
    const res = await fetch(`${fx.app.url}/rest/getOpenSubsonicExtensions.view`);
    const text = await res.text();
    expect(text).toContain('<subsonic-response xmlns="http://subsonic.org/restapi"');
    expect(parseXml(text)).toMatchObject({
      status: 'ok',
      version: '1.16.1',
      type: 'hearth',
      serverVersion: expect.any(String),
      openSubsonic: 'true',
    });
  });
});

describe('every error is a Subsonic error', () => {
  const specMethods = new Set(
    fs
      .readdirSync(path.join(specDir, 'endpoints'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, '')),
  );
  const auth = () =>
    `u=${fx.admin.username}&t=${token(fx.admin.appPassword, 'salt1')}&s=salt1`;

  /** One answer in XML and JSON; returns the JSON error (or null for ok/binary). */
  async function both(pathAndQuery: string, init: RequestInit = {}) {
    const join = pathAndQuery.includes('?') ? '&' : '?';
    const xmlRes = await fetch(`${fx.app.url}${pathAndQuery}`, init);
    const jsonRes = await fetch(`${fx.app.url}${pathAndQuery}${join}f=json`, init);
    const xmlType = xmlRes.headers.get('content-type') ?? '';
    if (!xmlType.startsWith('application/xml')) {
      // Only a binary success may be something else.
      expect(xmlRes.status, pathAndQuery).toBe(200);
      expect(xmlType, pathAndQuery).toMatch(/^(audio|image)\//);
      return { status: xmlRes.status, error: null };
    }
    const xml: XmlNode = parseXml(await xmlRes.text());
    expect(jsonRes.headers.get('content-type'), pathAndQuery).toMatch(
      /^application\/json/,
    );
    const body = (await jsonRes.json()) as { 'subsonic-response': Failed };
    const answer = body['subsonic-response'];
    expect(xml.status, pathAndQuery).toBe(answer.status);
    if (answer.status === 'ok') return { status: jsonRes.status, error: null };
    const [xmlError] = xml.error as XmlNode[];
    expect(Number(xmlError!.code), pathAndQuery).toBe(answer.error!.code);
    expect(xmlError!.message, pathAndQuery).toBe(answer.error!.message);
    return { status: jsonRes.status, error: answer.error!, body };
  }

  it('every method of the table, called without its parameters', async () => {
    for (const m of subsonicMethods) {
      const result = await both(`/rest/${m.name}.view?v=1.16.1&c=sweep&${auth()}`);
      if ('planned' in m) {
        expect(result.status, m.name).toBe(501);
        expect(result.error, m.name).toMatchObject({
          code: 0,
          message: `Not implemented: ${m.name}.`,
        });
      } else if (result.error) {
        expect([0, 10, 50, 70], `${m.name}: ${result.error.message}`).toContain(
          result.error.code,
        );
      }
      if (result.body && specMethods.has(m.name) && !m.name.includes('.')) {
        const check = validate(m.name, result.body);
        expect(check.ok, `${m.name}: ${check.errors}`).toBe(true);
      }
    }
  });

  it('unknown methods, wrong HTTP methods, bad values and bad ids', async () => {
    const cases: [string, RequestInit, number, number][] = [
      [`/rest/noSuchMethod?${auth()}`, {}, 404, 70],
      [`/rest?${auth()}`, {}, 404, 70],
      [`/rest/ping.view?${auth()}`, { method: 'PUT' }, 405, 0],
      [`/rest/getAlbumList2?type=sideways&${auth()}`, {}, 200, 0],
      [`/rest/getAlbumList2?type=newest&size=many&${auth()}`, {}, 200, 0],
      [`/rest/getAlbum?id=..%2F..%2Fetc&${auth()}`, {}, 200, 70],
      [`/rest/getMusicDirectory?id=x&musicFolderId=99&${auth()}`, {}, 200, 70],
      [`/rest/setRating?id=x&rating=9&${auth()}`, {}, 200, 0],
      [`/rest/setRating?id=x&rating=3&${auth()}`, {}, 200, 70],
      [`/rest/ping?v=0.9.0&${auth()}`, {}, 200, 20],
      [`/rest/ping?v=2.0.0&${auth()}`, {}, 200, 30],
    ];
    for (const [url, init, status, code] of cases) {
      const result = await both(url, init);
      expect(result.status, url).toBe(status);
      expect(result.error?.code, url).toBe(code);
    }
  });

  it('an oversized form body is refused in the Subsonic format', async () => {
    const body = `u=${fx.admin.username}&id=${'x'.repeat(1024 * 1024 + 10)}`;
    const res = await fetch(`${fx.app.url}/rest/ping.view?f=json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    const answer = ((await res.json()) as { 'subsonic-response': Failed })[
      'subsonic-response'
    ];
    expect(answer).toMatchObject({ status: 'failed', error: { code: 0 } });
  });
});
