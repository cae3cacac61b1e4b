// The mDNS advertisement on this machine's real network: a browser finds
// "Hearth on <host>" while the setting is on and the LAN can reach Hearth,
// and sees it leave when the setting is switched off.
import os from 'node:os';
import { Bonjour, type Service } from 'bonjour-service';
import { afterAll, describe, expect, it } from 'vitest';
import { advertiseOnLan, type LanAdvertiser } from '../../server/lan/advertise.js';
import { validateSettings } from '../../server/settings/load.js';

const name = `Hearth on ${os.hostname()}`;
const port = 40_000 + Math.floor(Math.random() * 20_000);
const browser = new Bonjour();
let advertiser: LanAdvertiser | undefined;
afterAll(async () => {
  await advertiser?.stop();
  browser.destroy();
});

// One browser for the whole file: it can report a service leaving only if it
// saw the service arrive.
const found = browser.find({ type: 'http' });

/** Resolves with the next `event` of a Hearth service on `port`. */
function seen(event: 'up' | 'down'): Promise<Service> {
  return new Promise((resolve) => {
    const listener = (service: Service) => {
      if (service.name !== name || service.port !== port) return;
      found.off(event, listener);
      resolve(service);
    };
    found.on(event, listener);
  });
}

describe('advertiseOnLan', () => {
  it('is silent while Hearth listens on loopback only', async () => {
    const quiet = advertiseOnLan(validateSettings({ host: '127.0.0.1' }), port);
    const result = await Promise.race([
      seen('up').then(() => 'seen'),
      new Promise((resolve) => setTimeout(() => resolve('silent'), 1500)),
    ]);
    await quiet.stop();
    expect(result).toBe('silent');
  });

  it('announces the player, then withdraws it when switched off', async () => {
    const up = seen('up');
    const settings = validateSettings({ host: '0.0.0.0', lanAdvertise: true });
    advertiser = advertiseOnLan(settings, port);
    const service = await up;
    expect(service.type).toBe('http');
    expect(service.txt).toMatchObject({ path: '/' });

    const down = seen('down');
    advertiser.update({ ...settings, lanAdvertise: false }, port);
    await expect(down).resolves.toMatchObject({ name });
  });
});
