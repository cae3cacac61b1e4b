// The transcoder's named errors. Messages are safe for clients; the cause
// (ffmpeg's log, with local paths) goes to the server log only.
import { HearthError, TooManyRequestsError } from '../http/errors.js';

/** ffmpeg could not decode any audio from the file. */
export class UndecodableError extends HearthError {
  constructor(cause?: unknown) {
    super(422, 'track_undecodable', 'the track cannot be decoded', {}, { cause });
  }
}

/** ffmpeg failed or stalled before it produced any audio. */
export class TranscodeFailedError extends HearthError {
  constructor(cause?: unknown) {
    super(502, 'transcode_failed', 'the transcode could not start', {}, { cause });
  }
}

/** A transcode is needed and this server has no usable ffmpeg for it. */
export class TranscodingUnavailableError extends HearthError {
  constructor() {
    super(503, 'transcoding_unavailable', 'transcoding is not available on this server');
  }
}

/** Over the server's or the user's cap on concurrent transcodes. */
export class TranscodeLimitError extends TooManyRequestsError {
  constructor(scope: 'server' | 'user', retryAfterSeconds: number) {
    super(
      'transcode_limit',
      scope === 'server'
        ? 'too many transcodes on this server; retry shortly'
        : 'too many transcodes for this user; retry shortly',
      retryAfterSeconds,
    );
  }
}

/** A timeOffset at or past the track's end: there is nothing to play. */
export class OffsetPastEndError extends HearthError {
  constructor() {
    super(416, 'range_not_satisfiable', 'timeOffset is past the end of the track');
  }
}
