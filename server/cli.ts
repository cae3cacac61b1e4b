// The headless server: `npm run serve` or `node dist/server/cli.js`.
// Reads settings from flags and the data folder, opens the library, and
// serves the player and the APIs.
import { loadSettings, SettingsError } from './settings/load.js';
import { settingsHelp } from './settings/schema.js';
import { logger } from './log.js';
import { dbFile, openDb } from './db/index.js';
import { createApp } from './http/app.js';
import { createLocalScanControl } from './library/scan-control.js';

const log = logger('main');

function printHelp(): void {
  const lines = Object.entries(settingsHelp()).map(
    ([name, help]) => `  ${name}: ${help}`,
  );
  process.stdout.write(
    [
      'Usage: hearth [--music DIR]... [--data DIR] [--host ADDR] [--port N]',
      '              [--workers=N] [--limit-time-cpu=S] [--limit-time-real=S] ...',
      '',
      'Settings (flags use dashes: limitTimeCpu is --limit-time-cpu):',
      ...lines,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  // 1. Settings: every problem is reported at once, then a non-zero exit.
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    printHelp();
    return;
  }
  let loaded;
  try {
    loaded = loadSettings(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`hearth: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const { settings, dataDir } = loaded;

  // 2. The library database and the scan.
  const db = openDb(dbFile(dataDir));
  const scan = createLocalScanControl({ db, settings });
  if (settings.scanOnStart) scan.start();

  // 3. Serve. Binding beyond loopback is the user's explicit choice.
  if (settings.host !== '127.0.0.1' && settings.host !== 'localhost') {
    log.warn(
      { host: settings.host },
      'listening beyond loopback: the LAN can reach Hearth',
    );
  }
  const app = createApp({ db, settings, dataDir, scan });
  const server = app.listen(settings.port, settings.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : settings.port;
    log.info({ url: `http://${settings.host}:${port}/`, dataDir }, 'hearth is serving');
  });
  server.on('error', (err) => {
    log.fatal({ err, port: settings.port }, 'cannot listen');
    process.exit(1);
  });
}

void main();
