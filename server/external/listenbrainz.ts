// ListenBrainz (API v1): a user links by pasting their user token, which
// validate-token checks; plays go to submit-listens as "single" listens.
// Tokens travel in the Authorization header only.
import type { Db } from '../db/index.js';
import { callService } from './http.js';
import type { Scrobble } from './lastfm.js';

export class ListenBrainz {
  constructor(
    private readonly db: Db,
    private readonly baseUrl: string,
  ) {}

  /** The account a token belongs to, or null when ListenBrainz says it is not valid. */
  async validate(token: string): Promise<string | null> {
    const body = (await callService({
      db: this.db,
      service: 'listenbrainz',
      url: this.url('/1/validate-token'),
      init: { headers: { Authorization: `Token ${token}` } },
    })) as { valid?: boolean; user_name?: string };
    return body.valid ? (body.user_name ?? '') : null;
  }

  async submit(token: string, play: Scrobble): Promise<void> {
    const metadata: Record<string, unknown> = {
      artist_name: play.artist,
      track_name: play.title,
      additional_info: { media_player: 'Hearth', submission_client: 'Hearth' },
    };
    if (play.album) metadata.release_name = play.album;
    if (play.durationS)
      (metadata.additional_info as Record<string, unknown>).duration = Math.round(
        play.durationS,
      );
    const listen = {
      listened_at: Math.floor(play.playedAt / 1000),
      track_metadata: metadata,
    };
    await callService({
      db: this.db,
      service: 'listenbrainz',
      url: this.url('/1/submit-listens'),
      init: {
        method: 'POST',
        headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ listen_type: 'single', payload: [listen] }),
      },
    });
  }

  private url(path: string): string {
    return this.baseUrl.replace(/\/+$/, '') + path;
  }
}
