// First run. Until the first admin exists, Hearth listens on loopback only
// and accepts the admin's creation from this computer, or from elsewhere with
// a one-time setup token printed in the log and written to the data folder
// for the tray. Once the admin exists, the listener moves to the configured
// address. listenGated() does all of this for any net.Server, so the
// single-process server and the supervisor's dispatcher behave the same.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.js';
import type { Settings } from '../settings/schema.js';
import { digest, randomToken, safeEqual } from './secrets.js';
import { userCount } from './users.js';

const loopbackHost = '127.0.0.1';

/** True while no user exists. */
export function needsSetup(db: Db): boolean {
  return userCount(db) === 0;
}

/** True for addresses that only this computer can use. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h);
}

/** The address to listen on now: loopback while no user exists, else the setting. */
export function effectiveHost(db: Db, settings: Pick<Settings, 'host'>): string {
  if (isLoopbackHost(settings.host) || !needsSetup(db)) return settings.host;
  return loopbackHost;
}

// ---- The setup token -------------------------------------------------------

/** Where the tray reads the setup token while it is valid. */
export function setupTokenFile(dataDir: string): string {
  return path.join(dataDir, 'setup-token');
}

/** Makes a fresh setup token: its digest goes to the database, the token to a
 * file only this account can read. Returns the token. */
export function issueSetupToken(db: Db, dataDir: string): string {
  const token = randomToken(18);
  db.prepare(
    `INSERT INTO auth_state (key, value) VALUES ('setup_token', ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(digest(token));
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(setupTokenFile(dataDir), token + '\n', { mode: 0o600 });
  return token;
}

/** True when `token` is the current setup token. */
export function checkSetupToken(db: Db, token: string): boolean {
  const row = db
    .prepare("SELECT value FROM auth_state WHERE key = 'setup_token'")
    .get() as { value: string } | undefined;
  return row !== undefined && safeEqual(row.value, digest(token));
}

/** Forgets the setup token once the admin exists. */
export function clearSetupToken(db: Db, dataDir: string): void {
  db.prepare("DELETE FROM auth_state WHERE key = 'setup_token'").run();
  fs.rmSync(setupTokenFile(dataDir), { force: true });
}

// ---- Waking the listener when the admin appears ----------------------------

const events = new EventEmitter();

/** Called by the setup route in whichever process created the admin. */
export function announceFirstAdmin(): void {
  events.emit('first-admin');
}

/**
 * Resolves once a user exists: at once when this process creates it, or
 * within `pollMs` when another process does (the supervisor's case, where a
 * worker handles the setup request). An aborted `signal` stops the polling
 * (the server is shutting down) and leaves the promise pending.
 */
export function waitForFirstAdmin(
  db: Db,
  pollMs = 1000,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      clearInterval(timer);
      events.off('first-admin', done);
      signal?.removeEventListener('abort', stop);
    };
    const done = () => {
      stop();
      resolve();
    };
    const timer = setInterval(() => {
      if (!needsSetup(db)) done();
    }, pollMs);
    events.on('first-admin', done);
    signal?.addEventListener('abort', stop);
    if (signal?.aborted) stop();
    else if (!needsSetup(db)) done();
  });
}
