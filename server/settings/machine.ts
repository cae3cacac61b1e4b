// Checks of a settings change against this computer. The schema takes any
// well-formed value, but some would break the next start (an address this
// computer does not have) or quietly do nothing (a folder that is not there,
// an ffmpeg that is not ffmpeg). The settings window refuses those, field by
// field. A start only warns: a music folder on a USB disk may be unplugged.
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { musicFolderProblem } from '../library/music-folders.js';
import type { Settings } from './schema.js';

const run = promisify(execFile);

/** Addresses every computer can listen on. */
const alwaysHere = new Set(['0.0.0.0', '::', 'localhost', '127.0.0.1', '::1']);

/** The codes of a listen that fails because the address is not this computer's. */
const notHere = new Set(['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);

/** Why the server could not listen on `host`, or null when it can. */
export async function hostProblem(host: string): Promise<string | null> {
  if (alwaysHere.has(host.toLowerCase())) return null;
  // Listening on a free port is the one test that also covers host names.
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, resolve);
    });
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!notHere.has(code)) return `cannot listen on it (${code || String(err)})`;
    return 'not an address of this computer: choose 0.0.0.0 (the whole LAN), 127.0.0.1 (this computer only) or one of its addresses';
  } finally {
    server.close();
  }
}

/** Why `file` is not an ffmpeg that runs, or null when `file -version` says ffmpeg. */
export async function ffmpegProblem(file: string): Promise<string | null> {
  try {
    const { stdout } = await run(file, ['-version'], {
      timeout: 10_000,
      windowsHide: true,
    });
    return stdout.startsWith('ffmpeg version') ? null : 'does not run as ffmpeg';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : 'does not run as ffmpeg';
  }
}

/** Why these music folders cannot be the library, or null. New ones must be there. */
export function foldersProblem(folders: string[], current: string[]): string | null {
  const relative = folders.find((dir) => !path.isAbsolute(dir));
  if (relative !== undefined) return `${relative}: expected an absolute path`;
  for (const dir of folders) {
    if (current.includes(path.resolve(dir))) continue;
    const problem = musicFolderProblem(dir);
    if (problem) return `${dir}: ${problem}`;
  }
  return null;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The problems of the settings a change sends that this computer would not
 * take, by setting name. Values the change leaves as they are, and values
 * of the wrong type (the schema names those), are not looked at.
 */
export async function machineProblems(
  current: Settings,
  input: Record<string, unknown>,
): Promise<Record<string, string>> {
  const problems: Record<string, string | null> = {};
  const { host, ffmpegPath, musicFolders } = input;
  if (isStringList(musicFolders)) {
    problems.musicFolders = foldersProblem(musicFolders, current.musicFolders);
  }
  if (typeof host === 'string' && host !== current.host) {
    problems.host = await hostProblem(host);
  }
  if (typeof ffmpegPath === 'string' && ffmpegPath !== current.ffmpegPath) {
    // Empty is allowed: Hearth then looks for ffmpeg itself.
    problems.ffmpegPath = ffmpegPath && (await ffmpegProblem(ffmpegPath));
  }
  return Object.fromEntries(
    Object.entries(problems).filter((entry): entry is [string, string] => !!entry[1]),
  );
}
