// Finding ffmpeg and learning what it can do. The main process resolves it
// once at start and hands the result to the workers, so every process runs
// the same binary. Order: the ffmpegPath setting, FFMPEG_PATH, ffmpeg-static's
// binary if it is installed and on disk, then `ffmpeg` on PATH.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { logger } from '../log.js';
import { profiles } from './profiles.js';

const run = promisify(execFile);
const log = logger('transcode');

/** Where the ffmpeg binary came from. */
export type FfmpegSource = 'setting' | 'env' | 'ffmpeg-static' | 'path';

export interface FfmpegCandidate {
  path: string;
  source: FfmpegSource;
}

/** A resolved ffmpeg: usable (with version and encoders) or missing (with why). */
export interface FfmpegInfo {
  /** Absolute path or command name; null when no ffmpeg was found. */
  path: string | null;
  source: FfmpegSource | null;
  version: string | null;
  /** Encoder names Hearth's profiles need that this ffmpeg has. */
  encoders: string[];
  /** Profile ids this ffmpeg can produce. */
  profiles: string[];
  /** ffmpeg takes -timelimit (a kernel CPU limit, a backstop against orphans). */
  cpuLimit: boolean;
  /** Why ffmpeg is unusable, for the log and for health. */
  problem: string | null;
}

/**
 * ffmpeg-static's binary path if the optional module is installed and its
 * file exists. Inside a packaged Electron app the binary lives in
 * app.asar.unpacked, since executables cannot run from inside the archive.
 */
export function ffmpegStaticPath(): string | null {
  let binary: unknown;
  try {
    binary = createRequire(import.meta.url)('ffmpeg-static');
  } catch {
    return null;
  }
  if (typeof binary !== 'string' || binary === '') return null;
  const unpacked = binary.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  for (const file of [unpacked, binary]) {
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** The candidates in resolution order; the first one that runs wins. */
export function ffmpegCandidates(
  settingPath: string,
  env: NodeJS.ProcessEnv = process.env,
  staticPath: () => string | null = ffmpegStaticPath,
): FfmpegCandidate[] {
  const list: FfmpegCandidate[] = [];
  if (settingPath) list.push({ path: settingPath, source: 'setting' });
  if (env.FFMPEG_PATH) list.push({ path: env.FFMPEG_PATH, source: 'env' });
  const bundled = staticPath();
  if (bundled) list.push({ path: bundled, source: 'ffmpeg-static' });
  list.push({
    path: process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg',
    source: 'path',
  });
  return list;
}

/** Runs `ffmpeg -version` and `-encoders`; throws when the binary does not run. */
export async function describeFfmpeg(file: string): Promise<{
  version: string;
  encoders: string[];
  cpuLimit: boolean;
}> {
  const options = { timeout: 10_000, maxBuffer: 4 * 1024 * 1024, windowsHide: true };
  const version = await run(file, ['-hide_banner', '-version'], options);
  const firstLine = version.stdout.split('\n')[0] ?? '';
  const listed = await run(file, ['-hide_banner', '-encoders'], options);
  // Lines look like " A....D libmp3lame   libmp3lame MP3 (MPEG audio layer 3)".
  const available = new Set(
    listed.stdout
      .split('\n')
      .map((line) => /^\s*A\S*\s+(\S+)/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name)),
  );
  const wanted = [...new Set(profiles.map((p) => p.encoder))];
  const help = await run(file, ['-hide_banner', '-h', 'long'], options);
  return {
    version: /version\s+(\S+)/.exec(firstLine)?.[1] ?? firstLine,
    encoders: wanted.filter((name) => available.has(name)),
    cpuLimit: /^-timelimit\b/m.test(help.stdout),
  };
}

/**
 * Resolves ffmpeg once: tries each candidate in order and describes the first
 * that runs, except that a broken ffmpegPath setting is reported as missing
 * ffmpeg rather than quietly replaced by another binary. Never throws; a missing ffmpeg is a result (raw playback works
 * without it). Logs the version and encoders, or the problem.
 */
export async function resolveFfmpeg(
  settingPath: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FfmpegInfo> {
  const tried: string[] = [];
  for (const candidate of ffmpegCandidates(settingPath, env)) {
    try {
      const info = await ffmpegInfo(candidate);
      log.info({ ...info }, 'ffmpeg found');
      return info;
    } catch (err) {
      tried.push(`${candidate.source}: ${(err as Error).message}`);
      // A path the admin set is meant: report it broken, do not play another.
      if (candidate.source === 'setting') break;
    }
  }
  const missing = missingFfmpeg(`ffmpeg not found (${tried.join('; ')})`);
  log.warn({ problem: missing.problem }, 'ffmpeg missing: only raw streams will play');
  return missing;
}

/** Describes one binary; throws when it does not run. */
async function ffmpegInfo(candidate: FfmpegCandidate): Promise<FfmpegInfo> {
  const { version, encoders, cpuLimit } = await describeFfmpeg(candidate.path);
  const usable = profiles.filter((p) => encoders.includes(p.encoder)).map((p) => p.id);
  return {
    ...candidate,
    version,
    encoders,
    profiles: usable,
    cpuLimit,
    problem: usable.length === 0 ? 'ffmpeg has none of the needed encoders' : null,
  };
}

/**
 * The FfmpegInfo of a path the main process already resolved (a worker's
 * init message carries only the path; '' means none was found). Never throws.
 */
export async function ffmpegFromPath(file: string): Promise<FfmpegInfo> {
  if (!file) return missingFfmpeg();
  try {
    return await ffmpegInfo({ path: file, source: 'setting' });
  } catch (err) {
    return missingFfmpeg(`ffmpeg does not run (${(err as Error).message})`);
  }
}

/** The FfmpegInfo of a server without ffmpeg. */
export function missingFfmpeg(problem = 'ffmpeg not found'): FfmpegInfo {
  return {
    path: null,
    source: null,
    version: null,
    encoders: [],
    profiles: [],
    cpuLimit: false,
    problem,
  };
}
