// First run: who may create the first admin, and where Hearth listens until
// then. LAN cases use this machine's real non-loopback address.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import {
  effectiveHost,
  issueSetupToken,
  setupTokenFile,
} from '../../server/auth/first-run.js';
import { listenGated } from '../../server/auth/listen.js';
import { dbFile, openDb } from '../../server/db/index.js';
import { createApp } from '../../server/http/app.js';
import { createLocalScanControl } from '../../server/library/scan-control.js';
import { validateSettings } from '../../server/settings/load.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, postJsonFrom, rawRequest } from '../helpers/auth.js';
import { tempDir } from '../helpers/paths.js';

/** A non-loopback IPv4 address of this machine, or null. */
function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}
const lan = lanAddress();

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const admin = { username: 'root', password: 'first-admin-pw' };

/** Whether something answers HTTP at host:port. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('first-run setup route', () => {
  let app: TestApp;
  afterEach(async () => app?.close());

  it('lets this computer create the first admin once, and signs it in', async () => {
    app = await startTestApp();
    const state = await fetch(`${app.url}/api/setup`);
    expect(await state.json()).toEqual({ needed: true, tokenRequired: false });
    expect((await fetch(`${app.url}/api/auth/me`)).status).toBe(401);

    const short = await postJsonFrom(app.url, '/api/setup', {
      ...admin,
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(JSON.parse(short.body).fields).toHaveProperty('password');

    const res = await postJsonFrom(app.url, '/api/setup', admin);
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).user).toMatchObject({ username: 'root', role: 'admin' });
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const me = await rawRequest(`${app.url}/api/auth/me`, {
      headers: { Cookie: cookie },
    });
    expect(me.status).toBe(200);

    const again = await postJsonFrom(app.url, '/api/setup', { ...admin, username: 'x' });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body).error).toBe('setup_done');
    expect(await (await fetch(`${app.url}/api/setup`)).json()).toMatchObject({
      needed: false,
    });
  });

  it('wants the setup code when the Host is not this computer (DNS rebinding)', async () => {
    app = await startTestApp();
    const res = await rawRequest(`${app.url}/api/setup`, {
      method: 'POST',
      headers: {
        Host: 'evil.example:4533',
        Origin: 'http://evil.example:4533',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(admin),
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error).toBe('setup_code_required');
  });

  it.skipIf(!lan)('wants the setup code from a LAN address, and accepts it', async () => {
    // The app bound straight to the LAN address stands for a reverse proxy
    // or tunnel in front of a first-run Hearth.
    const dataDir = tempDir('hearth-setup-');
    const db = openDb(dbFile(dataDir));
    const settings = validateSettings({ port: 0, scanOnStart: false });
    const server = createApp({
      db,
      settings,
      dataDir,
      scan: createLocalScanControl({ db, settings }),
    }).listen(0, lan ?? '');
    await new Promise((r) => server.once('listening', r));
    closers.push(() => {
      server.closeAllConnections();
      server.close();
      db.close();
    });
    const url = `http://${lan}:${(server.address() as net.AddressInfo).port}`;
    const from = { localAddress: lan ?? '' };
    const state = await rawRequest(`${url}/api/setup`, from);
    expect(JSON.parse(state.body)).toEqual({ needed: true, tokenRequired: true });

    const token = issueSetupToken(db, dataDir);
    expect(fs.readFileSync(setupTokenFile(dataDir), 'utf8').trim()).toBe(token);
    expect((fs.statSync(setupTokenFile(dataDir)).mode & 0o777).toString(8)).toBe('600');
    const without = await postJsonFrom(url, '/api/setup', admin, from);
    expect(without.status).toBe(403);
    const wrong = await postJsonFrom(
      url,
      '/api/setup',
      { ...admin, setupToken: 'x' },
      from,
    );
    expect(wrong.status).toBe(403);
    const right = await postJsonFrom(
      url,
      '/api/setup',
      { ...admin, setupToken: token },
      from,
    );
    expect(right.status).toBe(201);
    expect(fs.existsSync(setupTokenFile(dataDir))).toBe(false);
  });
});

describe('first-run listener', () => {
  it('listens on loopback only while no user exists', async () => {
    const db = openDb(dbFile(tempDir('hearth-host-')));
    expect(effectiveHost(db, { host: '0.0.0.0' })).toBe('127.0.0.1');
    expect(effectiveHost(db, { host: '192.168.1.9' })).toBe('127.0.0.1');
    expect(effectiveHost(db, { host: '::1' })).toBe('::1');
    await createAccount({ db }, 'admin');
    expect(effectiveHost(db, { host: '0.0.0.0' })).toBe('0.0.0.0');
    db.close();
  });

  it.skipIf(!lan)(
    'answers nothing on a LAN address until the admin exists, then moves there',
    async () => {
      const dataDir = tempDir('hearth-gate-');
      const db = openDb(dbFile(dataDir));
      const settings = validateSettings({ port: 0, host: '0.0.0.0', scanOnStart: false });
      const app = createApp({
        db,
        settings,
        dataDir,
        scan: createLocalScanControl({ db, settings }),
      });
      const server = http.createServer(app.callback());
      const gate = await listenGated(server, { db, settings, dataDir });
      closers.push(() => {
        server.closeAllConnections();
        server.close();
        db.close();
      });
      const { port } = gate.first;
      expect(gate.first.host).toBe('127.0.0.1');
      expect(gate.setupToken).toMatch(/^[\w-]{24}$/);

      // Fresh data folder: the LAN address refuses every connection.
      expect(await answers(lan ?? '', port)).toBe(false);
      expect(await answers('127.0.0.1', port)).toBe(true);

      // The admin is created from this computer; the listener moves.
      const res = await postJsonFrom(`http://127.0.0.1:${port}`, '/api/setup', admin);
      expect(res.status).toBe(201);
      expect(await gate.final).toEqual({ host: '0.0.0.0', port });
      const health = await rawRequest(`http://${lan}:${port}/api/health`);
      expect(health.status).toBe(200);
    },
  );
});
