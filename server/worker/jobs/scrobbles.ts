// Delivers the plays still queued for Last.fm and ListenBrainz (the service
// was down or rate-limited when they were recorded). Each due play is tried
// once per run; what fails waits for its next attempt time.
import type { Db } from '../../db/index.js';
import { ScrobbleDelivery } from '../../external/scrobbles.js';
import type { Settings } from '../../settings/schema.js';
import type { Job } from '../scheduler.js';

export function scrobblesJob(db: Db, settings: Settings): Job {
  const delivery = new ScrobbleDelivery(db, settings);
  return {
    name: 'scrobbles',
    intervalMs: 60_000,
    runAtStart: true,
    async run(ctx) {
      return { ...(await delivery.deliverDue({ signal: ctx.signal })) };
    },
    // Every minute, mostly with an empty queue: such runs log at debug.
    idle: (result) =>
      result.delivered === 0 && result.waiting === 0 && result.dropped === 0,
  };
}
