// The bind address of the headless server (built dist/server/cli.js). On a
// fresh data folder it keeps to loopback until the first admin exists (the
// first-run gate), in one process and under the supervisor. Then it listens
// as configured: by default on every interface, with a warning in the log
// that the LAN can reach it; --host 127.0.0.1 keeps it to this computer.
// A music folder that is missing is named in a warning; the server starts.
// A port in use is one line on stderr and a non-zero exit. The data folder
// is made its owner's alone (0700, files 0600) at start.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import { dbFile, openDb } from '../../server/db/index.js';
import { createAccount, postJsonFrom } from '../helpers/auth.js';
import { cliPath, tempDir } from '../helpers/paths.js';
import { until } from '../supervisor/harness.js';

interface LogLine {
  level: number;
  msg: string;
  host?: string;
  url?: string;
  path?: string;
  reason?: string;
}

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

interface CliOptions {
  dataDir?: string;
  workers?: number;
}

/** Starts the CLI and collects its log lines until it serves (or gives up). */
function startCli(
  extra: string[],
  options: CliOptions = {},
): Promise<{ lines: LogLine[]; url: string; stderr: () => string }> {
  const dataDir = options.dataDir ?? tempDir();
  const args = [cliPath, '--music', tempDir(), '--data', dataDir, '--port', '0'];
  const workers = String(options.workers ?? 0);
  child = spawn(
    process.execPath,
    [...args, '--workers', workers, '--no-scan', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: LogLine[] = [];
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const stderr = () => errors;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no "hearth is serving"')), 20_000);
    readline.createInterface({ input: child!.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      if (line.msg !== 'hearth is serving') return;
      clearTimeout(timer);
      resolve({ lines, url: line.url ?? '', stderr });
    });
    child!.on('exit', (code) => reject(new Error(`cli exited with ${code}`)));
  });
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function lanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address;
}

describe('bind address', () => {
  test('a fresh data folder: 127.0.0.1 only, until the first admin exists', async () => {
    const dataDir = tempDir();
    const { lines, url, stderr } = await startCli([], { dataDir });
    const { hostname, port } = new URL(url);
    expect(hostname).toBe('127.0.0.1');
    expect(lines.some((line) => /first run/.test(line.msg))).toBe(true);
    // The setup page and code, in one plain line on stderr too.
    const code = fs.readFileSync(path.join(dataDir, 'setup-token'), 'utf8').trim();
    await until(() => stderr(), 5000);
    expect(stderr()).toBe(
      `hearth: first run: open http://127.0.0.1:${port}/setup to create the admin ` +
        `(setup code ${code}, asked for away from this computer)\n`,
    );
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    const lan = lanAddress();
    if (lan) await expect(fetch(`http://${lan}:${port}/api/health`)).rejects.toThrow();
  });

  test('--host 127.0.0.1 with an admin: this computer only, no warning', async () => {
    const dataDir = tempDir();
    const db = openDb(dbFile(dataDir), { migrate: true });
    await createAccount({ db }, 'admin');
    db.close();
    const { lines, url, stderr } = await startCli(['--host', '127.0.0.1'], { dataDir });
    const { hostname, port } = new URL(url);
    expect(hostname).toBe('127.0.0.1');
    expect(lines.some((line) => /beyond loopback/.test(line.msg))).toBe(false);
    expect(stderr()).toBe('');
    const lan = lanAddress();
    if (lan) await expect(fetch(`http://${lan}:${port}/api/health`)).rejects.toThrow();
  });

  test('by default, with an admin: the whole LAN, with a warning', async () => {
    // An admin exists already: the first run is over.
    const dataDir = tempDir();
    const db = openDb(dbFile(dataDir), { migrate: true });
    await createAccount({ db }, 'admin');
    db.close();
    const { lines, url } = await startCli([], { dataDir });
    const warning = lines.find((line) => /beyond loopback/.test(line.msg));
    expect(warning).toMatchObject({ level: 40, host: '0.0.0.0' });
    const { port } = new URL(url);
    const lan = lanAddress() ?? '127.0.0.1';
    expect((await fetch(`http://${lan}:${port}/api/health`)).status).toBe(200);
  });

  test('a music folder that does not exist: a warning naming it, then it serves', async () => {
    const missing = `${tempDir()}/unplugged disk`;
    const { lines } = await startCli(['--music', missing]);
    const warning = lines.find((line) => line.path === missing);
    expect(warning).toMatchObject({
      level: 40,
      msg: 'music folder cannot be scanned',
      reason: 'music folder does not exist',
    });
  });

  test('an older data folder that everyone could read is made private at start', async () => {
    const dataDir = tempDir();
    const db = openDb(dbFile(dataDir), { migrate: true });
    db.close();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{}', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'hearth.db'), 0o644);
    fs.chmodSync(dataDir, 0o755);
    await startCli([], { dataDir });
    const modeOf = (name: string) =>
      (fs.statSync(path.join(dataDir, name)).mode & 0o777).toString(8);
    expect(modeOf('.')).toBe('700');
    for (const name of ['hearth.db', 'hearth.db-wal', 'hearth.db-shm', 'settings.json']) {
      expect(modeOf(name), name).toBe('600');
    }
  });

  test.each([0, 1])(
    'a port in use (workers=%i): one line on stderr, the detail in the log, exit 1',
    async (workers) => {
      const other = net.createServer();
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const { port } = other.address() as net.AddressInfo;
      try {
        const args = ['--music', tempDir(), '--data', tempDir(), '--no-scan'];
        const run = spawnSync(
          process.execPath,
          [cliPath, ...args, '--port', String(port), '--workers', String(workers)],
          { encoding: 'utf8', timeout: 20_000 },
        );
        expect(run.status).toBe(1);
        expect(run.stderr).toBe(
          `hearth: port ${port} is already in use: stop the other server or pass --port\n`,
        );
        const fatal = run.stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as LogLine & { err?: { code?: string } })
          .find((line) => line.level === 60);
        expect(fatal).toMatchObject({ msg: 'cannot start', err: { code: 'EADDRINUSE' } });
      } finally {
        other.close();
      }
    },
  );

  test.skipIf(!lanAddress())(
    'first run under the supervisor: nothing on the LAN until the admin exists',
    async () => {
      const lan = lanAddress() ?? '';
      const { lines, url, stderr } = await startCli([], { workers: 1 });
      const { hostname, port } = new URL(url);
      expect(hostname).toBe('127.0.0.1');
      const notice = lines.find((line) => /first run/.test(line.msg));
      expect(notice).toBeDefined();
      await until(() => stderr(), 5000);
      expect(stderr()).toMatch(
        new RegExp(`^hearth: first run: open http://127\\.0\\.0\\.1:${port}/setup `),
      );
      await expect(fetch(`http://${lan}:${port}/api/health`)).rejects.toThrow();

      // The admin is created from this computer, through a worker.
      const admin = { username: 'root', password: 'first-admin-pw' };
      const local = `http://127.0.0.1:${port}`;
      expect((await postJsonFrom(local, '/api/setup', admin)).status).toBe(201);
      const deadline = Date.now() + 15_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        status = await fetch(`http://${lan}:${port}/api/health`).then(
          (res) => res.status,
          () => 0,
        );
      }
      expect(status).toBe(200);
    },
  );
});
