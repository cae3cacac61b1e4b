// Estimated Content-Length for transcodes, for clients that refuse a stream
// without one (some Subsonic apps). The estimate comes from the profile's
// bitrate and the track's duration; the body is then made to match it
// exactly: padded with zero bytes if ffmpeg wrote less (decoders skip them
// while looking for the next frame), cut if it wrote more. The estimate errs
// on the long side so cutting is rare. A finished transcode in the cache needs
// no estimate: its size is known.
import type { TranscodeProfile } from './profiles.js';

/** Container bytes per second of audio, beyond the codec's bitrate. */
const overheadPerSecond: Record<TranscodeProfile['codec'], number> = {
  opus: 400, // Ogg page headers
  mp3: 0,
  aac: 310, // a 7-byte ADTS header per 1024-sample frame at 44.1 kHz
};

/** Estimated output size in bytes of `seconds` of audio in a profile. */
export function estimateLength(profile: TranscodeProfile, seconds: number): number {
  const duration = Math.max(0, seconds);
  const perSecond = (profile.bitrate * 1000) / 8 + overheadPerSecond[profile.codec];
  // 3 % margin for VBR swings, plus room for the container header.
  return Math.ceil(duration * perSecond * 1.03) + 8 * 1024;
}

/**
 * Yields exactly `length` bytes of `source`: cuts the excess, pads the
 * shortfall with zeros. A pipeline stage, so padding respects backpressure.
 */
export function fitLength(length: number) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let sent = 0;
    for await (const chunk of source) {
      const part = chunk.subarray(0, length - sent);
      sent += part.length;
      if (part.length > 0) yield part;
      if (sent >= length) return;
    }
    const zeros = Buffer.alloc(64 * 1024);
    while (sent < length) {
      const n = Math.min(zeros.length, length - sent);
      sent += n;
      yield zeros.subarray(0, n);
    }
  };
}
