// The mDNS/Bonjour advertisement: "Hearth on <computer>" as an HTTP service,
// so the LAN finds the player without typing an address. It runs in the
// process that owns the public port (the supervisor's), only while the LAN
// can reach Hearth and the lanAdvertise setting is on.
import os from 'node:os';
import { Bonjour, type Service } from 'bonjour-service';
import { logger } from '../log.js';
import type { Settings } from '../settings/schema.js';
import { isLoopbackHost } from './access.js';

const log = logger('main');

export interface LanAdvertiser {
  /** Follows a settings change (the switch, or the address after a restart). */
  update(settings: Settings, port: number): void;
  stop(): Promise<void>;
}

/** Whether these settings call for an advertisement. */
export function shouldAdvertise(settings: Settings): boolean {
  return settings.lanAdvertise && !isLoopbackHost(settings.host);
}

/** Starts advertising if the settings call for it; follows later changes. */
export function advertiseOnLan(settings: Settings, port: number): LanAdvertiser {
  let bonjour: Bonjour | null = null;
  let service: Service | null = null;

  const stop = async () => {
    const current = bonjour;
    bonjour = null;
    service = null;
    if (!current) return;
    await new Promise<void>((resolve) => current.unpublishAll(() => resolve()));
    current.destroy();
    log.info('mDNS advertisement stopped');
  };

  const update = (next: Settings, nextPort: number) => {
    if (!shouldAdvertise(next)) {
      void stop();
      return;
    }
    if (service) return;
    bonjour = new Bonjour({}, (err: unknown) => log.warn({ err }, 'mDNS error'));
    const name = `Hearth on ${os.hostname()}`;
    service = bonjour.publish({ name, type: 'http', port: nextPort, txt: { path: '/' } });
    log.info({ name, port: nextPort }, 'mDNS advertisement started');
  };

  update(settings, port);
  return { update, stop };
}
