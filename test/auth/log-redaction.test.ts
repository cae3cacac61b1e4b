// Logs never carry secrets: passwords, tokens, salts, API keys, cookies. The
// test captures every line the process's pino logger writes while real
// requests carry each kind of secret, and while code logs objects shaped
// like requests, then looks for the secret values in the text.
import http from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every level, so access lines and debug fields are captured too; set before
// the server modules create their loggers.
process.env.LOG_LEVEL = 'trace';
const { rootLogger, logger } = await import('../../server/log.js');
const { listenGated } = await import('../../server/auth/listen.js');
const { authenticateSubsonic } = await import('../../server/auth/subsonic.js');
const { createApp } = await import('../../server/http/app.js');
const { dbFile, openDb } = await import('../../server/db/index.js');
const { createLocalScanControl } = await import('../../server/library/scan-control.js');
const { validateSettings } = await import('../../server/settings/load.js');
const { tempDir } = await import('../helpers/paths.js');
const { clientFetch, rawRequest, sessionCookieOf } = await import('../helpers/auth.js');

const lines: string[] = [];
const stream = (rootLogger() as unknown as Record<symbol, { write(s: string): boolean }>)[
  pino.symbols.streamSym
]!;
const originalWrite = stream.write;
stream.write = (text: string) => {
  lines.push(text);
  return true;
};

const dataDir = tempDir('hearth-logs-');
const db = openDb(dbFile(dataDir));
// Configured for the LAN: a first run listens on loopback and logs a setup code.
const settings = validateSettings({ port: 0, host: '0.0.0.0', scanOnStart: false });
const deps = { db, settings, dataDir, scan: createLocalScanControl({ db, settings }) };
const server = http.createServer(createApp(deps).callback());
let url = '';
let setupToken = '';

beforeAll(async () => {
  const gate = await listenGated(server, { db, settings, dataDir });
  url = `http://127.0.0.1:${gate.first.port}`;
  setupToken = gate.setupToken ?? '';
});
afterAll(() => {
  stream.write = originalWrite;
  server.closeAllConnections();
  server.close();
  db.close();
});

describe('log redaction', () => {
  it('keeps every secret of real requests out of the log', async () => {
    const secrets: string[] = [];
    const password = 'Pa55word-of-the-admin';
    secrets.push(password);

    // Setup with the code (as from elsewhere: Host is not this computer).
    const setup = await rawRequest(`${url}/api/setup`, {
      method: 'POST',
      headers: { Host: 'hearth.lan', 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'root', password, setupToken }),
    });
    expect(setup.status).toBe(201);

    // Sign-in, wrong and right; the cookie then rides on every request.
    const anon = clientFetch(url);
    const body = (p: string) => JSON.stringify({ username: 'root', password: p });
    await anon('/api/auth/login', { method: 'POST', body: body('Wrong-guess-123') });
    secrets.push('Wrong-guess-123');
    const res = await anon('/api/auth/login', { method: 'POST', body: body(password) });
    const cookie = sessionCookieOf(res) ?? '';
    secrets.push(cookie.split('=')[1] ?? '');
    const me = clientFetch(url, cookie);

    // Subsonic credentials: app password, token, salt, API key, p=.
    const app = await (await me('/api/auth/app-password', { method: 'POST' })).json();
    const key = await (
      await me('/api/auth/api-keys', { method: 'POST', body: '{"name":"phone"}' })
    ).json();
    const appPassword = (app as { appPassword: string }).appPassword;
    const apiKey = (key as { apiKey: { key: string } }).apiKey.key;
    secrets.push(
      appPassword,
      apiKey,
      'salty-salt-42',
      'f00dfeedf00dfeedf00dfeedf00dfeed',
    );
    for (const params of [
      { u: 'root', t: 'f00dfeedf00dfeedf00dfeedf00dfeed', s: 'salty-salt-42' },
      { u: 'root', p: appPassword },
      { apiKey },
      { apiKey: apiKey + 'x' },
    ]) {
      authenticateSubsonic(deps, params, '10.0.0.9', { allowPlainPassword: true });
    }
    await me('/api/auth/password', {
      method: 'PUT',
      body: JSON.stringify({ currentPassword: password, newPassword: 'N3w-password!' }),
    });
    secrets.push('N3w-password!');

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(text, secret).not.toContain(secret);

    // The setup code appears once, on purpose, in the first-run line only.
    const withCode = lines.filter((line) => line.includes(setupToken));
    expect(withCode).toHaveLength(1);
    expect(JSON.parse(withCode[0] ?? '{}').msg).toMatch(/^first run/);
  });

  it('redacts secrets in objects shaped like requests, at any usual depth', () => {
    const log = logger('http').child({ requestId: 'r1' });
    const secret = 'S3CRET-VALUE';
    lines.length = 0;
    log.info({ password: secret, token: secret, apiKey: secret, salt: secret }, 'a');
    log.info(
      { body: { currentPassword: secret, newPassword: secret, appPassword: secret } },
      'b',
    );
    log.info(
      { query: { u: 'alice', t: secret, s: secret, p: secret, apiKey: secret } },
      'c',
    );
    log.info(
      {
        req: { headers: { cookie: `hearth_session=${secret}`, authorization: secret } },
        res: { headers: { 'set-cookie': [`hearth_session=${secret}`] } },
      },
      'd',
    );
    log.info(
      { url: `/rest/ping?u=alice&t=${secret}&s=${secret}&apiKey=${secret}&f=json` },
      'e',
    );
    log.info({ body: { setupToken: secret } }, 'f');
    const text = lines.join('');
    expect(lines).toHaveLength(6);
    expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    // What is not secret stays readable.
    expect(text).toContain('alice');
    expect(text).toContain('f=json');
  });
});
