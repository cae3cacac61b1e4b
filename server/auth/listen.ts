// Binding the public listener under the first-run rule: loopback until the
// first admin exists, then the configured address on the same port.
import type { AddressInfo, Server } from 'node:net';
import type { Db } from '../db/index.js';
import { logger } from '../log.js';
import type { Settings } from '../settings/schema.js';
import {
  clearSetupToken,
  effectiveHost,
  isLoopbackHost,
  issueSetupToken,
  needsSetup,
  waitForFirstAdmin,
} from './first-run.js';

const log = logger('auth');

export interface Bound {
  host: string;
  port: number;
}

export interface GatedListenOptions {
  db: Db;
  settings: Pick<Settings, 'host' | 'port'>;
  dataDir: string;
  /** How often another process's setup is noticed (supervisor mode). */
  pollMs?: number;
  /** Aborted at shutdown: stops waiting for the first admin. */
  signal?: AbortSignal;
}

export interface GatedListener {
  /** Where the server listens first (loopback on a first run). */
  first: Bound;
  /** Resolves when the server listens on the configured address. */
  final: Promise<Bound>;
  /** The setup token printed in the log, while first run lasts; else null. */
  setupToken: string | null;
  /** The setup page's address on this computer, while first run lasts; else null. */
  setupUrl: string | null;
}

/** What a person needs on a first run: the setup page and the setup code. */
export interface FirstRun {
  url: string;
  code: string;
}

/** The first run a gated listener announced, or null when an admin exists. */
export function firstRunOf(gate: GatedListener): FirstRun | null {
  return gate.setupToken && gate.setupUrl
    ? { url: gate.setupUrl, code: gate.setupToken }
    : null;
}

function listen(server: Server, port: number, host: string): Promise<Bound> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve({ host, port: (server.address() as AddressInfo).port });
    });
  });
}

function warnIfOpen(host: string): void {
  if (!isLoopbackHost(host)) {
    log.warn({ host }, 'listening beyond loopback: the LAN can reach Hearth');
  }
}

/**
 * Listens on the address the first-run rule allows. On a first run it issues
 * and logs the setup token (the one secret Hearth logs on purpose), then
 * moves the listener to the configured address once the admin exists.
 * Connections already open stay open across the move.
 */
export async function listenGated(
  server: Server,
  options: GatedListenOptions,
): Promise<GatedListener> {
  const { db, settings, dataDir } = options;
  const host = effectiveHost(db, settings);
  const first = await listen(server, settings.port, host);
  if (host === settings.host) {
    if (!needsSetup(db)) clearSetupToken(db, dataDir);
    warnIfOpen(host);
    return { first, final: Promise.resolve(first), setupToken: null, setupUrl: null };
  }

  // First run: loopback only, with a setup token for anyone elsewhere.
  const setupToken = issueSetupToken(db, dataDir);
  const setupUrl = `http://${host}:${first.port}/setup`;
  log.warn(
    { setupUrl, setupCode: setupToken },
    'first run: create the admin from this computer, or elsewhere with the setup code',
  );
  const final = waitForFirstAdmin(db, options.pollMs, options.signal).then(() =>
    rebind(server, first.port, settings.host),
  );
  return { first, final, setupToken, setupUrl };
}

async function rebind(server: Server, port: number, host: string): Promise<Bound> {
  server.close();
  for (let attempt = 0; ; attempt += 1) {
    try {
      const bound = await listen(server, port, host);
      warnIfOpen(host);
      log.info(bound, 'first admin exists: listening on the configured address');
      return bound;
    } catch (err) {
      // The old socket may take a moment to let go of the port.
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20)
        throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
