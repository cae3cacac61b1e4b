// Structured logging for every process. One root pino logger per process;
// subsystems take a child with a fixed `category` (scanner, http, transcode,
// supervisor, tray, ...). Messages are fixed text; variable data goes in
// fields. Secrets are redacted by key wherever they appear.
import pino, { type Logger } from 'pino';

export type { Logger };

export type LogCategory =
  | 'main'
  | 'settings'
  | 'db'
  | 'scanner'
  | 'http'
  | 'stream'
  | 'transcode'
  | 'supervisor'
  | 'worker'
  | 'jobs'
  | 'artwork'
  | 'external'
  | 'auth'
  | 'subsonic'
  | 'tray';

const secretKeys = [
  'password',
  'pass',
  'p',
  'token',
  't',
  's',
  'salt',
  'apiKey',
  'lastfmApiKey',
  'lastfmApiSecret',
  'sk',
  'api_sig',
  'cookie',
  'authorization',
  'secret',
  'setupToken',
  'currentPassword',
  'newPassword',
  'appPassword',
  '["set-cookie"]',
];

/** Redaction paths: each secret key at the top level and one or two levels down. */
const redactPaths = secretKeys.flatMap((key) => {
  const sep = key.startsWith('[') ? '' : '.';
  return [key, `*${sep}${key}`, `*.*${sep}${key}`];
});

/** Query parameters whose values never reach the log, wherever a URL is logged. */
const secretParams = /([?&](?:p|t|s|apiKey|token|password|setupToken)=)[^&#]*/gi;

/** A URL with the values of credential parameters masked. */
export function scrubUrl(url: unknown): unknown {
  return typeof url === 'string' ? url.replace(secretParams, '$1[redacted]') : url;
}

let root: Logger | undefined;

/**
 * The process's root logger, created on first use. LOG_LEVEL sets the level;
 * HEARTH_LOG_FILE (set by the tray app for every process) appends to a file
 * instead of stdout.
 */
export function rootLogger(): Logger {
  const file = process.env.HEARTH_LOG_FILE;
  root ??= pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid, role: process.env.HEARTH_ROLE ?? 'main' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { url: scrubUrl, originalUrl: scrubUrl },
    },
    file
      ? pino.destination({ dest: file, append: true, mkdir: true, sync: true })
      : undefined,
  );
  return root;
}

/** A logger for one subsystem. */
export function logger(category: LogCategory): Logger {
  return rootLogger().child({ category });
}
