// Durations music-metadata's headers get wrong or leave out, still read from
// headers (never by decoding):
// - A VBR MP3 without a Xing/VBRI header passes for CBR when its first
//   frames share a bitrate, and the size-based estimate can be off several
//   times (a quiet intro at 32 kbit/s). One frame from the middle of the file
//   tells; when its bitrate differs, every frame header is walked and the
//   samples counted, as a player would.
// - An Ogg stream whose last page lacks the end-of-stream flag gets no
//   duration; the granule position of the last page gives it.
import type { IAudioMetadata } from 'music-metadata';
import type { AudioFile } from './audio-file.js';

interface Frame {
  version: 1 | 2 | 25;
  layer: 1 | 2 | 3;
  bitrate: number;
  sampleRate: number;
  length: number;
  samples: number;
}

const bitrates: Record<string, number[]> = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const sampleRates = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  25: [11025, 12000, 8000],
};

/** The MPEG audio frame header at `at`, or null when the bytes are not one. */
export function frameAt(buf: Uint8Array, at: number): Frame | null {
  const [b0, b1, b2] = [buf[at], buf[at + 1], buf[at + 2]];
  if (b0 !== 0xff || b1 === undefined || b2 === undefined || (b1 & 0xe0) !== 0xe0)
    return null;
  const version = ([25, 0, 2, 1] as const)[(b1 >> 3) & 3];
  const layer = ([0, 3, 2, 1] as const)[(b1 >> 1) & 3];
  const rateIndex = (b2 >> 2) & 3;
  const bitrateIndex = b2 >> 4;
  if (
    !version ||
    !layer ||
    rateIndex === 3 ||
    bitrateIndex === 0 ||
    bitrateIndex === 15
  ) {
    return null;
  }
  const table = version === 1 ? `v1l${layer}` : layer === 1 ? 'v2l1' : 'v2l2';
  const bitrate = (bitrates[table] as number[])[bitrateIndex] as number;
  const sampleRate = sampleRates[version][rateIndex] as number;
  const padding = (b2 >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrate * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samples / 8) * bitrate * 1000) / sampleRate) + padding;
  return { version, layer, bitrate, sampleRate, length, samples };
}

/** Whether three frames follow each other from `at` (a real sync, not noise). */
function chainAt(buf: Uint8Array, at: number): Frame | null {
  const first = frameAt(buf, at);
  if (!first) return null;
  let pos = at + first.length;
  for (let i = 0; i < 2; i++) {
    const next = frameAt(buf, pos);
    if (!next || next.sampleRate !== first.sampleRate || next.layer !== first.layer) {
      return null;
    }
    pos += next.length;
  }
  return first;
}

/**
 * The bitrate (kbit/s) of the first real frame in the middle of the file,
 * or null when none is found there.
 */
function middleBitrate(file: AudioFile): number | null {
  const buf = file.read(Math.floor(file.size / 2), 16 * 1024);
  for (let at = 0; at < buf.length - 4; at++) {
    const frame = chainAt(buf, at);
    if (frame) return frame.bitrate;
  }
  return null;
}

/** Where the audio starts: after an ID3v2 tag at the head of the file. */
function audioStart(buf: Uint8Array): number {
  if (Buffer.from(buf.subarray(0, 3)).toString('latin1') !== 'ID3') return 0;
  const size = [6, 7, 8, 9].reduce((n, i) => n * 128 + ((buf[i] ?? 0) & 0x7f), 0);
  const footer = ((buf[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/** Bytes read at a time while counting frames. */
const windowBytes = 1024 * 1024;
/** More than three of the longest frames: what chainAt may look at. */
const frameSlack = 16 * 1024;

/** Seconds of audio, counted frame by frame, reading a window at a time. */
function countFrames(file: AudioFile): number | null {
  let base = 0;
  let buf = file.read(0, windowBytes);
  let at = audioStart(buf);
  let samples = 0;
  let sampleRate = 0;
  for (;;) {
    // Near the window's end (and not at the file's), slide the window on.
    const last = base + buf.length >= file.size;
    if (!last && at > buf.length - frameSlack) {
      base += at;
      buf = file.read(base, windowBytes);
      at = 0;
    }
    if (at >= buf.length - 4) break;
    const frame = frameAt(buf, at);
    const valid = frame && (sampleRate === 0 ? chainAt(buf, at) : frame);
    if (!frame || !valid || (sampleRate !== 0 && frame.sampleRate !== sampleRate)) {
      at++;
      continue;
    }
    sampleRate = frame.sampleRate;
    samples += frame.samples;
    at += frame.length;
  }
  return sampleRate ? samples / sampleRate : null;
}

/** Files larger than this are left to music-metadata's estimate. */
const maxCountBytes = 64 * 1024 * 1024;

/**
 * The duration of an MP3 that music-metadata called CBR, when it is in fact
 * VBR; null when the estimate stands. `firstBitrate` is in kbit/s.
 */
function vbrDuration(file: AudioFile, firstBitrate: number): number | null {
  if (file.size > maxCountBytes) return null;
  const middle = middleBitrate(file);
  if (middle === null || middle === firstBitrate) return null;
  return countFrames(file);
}

/** Seconds up to the granule position of the last Ogg page. */
function oggDuration(file: AudioFile, rate: number): number | null {
  const tail = file.read(Math.max(0, file.size - 64 * 1024), 64 * 1024);
  for (
    let at = tail.lastIndexOf('OggS');
    at >= 0;
    at = tail.lastIndexOf('OggS', at - 1)
  ) {
    if (at + 14 > tail.length) continue;
    const granule = tail.readBigInt64LE(at + 6);
    if (granule > 0n) return Number(granule) / rate;
  }
  return null;
}

/**
 * A better duration than music-metadata's for the two cases above, or null
 * when its value stands.
 */
export function correctedDuration(
  file: AudioFile,
  metadata: IAudioMetadata,
): number | null {
  const { container, codec, codecProfile, bitrate, sampleRate, duration } =
    metadata.format;
  if (container === 'MPEG' && codecProfile === 'CBR' && bitrate) {
    return vbrDuration(file, Math.round(bitrate / 1000));
  }
  if (container === 'Ogg' && !duration && sampleRate) {
    return oggDuration(file, codec === 'Opus' ? 48000 : sampleRate);
  }
  return null;
}
