// A parse thread: reads files one at a time with music-metadata and answers
// with Hearth's fields. The pool (pool.ts) owns these threads and terminates
// one that takes too long, so a file that makes a parser loop costs a thread,
// never the scan.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { parseFromTokenizer, type IAudioMetadata } from 'music-metadata';
import { looksLikeAudio } from '../formats.js';
import { isSyncedLyrics, type Lyrics } from '../lyrics.js';
import { AudioFile } from './audio-file.js';
import { correctedDuration } from './durations.js';
import { parseOptions } from './parse-options.js';
import { fingerprint } from './fingerprint.js';
import { keepId3SlashesWhole } from './mm-patch.js';
import { hasPicture, readAudio, readLyrics, readTags } from './tag-reader.js';
import type { ParsedFile, ParseOutcome, ParseTask } from './types.js';

const maxSidecarBytes = 512 * 1024;

/** Reads one file into a ParseOutcome; never throws. */
export async function parseTask(task: ParseTask): Promise<ParseOutcome> {
  let file: AudioFile | null = null;
  try {
    if (task.size === 0) return { kind: 'failed', reason: 'empty file' };
    file = AudioFile.open(task.path);
    if (task.sniff && !looksLikeAudio(file.read(0, 16))) return { kind: 'ignored' };
    const metadata = await parseFromTokenizer(file.tokenizer(), parseOptions());
    // Tags without a readable stream still make a track (a cut-down file);
    // neither stream nor tags means this is not audio (text named .mp3).
    const { container, codec, tagTypes } = metadata.format;
    if (!container && !codec && tagTypes.length === 0) {
      return { kind: 'failed', reason: 'no audio stream or tags found' };
    }
    return { kind: 'parsed', file: parsedFile(file, metadata, task.lrcPath) };
  } catch (err) {
    return { kind: 'failed', reason: failureReason(err, task.path) };
  } finally {
    file?.close();
  }
}

/** Hearth's fields for a file music-metadata has read. */
function parsedFile(
  file: AudioFile,
  metadata: IAudioMetadata,
  lrcPath: string | null,
): ParsedFile {
  const audio = readAudio(metadata);
  audio.duration = correctedDuration(file, metadata) ?? audio.duration;
  return {
    tags: readTags(metadata),
    audio,
    hasCover: hasPicture(metadata),
    lyrics: readLyrics(metadata),
    sidecarLyrics: lrcPath ? readSidecar(lrcPath) : null,
    fingerprint: fingerprint(file),
  };
}

function readSidecar(file: string): Lyrics | null {
  try {
    const stat = fs.statSync(file);
    if (stat.size > maxSidecarBytes) return null;
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim();
    return text ? { text, synced: isSyncedLyrics(text) } : null;
  } catch {
    return null;
  }
}

const errnoReasons: Record<string, string> = {
  ENOENT: 'file vanished during the scan',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'symlink loop',
  EISDIR: 'not a regular file',
  EIO: 'input/output error',
};

/** A short, path-free reason for a failed read. */
export function failureReason(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && errnoReasons[code]) return errnoReasons[code];
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('Failed to determine audio format')) {
    return 'not a recognised audio format';
  }
  const clean = message.replaceAll(file, '<file>').split('\n')[0]?.slice(0, 200) ?? '';
  return `tag parse error: ${clean}`;
}

// The thread's message loop: files are read one at a time, in the order they
// came, so the pool knows which file a stuck thread is on. The patch is
// awaited inside the loop, not at the top level: a module with top-level
// await evaluates asynchronously, and Node 20's V8 can abort the whole
// process when such a thread is terminated mid-evaluation (a scan that ends
// or replaces a thread right after starting it).
if (parentPort) {
  const port = parentPort;
  const patched = keepId3SlashesWhole();
  const queue: Array<{ id: number; task: ParseTask }> = [];
  let busy = false;
  const drain = async () => {
    busy = true;
    await patched;
    for (let next = queue.shift(); next; next = queue.shift()) {
      port.postMessage({ id: next.id, outcome: await parseTask(next.task) });
    }
    busy = false;
  };
  port.on('message', (message: { id: number; task: ParseTask }) => {
    queue.push(message);
    if (!busy) void drain();
  });
}
