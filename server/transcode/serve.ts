// A track's stream as an HTTP response: the decision, then the original file
// (raw.ts, with Range), a finished transcode from the cache (also with
// Range), or a live transcode. The route stays thin: it parses the query and
// calls streamTrack.
//
// A live transcode's status is decided before the first byte: ffmpeg must
// show it is encoding (or finish) within a short deadline, so a file that
// cannot be decoded gets a clean JSON error, not a 200 with an empty body.
import type { Context } from 'koa';
import { PassThrough, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import type { AppDeps } from '../http/deps.js';
import { NotFoundError } from '../http/errors.js';
import { countStream } from '../stream/active.js';
import { fileInside, sendFile, sendRaw } from '../stream/raw.js';
import { decideStream, type Decision } from './decide.js';
import {
  OffsetPastEndError,
  TranscodeLimitError,
  TranscodingUnavailableError,
} from './errors.js';
import { estimateLength, fitLength } from './estimate.js';
import { resolveFfmpeg } from './ffmpeg.js';
import { parseFormats, sourceFormat } from './formats.js';
import { paceFor } from './pace.js';
import { findProfile, isTargetCodec } from './profiles.js';
import { Transcoder, type Opened } from './service.js';

const formatName = z
  .string()
  .refine(
    (v) => v.toLowerCase() === 'raw' || Boolean(findProfile(v)) || isTargetCodec(v),
    "must be 'raw', a profile (mp3_192, opus_128...) or a codec (mp3, opus, aac)",
  );

/** The stream route's query. */
export const streamQuery = z.object({
  format: formatName.optional().describe("'raw', a profile id, or a codec"),
  maxBitRate: z.coerce.number().int().min(0).max(100_000).optional(),
  timeOffset: z.coerce.number().min(0).max(1_000_000).optional(),
  estimateContentLength: z
    .enum(['1', '0', 'true', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
  formats: z.string().max(300).optional().describe('formats the client plays: mp3,opus'),
});
export type StreamQuery = z.infer<typeof streamQuery>;

/** Who is asking: the key the per-user cap counts, and the user's defaults. */
export interface StreamCaller {
  userKey: string;
  defaults?: { profile?: string; maxBitRate?: number };
}

interface StreamSource {
  id: string;
  path: string;
  suffix: string;
  codec: string | null;
  container: string | null;
  lossless: number;
  bitrate: number | null;
  duration: number;
  channels: number | null;
  sample_rate: number | null;
}

function loadSource(db: Db, id: string): StreamSource | undefined {
  return db
    .prepare(
      `SELECT id, path, suffix, codec, container, lossless, bitrate, duration,
              channels, sample_rate
       FROM track WHERE id = ?`,
    )
    .get(id) as StreamSource | undefined;
}

const transcoders = new WeakMap<AppDeps, Promise<Transcoder>>();

/**
 * The transcoder of an app: built once per deps. Uses the ffmpeg the main
 * process resolved (deps.ffmpeg) or, in one-process mode, resolves it here.
 */
export function transcoderFor(deps: AppDeps): Promise<Transcoder> {
  let made = transcoders.get(deps);
  if (!made) {
    made = (async () => {
      const ffmpeg = deps.ffmpeg ?? (await resolveFfmpeg(deps.settings.ffmpegPath));
      const { db, dataDir } = deps;
      return new Transcoder({ db, dataDir, ffmpeg, settings: () => deps.settings });
    })();
    transcoders.set(deps, made);
  }
  return made;
}

/** Answers GET /api/tracks/:id/stream for a track the caller may play. */
export async function streamTrack(
  ctx: Context,
  deps: AppDeps,
  trackId: string,
  query: StreamQuery,
  caller: StreamCaller,
): Promise<void> {
  const track = loadSource(deps.db, trackId);
  if (!track) throw new NotFoundError('track');
  const decision = decideStream({
    source: {
      format: sourceFormat(track),
      lossless: track.lossless === 1,
      bitrate: track.bitrate,
    },
    request: query,
    user: caller.defaults,
    client: query.formats ? { formats: parseFormats(query.formats) } : undefined,
    serverProfile: deps.settings.transcodeProfile,
  });
  // A start at or past the end has nothing to play (raw ignores the offset).
  const offset = decision.kind === 'transcode' ? decision.timeOffset : 0;
  if (track.duration > 0 && offset >= track.duration) throw new OffsetPastEndError();
  countStream(ctx, Math.max(0, (track.duration ?? 0) - offset));
  if (decision.kind === 'raw') return sendOriginal(ctx, deps, track, decision.reason);
  return sendTranscode(ctx, deps, track, decision, query, caller);
}

async function sendOriginal(
  ctx: Context,
  deps: AppDeps,
  track: StreamSource,
  why: string,
) {
  ctx.set('X-Hearth-Transcode', `raw; reason=${why}`);
  await sendRaw(ctx, track, deps.settings.musicFolders);
}

async function sendTranscode(
  ctx: Context,
  deps: AppDeps,
  track: StreamSource,
  decision: Extract<Decision, { kind: 'transcode' }>,
  query: StreamQuery,
  caller: StreamCaller,
): Promise<void> {
  const { profile, timeOffset } = decision;
  const transcoder = await transcoderFor(deps);

  // 1. No ffmpeg for this profile: the original if the client plays it.
  if (!transcoder.canEncode(profile)) {
    if (decision.rawFallback) return sendOriginal(ctx, deps, track, 'no_ffmpeg');
    throw new TranscodingUnavailableError();
  }
  const file = await fileInside(track.path, deps.settings.musicFolders);
  if (!file) throw new NotFoundError('file');
  ctx.set('X-Hearth-Transcode', `${profile.id}; reason=${decision.reason}`);
  const estimate = query.estimateContentLength ?? deps.settings.estimateContentLength;
  const length = estimate ? estimateLength(profile, track.duration - timeOffset) : null;
  if (ctx.method === 'HEAD') return headOnly(ctx, profile.contentType, length);

  // 2. Cached, joined, started, or over the cap.
  const opened = await transcoder.open({
    file,
    trackId: track.id,
    duration: track.duration,
    shape: { channels: track.channels, sampleRate: track.sample_rate },
    profile,
    timeOffset,
    userKey: caller.userKey,
  });
  return respond(ctx, deps, track, decision, opened, length, transcoder);
}

async function respond(
  ctx: Context,
  deps: AppDeps,
  track: StreamSource,
  decision: Extract<Decision, { kind: 'transcode' }>,
  opened: Opened,
  length: number | null,
  transcoder: Transcoder,
): Promise<void> {
  const type = decision.profile.contentType;
  switch (opened.kind) {
    case 'over_cap':
      ctx.log.info({ scope: opened.scope, trackId: track.id }, 'transcode cap reached');
      if (decision.rawFallback) return sendOriginal(ctx, deps, track, 'transcode_limit');
      throw new TranscodeLimitError(opened.scope, opened.retryAfterSeconds);
    case 'cached':
      ctx.set('X-Hearth-Cache', 'hit');
      return sendFile(ctx, opened.file, { contentType: type });
    case 'stream': {
      // The status is still open: fail cleanly if ffmpeg cannot start.
      const error = await opened.transcode.whenReady(transcoder.startDeadlineMs);
      if (error) throw error;
      ctx.set('X-Hearth-Cache', opened.cache);
      // One listener's own ffmpeg goes at playback pace after a lead (pace.ts).
      const pace = opened.cache === 'off' ? paceFor(decision.profile) : new PassThrough();
      return sendLive(ctx, opened.transcode.reader(), { type, length, pace });
    }
  }
}

function headOnly(ctx: Context, type: string, length: number | null): void {
  ctx.status = 200;
  ctx.type = type;
  if (length !== null) ctx.length = length;
}

interface LiveOptions {
  type: string;
  length: number | null;
  /** Pacing (pace.ts), or a pass-through. */
  pace: Transform;
}

/** Pipes a live transcode to the client; the client leaving destroys the reader. */
async function sendLive(ctx: Context, body: Readable, options: LiveOptions) {
  const { type, length, pace } = options;
  ctx.status = 200;
  ctx.respond = false;
  ctx.set({ 'Content-Type': type, 'Accept-Ranges': 'none', 'Cache-Control': 'no-store' });
  if (length !== null) ctx.set('Content-Length', String(length));
  try {
    if (length === null) await pipeline(body, pace, ctx.res);
    else await pipeline(body, pace, fitLength(length), ctx.res);
  } catch (err) {
    // A client that leaves is normal; anything else cut the stream short.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    ctx.log.warn({ err, trackId: ctx.params?.id }, 'transcode stream failed mid-body');
  }
}

/** What health says about transcoding: no paths, only what a client needs. */
export interface TranscodingHealth {
  available: boolean;
  /** 'ffmpeg_missing' or 'no_encoders' when unavailable; raw streams still play. */
  problem: 'ffmpeg_missing' | 'no_encoders' | null;
  ffmpegVersion: string | null;
  profiles: string[];
}

/** The transcoding part of /api/health (resolves ffmpeg on first use). */
export async function transcodingHealth(deps: AppDeps): Promise<TranscodingHealth> {
  const { ffmpeg } = await transcoderFor(deps);
  let problem: TranscodingHealth['problem'] = null;
  if (!ffmpeg.path) problem = 'ffmpeg_missing';
  else if (ffmpeg.profiles.length === 0) problem = 'no_encoders';
  return {
    available: problem === null,
    problem,
    ffmpegVersion: ffmpeg.version,
    profiles: ffmpeg.profiles,
  };
}
