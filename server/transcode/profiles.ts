// Named transcode profiles: what a client can ask for, and the ffmpeg output
// arguments each one means. Containers are chosen for streaming: every one of
// them can be written to a pipe and played while it is still being written.

/** The audio codecs Hearth encodes to. */
export type TargetCodec = 'opus' | 'mp3' | 'aac';

export interface TranscodeProfile {
  /** Stable id used in URLs, settings and cache keys. */
  id: string;
  codec: TargetCodec;
  /** Target bitrate in kbit/s. */
  bitrate: number;
  /** ffmpeg encoder and muxer. */
  encoder: string;
  muxer: string;
  contentType: string;
  /** File suffix of the output, for the cache and for clients. */
  suffix: string;
}

const codecs: Record<TargetCodec, Omit<TranscodeProfile, 'id' | 'bitrate'>> = {
  opus: {
    codec: 'opus',
    encoder: 'libopus',
    muxer: 'ogg',
    contentType: 'audio/ogg',
    suffix: 'opus',
  },
  mp3: {
    codec: 'mp3',
    encoder: 'libmp3lame',
    muxer: 'mp3',
    contentType: 'audio/mpeg',
    suffix: 'mp3',
  },
  aac: {
    codec: 'aac',
    encoder: 'aac',
    muxer: 'adts',
    contentType: 'audio/aac',
    suffix: 'aac',
  },
};

function profile(codec: TargetCodec, bitrate: number): TranscodeProfile {
  return { id: `${codec}_${bitrate}`, bitrate, ...codecs[codec] };
}

/** Every profile, lowest bitrate first within a codec. */
export const profiles: readonly TranscodeProfile[] = [
  profile('opus', 96),
  profile('opus', 128),
  profile('mp3', 128),
  profile('mp3', 192),
  profile('mp3', 320),
  profile('aac', 128),
  profile('aac', 256),
];

/** Profile ids, plus 'raw' (the original file), as settings and URLs spell them. */
export const profileIds = profiles.map((p) => p.id);
export type FormatChoice = 'raw' | (typeof profileIds)[number];

/** The codecs Hearth can target, in the order it prefers them. */
export const targetCodecs: readonly TargetCodec[] = ['opus', 'aac', 'mp3'];

const compact = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The profile a client's spelling names: 'opus_128', 'opus128', 'OPUS-128'.
 * Undefined for anything else (a bare codec name is handled by the decision).
 */
export function findProfile(name: string): TranscodeProfile | undefined {
  const key = compact(name);
  return profiles.find((p) => compact(p.id) === key);
}

/** The profiles of one codec, lowest bitrate first. */
export function profilesOf(codec: TargetCodec): TranscodeProfile[] {
  return profiles.filter((p) => p.codec === codec);
}

export function isTargetCodec(name: string): name is TargetCodec {
  return (targetCodecs as readonly string[]).includes(name);
}

/** What the encoder needs to know about the source to set its output shape. */
export interface SourceShape {
  channels?: number | null;
  sampleRate?: number | null;
}

/**
 * The output sample rate: Opus always runs at 48 kHz; MP3 and AAC keep a
 * source between 32 and 48 kHz and resample anything else (DSD, hi-res, and
 * low rates at which the encoders cannot reach the profile's bitrate).
 */
export function outputRate(p: TranscodeProfile, source: SourceShape): number | null {
  if (p.codec === 'opus') return 48_000;
  const rate = source.sampleRate ?? 0;
  if (rate > 48_000) return 48_000;
  return rate >= 32_000 ? null : 44_100;
}

/**
 * Mono or stereo, with a named channel layout. Some decoders (Speex, PCM in
 * WAV or AIFF, ADPCM) give only a channel count, and the AAC encoder refuses
 * a mono stream without a layout; more than two channels are mixed down.
 */
const channelFilter = 'aformat=channel_layouts=mono|stereo';

/**
 * ffmpeg's output arguments for a profile: first audio stream only, no cover
 * art or tags, mono or stereo, a sample rate the encoder takes at this
 * bitrate. Opus runs in constant bitrate, so sizes (and the Content-Length
 * estimate) are predictable.
 */
export function outputArgs(p: TranscodeProfile, source: SourceShape = {}): string[] {
  const args = ['-map', '0:a:0', '-vn', '-sn', '-dn', '-map_metadata', '-1'];
  args.push('-af', channelFilter);
  const rate = outputRate(p, source);
  if (rate) args.push('-ar', String(rate));
  args.push('-c:a', p.encoder, '-b:a', `${p.bitrate}k`);
  if (p.codec === 'opus') args.push('-vbr', 'off');
  // Write in ffmpeg's 32 KiB buffers, not packet by packet: a 4-minute MP3
  // is 176 pipe writes instead of 9,084, and the wakeups those cost made a
  // transcode through a pipe 8 % slower than one to /dev/null. The first
  // bytes leave 8 ms later for MP3 (45 ms for AAC), and the first 2 s of
  // audio, what a player waits for, as early as before. Ogg (Opus) writes a
  // page at a time either way.
  args.push('-flush_packets', '0', '-f', p.muxer, 'pipe:1');
  return args;
}
