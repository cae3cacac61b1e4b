// Starts the real Koa app in this process on a real ephemeral port, with a
// fresh data folder and a real SQLite file. Tests talk to it over HTTP, and
// with `signIn` get an account already signed in (every /api route but
// health, login and setup wants a session).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { dbFile, openDb, type Db } from '../../server/db/index.js';
import { createApp } from '../../server/http/app.js';
import type { ScanControl } from '../../server/http/deps.js';
import { createLocalScanControl } from '../../server/library/scan-control.js';
import { validateSettings } from '../../server/settings/load.js';
import type { Role } from '../../server/auth/users.js';
import type { SettingFlags, Settings } from '../../server/settings/schema.js';
import { signIn, type SignedIn } from './auth.js';
import { tempDir } from './paths.js';

export interface TestApp {
  url: string;
  db: Db;
  dataDir: string;
  settings: Settings;
  scan: ScanControl;
  close(): Promise<void>;
}

/** A test app with an account signed in (startTestApp with `signIn`). */
export interface SignedInTestApp extends TestApp {
  account: SignedIn;
}

export interface TestAppOptions {
  settings?: Record<string, unknown>;
  /** The settings a CLI start would have taken from flags (the flag of each). */
  flags?: SettingFlags;
  dataDir?: string;
  /** Create an account with this role and sign it in over HTTP. */
  signIn?: Role;
}

export async function startTestApp(
  options: TestAppOptions & { signIn: Role },
): Promise<SignedInTestApp>;
export async function startTestApp(options?: TestAppOptions): Promise<TestApp>;
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? tempDir('hearth-app-');
  const settings = validateSettings({ port: 0, scanOnStart: false, ...options.settings });
  const db = openDb(dbFile(dataDir));
  const scan = createLocalScanControl({ db, settings });
  const app = createApp({ db, settings, flags: options.flags, dataDir, scan });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const started: TestApp = {
    url: `http://127.0.0.1:${port}`,
    db,
    dataDir,
    settings,
    scan,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scan.stop();
      db.close();
    },
  };
  if (!options.signIn) return started;
  const signedIn: SignedInTestApp = {
    ...started,
    account: await signIn(started, options.signIn),
  };
  return signedIn;
}
