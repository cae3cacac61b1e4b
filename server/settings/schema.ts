// Every setting Hearth has, declared once: its type, default, bounds and help
// text. The supervisor, the workers, the CLI parser and the settings window all
// read this one schema, so a setting added here shows up everywhere.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { profileIds } from '../transcode/profiles.js';

const seconds = (help: string, fallback: number) =>
  z.number().int().min(1).max(86_400).default(fallback).describe(help);

const mebibytes = (help: string, fallback: number) =>
  z.number().int().min(32).max(65_536).default(fallback).describe(help);

// A default that depends on the machine carries `defaultText` metadata, so
// docs/api.md describes it the same on every machine.

/** Hardware threads on this machine: the default HTTP worker count. */
export function hardwareThreads(): number {
  return typeof os.availableParallelism === 'function'
    ? os.availableParallelism()
    : os.cpus().length;
}

/** The OS music folder (~/Music on every desktop OS Hearth targets). */
export function defaultMusicFolder(): string {
  return path.join(os.homedir(), 'Music');
}

// A host name's labels: letters, digits and inner dashes, 63 characters at
// most. The last one is never all digits (RFC 1123), so 999.1.1.1 is neither
// an address nor a name.
const hostLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** An address the server can listen on: IPv4, IPv6, or a host name. */
export function isHostAddress(host: string): boolean {
  if (net.isIP(host) !== 0) return true;
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  return (
    host.length <= 253 &&
    labels.every((label) => hostLabel.test(label)) &&
    !/^\d+$/.test(labels.at(-1) ?? '')
  );
}

/** True when `inner` is `outer` or lies inside it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The music folders as the scanner keys them: absolute, without a trailing
 * separator, each once. The same folder spelled twice (/music, /music/) would
 * have every file scanned twice, which the library refuses.
 */
const musicFolderList = z
  .array(z.string().min(1))
  .min(1, 'expected at least one music folder')
  .overwrite((folders) => [...new Set(folders.map((dir) => path.resolve(dir)))])
  .superRefine((folders, ctx) => {
    // A folder inside another one would also have its files scanned twice.
    for (const [i, dir] of folders.entries()) {
      const outer = folders.find((other) => other !== dir && isWithin(dir, other));
      if (outer) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `${dir} is inside ${outer}, which is a music folder already`,
        });
      }
    }
  });

/** A web address Hearth calls: http or https, never javascript: or file:. */
const webAddress = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: 'expected an http or https URL' })
    .default(fallback);

/** A rule across `fields` can be judged: none of them has a problem of its own. */
const validFields =
  (...fields: string[]) =>
  ({ issues }: { issues: readonly { path?: PropertyKey[] }[] }) =>
    !issues.some((issue) => fields.includes(String(issue.path?.[0])));

export const settingsSchema = z
  .object({
    musicFolders: musicFolderList
      .default(() => [defaultMusicFolder()])
      .describe('Folders scanned for music. Files outside them are never served.')
      .meta({ defaultText: '~/Music' }),
    host: z
      .string()
      .refine(isHostAddress, 'expected an IPv4 or IPv6 address or a host name')
      .default('0.0.0.0')
      .describe(
        'Address the server listens on once an admin exists (loopback until then). ' +
          '0.0.0.0: the whole LAN; 127.0.0.1: this computer only.',
      ),
    port: z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(4533)
      .describe('TCP port of the player and the Subsonic API (0 picks a free one).'),
    lanAdvertise: z
      .boolean()
      .default(true)
      .describe('Announce Hearth on the LAN (mDNS/Bonjour) when the LAN can reach it.'),
    ffmpegPath: z
      .string()
      .default('')
      .describe('Path to ffmpeg. Empty: FFMPEG_PATH, ffmpeg-static, then PATH.'),
    transcodeMax: z
      .number()
      .int()
      .min(0)
      .max(1024)
      .default(() => 4 * hardwareThreads())
      .meta({ defaultText: '4 × hardware threads' })
      .describe(
        'Transcodes running at once on the whole server; beyond it the original or 429.',
      ),
    transcodeMaxPerUser: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .default(3)
      .describe('Transcodes one user (or, before sign-in exists, one address) may run.'),
    transcodeProfile: z
      .enum(profileIds as [string, ...string[]])
      .default('mp3_192')
      .describe(
        'Profile used when a stream must be transcoded and the client names none.',
      ),
    transcodeCacheMb: z
      .number()
      .int()
      .min(0)
      .max(1_048_576)
      .default(1024)
      .describe(
        'MiB of finished transcodes kept in the data folder; 0 turns the cache off.',
      ),
    estimateContentLength: z
      .boolean()
      .default(false)
      .describe(
        'Send an estimated Content-Length with transcodes, for apps that need one.',
      ),
    workers: z
      .number()
      .int()
      .min(0)
      .max(256)
      .default(hardwareThreads)
      .describe('HTTP worker processes; 0 runs everything in one process.')
      .meta({ defaultText: 'hardware threads' }),
    limitTimeCpu: seconds(
      'Seconds a worker event loop or an ffmpeg may stay busy without progress.',
      60,
    ),
    limitTimeReal: seconds(
      'Seconds before a response must start, and the longest a body may stall.',
      120,
    ),
    jobLimitTimeCpu: seconds('CPU seconds one run of a scheduled job may use.', 1800),
    jobLimitTimeReal: seconds('Wall seconds one run of a scheduled job may take.', 3600),
    limitMemorySoft: mebibytes(
      'MiB of RSS above which a worker is drained and replaced.',
      512,
    ),
    limitMemoryHard: mebibytes(
      'MiB of RSS above which a worker is killed at once.',
      1024,
    ),
    limitRequest: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .default(65_536)
      .describe('Requests a worker serves before it is recycled.'),
    scanIntervalHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(24)
      .describe('Hours between scheduled library scans; 0 scans only at start.'),
    scanOnStart: z.boolean().default(true).describe('Scan the library at start-up.'),
    watchMusicFolders: z
      .boolean()
      .default(true)
      .describe('Watch the music folders and rescan a folder soon after it changes.'),
    scanThreads: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(hardwareThreads)
      .describe('Threads that read tags during a scan.')
      .meta({ defaultText: 'hardware threads' }),
    artworkCacheMb: z
      .number()
      .int()
      .min(0)
      .max(1_048_576)
      .default(512)
      .describe(
        'MiB of cover thumbnails kept in the data folder; 0 makes them on every request.',
      ),
    artworkPrewarm: z
      .boolean()
      .default(true)
      .describe('Make every album cover thumbnail in the background after scans.'),
    lastfmApiKey: z
      .string()
      .default('')
      .describe(
        'Last.fm API key. Empty: no artist or album info is fetched and nothing leaves the house.',
      ),
    lastfmApiSecret: z
      .string()
      .default('')
      .describe('Last.fm shared secret, needed to link accounts and scrobble.'),
    lastfmBaseUrl: webAddress('https://ws.audioscrobbler.com/2.0/').describe(
      'Last.fm API address.',
    ),
    lastfmAuthUrl: webAddress('https://www.last.fm/api/auth/').describe(
      'Last.fm page where a user allows Hearth to scrobble.',
    ),
    listenbrainzBaseUrl: webAddress('https://api.listenbrainz.org').describe(
      'ListenBrainz API address (another instance works too).',
    ),
    externalInfoTtlHours: z
      .number()
      .min(1)
      .max(24 * 365)
      .default(24 * 7)
      .describe(
        'Hours fetched artist and album info is kept before it is fetched again.',
      ),
    subsonicPlainPassword: z
      .boolean()
      .default(false)
      .describe(
        'Let Subsonic apps send the app password itself (p=), not a token. Off: safer.',
      ),
    testRoutes: z
      .boolean()
      .default(false)
      .describe('Test only: registers routes that misbehave on purpose. Never enable.'),
  })
  // A rule across fields is judged as soon as its own fields are valid, even
  // when others are not: every problem is reported in one pass.
  .refine((value) => value.limitMemoryHard > value.limitMemorySoft, {
    path: ['limitMemoryHard'],
    message: 'must be greater than limitMemorySoft',
    when: validFields('limitMemorySoft', 'limitMemoryHard'),
  });

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type SettingName = keyof Settings;

/** The settings a start took from flags, each with the flag that set it. */
export type SettingFlags = Partial<Record<SettingName, string>>;

/** Help text per setting, for the CLI's --help and the settings window. */
export function settingsHelp(): Record<string, string> {
  const help: Record<string, string> = {};
  for (const [name, field] of Object.entries(settingsSchema.shape)) {
    help[name] = field.description ?? '';
  }
  return help;
}
