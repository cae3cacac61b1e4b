// The stream decision: send the original file, or transcode it, and to what.
// One pure function, so every rule is read in one place and tested as a table.
//
// Transcode when
//   1. the client asks for a profile or a codec the file is not already in;
//   2. the source is above the maximum bitrate of the request or the user
//      (a lossless source always is);
//   3. the client cannot play the source format (wma, ape, wv, mpc, dsf, ...);
//   4. the client asks to start at a time offset (raw files seek by Range).
// Otherwise send the original. The profile is the one asked or the default,
// unless it is above the bitrate limit or above a lossy source's own bitrate
// (a transcode never makes a lossy file bigger): then the best profile under
// both, across the codecs the client plays (only the named one if it named
// one), else the smallest. A lossy original that no profile would make
// smaller is sent as it is. A transcode may fall back to the original when
// the server is at its transcode cap, if the client can play the original.
import { browserFormats, type SourceFormat } from './formats.js';
import {
  findProfile,
  isTargetCodec,
  profilesOf,
  targetCodecs,
  type TargetCodec,
  type TranscodeProfile,
} from './profiles.js';

export interface DecisionInput {
  source: {
    format: SourceFormat;
    lossless: boolean;
    /** kbit/s from the headers; null or 0 when unknown. */
    bitrate: number | null;
  };
  /** The request's parameters, as the route parsed them. */
  request: {
    /** 'raw', a profile id ('mp3_192', 'opus128') or a codec ('mp3'). */
    format?: string;
    /** kbit/s; 0 or absent means no limit. */
    maxBitRate?: number;
    /** Seconds into the track to start at. */
    timeOffset?: number;
  };
  /** The user's defaults (accounts come later; empty until then). */
  user?: { profile?: string; maxBitRate?: number };
  /** Formats the client declared it plays; absent means a browser's. */
  client?: { formats?: ReadonlySet<SourceFormat> };
  /** The server's default profile id (setting transcodeProfile). */
  serverProfile: string;
}

export type TranscodeReason = 'requested' | 'bitrate' | 'unplayable' | 'seek';

export type Decision =
  | {
      kind: 'raw';
      /** 'smallest': a lossy original no profile would make smaller. */
      reason: 'requested' | 'playable' | 'already_in_format' | 'smallest';
    }
  | {
      kind: 'transcode';
      profile: TranscodeProfile;
      reason: TranscodeReason;
      /** The client can play the original: over the cap, send it instead of 429. */
      rawFallback: boolean;
      /** Seconds to skip, 0 for the whole track. */
      timeOffset: number;
    };

/** The tightest of the non-zero bitrate limits, or Infinity. */
function maxBitRate(input: DecisionInput): number {
  const limits = [input.request.maxBitRate, input.user?.maxBitRate].filter(
    (n): n is number => typeof n === 'number' && n > 0,
  );
  return limits.length > 0 ? Math.min(...limits) : Infinity;
}

/** A codec's everyday profile: the best at or under 192 kbit/s. */
function everyday(codec: TargetCodec): TranscodeProfile {
  const options = profilesOf(codec);
  return options.filter((p) => p.bitrate <= 192).at(-1) ?? options[0]!;
}

/** The profile the request or the defaults name, before any bitrate cap. */
interface Goal {
  profile: TranscodeProfile;
  /** The client named a profile or a codec: only that codec will do. */
  explicit: boolean;
  /** The client named a profile by id, not just a codec. */
  exact: boolean;
}

function target(input: DecisionInput, playable: ReadonlySet<SourceFormat>): Goal {
  const asked = input.request.format?.toLowerCase();
  const defaults = [input.user?.profile, input.serverProfile]
    .map((id) => (id ? findProfile(id) : undefined))
    .filter((p): p is TranscodeProfile => p !== undefined);

  // A profile by name, or a codec: the default profile if it is that codec.
  if (asked && asked !== 'raw') {
    const named = findProfile(asked);
    if (named) return { profile: named, explicit: true, exact: true };
    if (isTargetCodec(asked)) {
      const same = defaults.find((p) => p.codec === asked);
      return { profile: same ?? everyday(asked), explicit: true, exact: false };
    }
  }
  // Defaults: the user's profile, the server's, then any codec the client plays.
  const usable = defaults.find((p) => playable.has(p.codec));
  if (usable) return { profile: usable, explicit: false, exact: false };
  const codec: TargetCodec = targetCodecs.find((c) => playable.has(c)) ?? 'mp3';
  return { profile: everyday(codec), explicit: false, exact: false };
}

/**
 * The codecs a transcode may use: the one the client named, else every codec
 * the client plays, the wanted profile's first.
 */
function codecsFor(goal: Goal, playable: ReadonlySet<SourceFormat>): TargetCodec[] {
  const first = goal.profile.codec;
  if (goal.explicit) return [first];
  return [first, ...targetCodecs.filter((c) => c !== first && playable.has(c))];
}

/**
 * The wanted profile if it is within the cap, else the highest bitrate at or
 * under it among the codecs (the earlier codec on a tie), else null.
 */
function fit(
  wanted: TranscodeProfile,
  codecs: readonly TargetCodec[],
  cap: number,
): TranscodeProfile | null {
  if (wanted.bitrate <= cap) return wanted;
  const under = codecs.flatMap(profilesOf).filter((p) => p.bitrate <= cap);
  return under.reduce<TranscodeProfile | null>(
    (best, p) => (!best || p.bitrate > best.bitrate ? p : best),
    null,
  );
}

/** The lowest bitrate among the codecs (the earlier codec on a tie). */
function smallest(codecs: readonly TargetCodec[]): TranscodeProfile {
  const options = codecs.flatMap(profilesOf);
  return options.reduce((least, p) => (p.bitrate < least.bitrate ? p : least));
}

/** Decides raw or transcode for one stream request. Pure. */
export function decideStream(input: DecisionInput): Decision {
  const playable = input.client?.formats ?? browserFormats;
  const { source, request } = input;
  const limit = maxBitRate(input);
  const offset = Math.max(0, request.timeOffset ?? 0);
  const canPlay = playable.has(source.format);
  // A lossy source's own bitrate; a header's 0 means it is not known.
  const rate = !source.lossless && source.bitrate ? source.bitrate : Infinity;

  // 1. An explicit 'raw' wins over everything, the offset included.
  if (request.format?.toLowerCase() === 'raw')
    return { kind: 'raw', reason: 'requested' };

  // 2. Which reason, if any, asks for a transcode.
  const goal = target(input, playable);
  let reason: TranscodeReason | null = null;
  if (goal.explicit) reason = 'requested';
  else if (!canPlay) reason = 'unplayable';
  else if (limit !== Infinity && rate > limit) reason = 'bitrate';
  else if (offset > 0) reason = 'seek';
  if (!reason) return { kind: 'raw', reason: 'playable' };

  // 3. A codec asked by name that the file already has, within the bitrate
  //    limit if any, stays raw.
  const rawWorks = canPlay && offset === 0 && !source.lossless;
  const sameCodec = source.format === goal.profile.codec;
  if (reason === 'requested' && !goal.exact && sameCodec && rate <= limit && rawWorks) {
    return { kind: 'raw', reason: 'already_in_format' };
  }

  // 4. The profile: the wanted one, else the best under the limit and under
  //    a lossy source's own bitrate, else the smallest. When even the
  //    smallest is no smaller than a lossy source, the original is sent.
  const codecs = codecsFor(goal, playable);
  let profile = fit(goal.profile, codecs, Math.min(limit, rate));
  if (!profile) {
    profile = smallest(codecs);
    if (rawWorks && profile.bitrate >= rate) return { kind: 'raw', reason: 'smallest' };
  }

  // 5. A transcode to the file's own codec at no lower bitrate would only
  //    lose quality: the original is what was asked.
  if (rawWorks && source.format === profile.codec && rate <= profile.bitrate) {
    return { kind: 'raw', reason: 'already_in_format' };
  }
  return { kind: 'transcode', profile, reason, rawFallback: canPlay, timeOffset: offset };
}
