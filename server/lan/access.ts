// How phones and laptops on the LAN reach the player: its URL on each network
// interface of this computer, with a QR code to scan, or the reason the LAN
// cannot reach it (Hearth listens on loopback only).
import os from 'node:os';

/** One way in: an interface of this computer and the player's URL there. */
export interface LanEntry {
  interface: string;
  address: string;
  url: string;
  /** The URL as a QR code, an SVG data URL for an <img>. */
  qr: string;
}

export interface LanAccess {
  /** False when Hearth listens on loopback only. */
  reachable: boolean;
  entries: LanEntry[];
  /** Whether the mDNS advertisement is on (and the LAN can reach Hearth). */
  advertised: boolean;
  /** Why the LAN cannot reach Hearth, when it cannot. */
  note: string | null;
}

type Interfaces = ReturnType<typeof os.networkInterfaces>;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);
const anyHosts = new Set(['0.0.0.0', '::']);

/** Whether a host setting keeps Hearth to this computer. */
export function isLoopbackHost(host: string): boolean {
  return loopbackHosts.has(host);
}

/** The IPv4 addresses other machines can use, by interface, loopback left out. */
export function lanAddresses(
  interfaces: Interfaces = os.networkInterfaces(),
): Array<{ interface: string; address: string }> {
  return Object.entries(interfaces).flatMap(([name, list]) =>
    (list ?? [])
      .filter((a) => a.family === 'IPv4' && !a.internal)
      .map((a) => ({ interface: name, address: a.address })),
  );
}

/** Where the player can be reached from the LAN, for a host setting and a port. Pure. */
export function lanUrls(
  host: string,
  port: number,
  addresses: Array<{ interface: string; address: string }>,
): { reachable: boolean; targets: Array<{ interface: string; address: string }> } {
  if (loopbackHosts.has(host)) return { reachable: false, targets: [] };
  if (anyHosts.has(host)) return { reachable: addresses.length > 0, targets: addresses };
  const own = addresses.filter((a) => a.address === host);
  return {
    reachable: true,
    targets: own.length ? own : [{ interface: '', address: host }],
  };
}

/** The LAN card's content: URLs with QR codes, or why there are none. */
export async function lanAccess(options: {
  host: string;
  port: number;
  advertise: boolean;
  interfaces?: Interfaces;
}): Promise<LanAccess> {
  const { reachable, targets } = lanUrls(
    options.host,
    options.port,
    lanAddresses(options.interfaces),
  );
  const entries = await Promise.all(
    targets.map(async (target) => {
      const url = `http://${target.address}:${options.port}/`;
      const svg = await (
        await import('qrcode')
      ).default.toString(url, { type: 'svg', margin: 1 });
      const qr = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      return { ...target, url, qr };
    }),
  );
  const note = loopbackHosts.has(options.host)
    ? 'Hearth listens on this computer only. Set the host to 0.0.0.0 to open it to the LAN.'
    : reachable
      ? null
      : 'This computer has no LAN address right now.';
  return { reachable, entries, advertised: reachable && options.advertise, note };
}
