// The headless server: `npm run serve` or `node dist/server/cli.js`.
// Reads settings from flags and the data folder, resolves ffmpeg once, then
// runs the supervisor (dispatcher, N HTTP workers, one job worker), or with
// --workers=0 everything in this one process.
import {
  loadSettings,
  saveFlagSettings,
  SettingsError,
  type LoadedSettings,
} from './settings/load.js';
import { cliHelp } from './settings/help.js';
import { makeDataFolderPrivate } from './data-folder.js';
import { lockDataFolder } from './data-lock.js';
import { warnAboutMusicFolders } from './library/music-folders.js';
import type { FirstRun } from './auth/listen.js';
import { logger } from './log.js';
import { startSingleProcess } from './supervisor/single.js';
import { startSupervisor } from './supervisor/supervisor.js';
import { resolveFfmpeg } from './transcode/ffmpeg.js';
import { failureOf, startupErrorLine } from './tray/startup-error.js';
import { hearthVersion } from './version.js';

const log = logger('main');

/** Reads the settings; every problem is reported at once, then a non-zero exit. */
function settingsOrExit(): LoadedSettings | null {
  try {
    return loadSettings(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`hearth: ${err.message}\n`);
    process.exitCode = 2;
    return null;
  }
}

interface Running {
  port: number;
  /** On a first run, where to create the admin and the setup code. */
  firstRun: FirstRun | null;
  /** The address listened on: loopback until the first admin exists. */
  host(): string;
  close(): Promise<void>;
}

/** The supervisor and its workers, or with workers = 0 this process alone. */
async function serve(loaded: LoadedSettings): Promise<Running> {
  const { settings, dataDir, fromFlags: flags } = loaded;
  const ffmpegPath = (await resolveFfmpeg(settings.ffmpegPath)).path ?? '';
  if (settings.workers === 0) {
    const single = await startSingleProcess({ settings, flags, dataDir, ffmpegPath });
    return { ...single, host: () => single.bound().host };
  }
  const supervisor = await startSupervisor({ settings, flags, dataDir, ffmpegPath });
  return {
    port: supervisor.port,
    firstRun: supervisor.firstRun,
    host: () => supervisor.bound?.host ?? settings.host,
    close: () => supervisor.shutdown(),
  };
}

/**
 * A first run's one plain line on stderr, beside the log's: a new user looks
 * for the setup page and code here, not among the JSON lines.
 */
function announceFirstRun({ url, code }: FirstRun): void {
  process.stderr.write(
    `hearth: first run: open ${url} to create the admin ` +
      `(setup code ${code}, asked for away from this computer)\n`,
  );
}

/** SIGTERM/SIGINT: an ordered shutdown; a second signal ends at once. */
function stopOnSignals(running: Running): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'stopping');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  // --help and --version answer and end, whatever else the line says.
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(cliHelp());
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${hearthVersion()}\n`);
    return;
  }
  const loaded = settingsOrExit();
  if (!loaded) return;
  const { settings, dataDir } = loaded;
  warnAboutMusicFolders(settings.musicFolders);

  // Binding beyond loopback is the user's explicit choice; the first-run gate
  // warns when it does, and keeps to loopback until the first admin exists.
  // The data folder is this server's alone (a lock) before anything writes.
  try {
    makeDataFolderPrivate(dataDir);
    lockDataFolder(dataDir);
    if (loaded.save) saveFlagSettings(loaded);
    const running = await serve(loaded);
    const url = `http://${running.host()}:${running.port}/`;
    const { workers, musicFolders } = settings;
    log.info({ url, dataDir, workers, musicFolders }, 'hearth is serving');
    if (running.firstRun) announceFirstRun(running.firstRun);
    stopOnSignals(running);
  } catch (err) {
    // The detail goes to the log; stderr gets one line saying what to do.
    log.fatal({ err, port: settings.port }, 'cannot start');
    const context = { host: settings.host, port: settings.port, dataDir };
    process.stderr.write(`hearth: ${startupErrorLine(failureOf(err), context)}\n`);
    process.exit(1);
  }
}

void main();
