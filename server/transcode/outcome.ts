// What an ffmpeg exit means for the client: success, a file that cannot be
// decoded, or a failure of the transcode itself. Pure, so the mapping is
// tested on its own.
import { TranscodeFailedError, UndecodableError } from './errors.js';
import type { FfmpegExit } from './runner.js';

// ffmpeg's words for input it cannot read as audio.
const undecodable = [
  /Invalid data found when processing input/,
  /could not find codec parameters/i,
  /does not contain any stream/,
  /Output file #0 does not contain any stream/,
  /Stream map '0:a:0' matches no streams/,
  /matches no streams/,
  /No such file or directory/,
  /Error while opening decoder/,
  /Decoder \(codec [^)]*\) not found/,
];

// ffmpeg's words for an encoder or muxer that will not open.
const encoderFailure =
  /Error while opening encoder|Error initializing output stream|Could not write header/;

/**
 * The error an exit stands for, or null when ffmpeg produced a usable stream.
 * An empty output is a success only for a seek (past the decodable end).
 */
export function exitError(exit: FfmpegExit, timeOffset: number): Error | null {
  if (exit.killedFor) return new TranscodeFailedError(`killed: ${exit.killedFor}`);
  if (exit.code === 0 && !(exit.empty && timeOffset === 0)) return null;
  const reason = lastLines(exit.stderr);
  // The encoder refusing its settings is Hearth's fault, not the file's.
  if (encoderFailure.test(exit.stderr)) return new TranscodeFailedError(reason);
  // Otherwise failing before writing anything is failing to read the input.
  const nothing = exit.bytesOut === 0 || exit.empty;
  if (nothing || undecodable.some((pattern) => pattern.test(exit.stderr))) {
    return new UndecodableError(reason);
  }
  return new TranscodeFailedError(reason || `ffmpeg exit ${exit.code ?? exit.signal}`);
}

// ffmpeg's informational lines: stream dumps, metadata, closing statistics.
const noise =
  /^(bench:|size=|video:\d|Exiting normally|Input #|Output #|Stream|Metadata:|Duration:|Press \[q\])|^[\w-]+\s+:\s/;

/** The last few lines of ffmpeg's log that say something, for the server log. */
export function lastLines(stderr: string, count = 3): string {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !noise.test(line))
    .slice(-count)
    .join(' | ');
}

/** Seconds of audio ffmpeg reports it wrote (its final "time=" figure), or null. */
export function encodedSeconds(stderr: string): number | null {
  const all = [...stderr.matchAll(/time=(\d+):(\d\d):(\d\d(?:\.\d+)?)/g)];
  const last = all.at(-1);
  if (!last) return null;
  return Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]);
}
