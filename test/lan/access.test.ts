// The LAN card: which URLs reach the player for each host setting, with a QR
// code per URL, or the reason the LAN cannot reach it.
import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAccess, lanAddresses, lanUrls } from '../../server/lan/access.js';

type Interfaces = ReturnType<typeof os.networkInterfaces>;
const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as never;

const interfaces: Interfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6')],
  wlan0: [nic('10.0.0.7', 'IPv4')],
};

describe('lanAddresses', () => {
  it('lists the IPv4 addresses of real interfaces', () => {
    expect(lanAddresses(interfaces)).toEqual([
      { interface: 'eth0', address: '192.168.1.20' },
      { interface: 'wlan0', address: '10.0.0.7' },
    ]);
  });
});

describe('lanUrls', () => {
  const addresses = lanAddresses(interfaces);
  it.each([
    ['127.0.0.1', false, []],
    ['localhost', false, []],
    ['0.0.0.0', true, ['192.168.1.20', '10.0.0.7']],
    ['::', true, ['192.168.1.20', '10.0.0.7']],
    ['10.0.0.7', true, ['10.0.0.7']],
    ['192.168.9.9', true, ['192.168.9.9']],
  ])('host %s: reachable %s at %j', (host, reachable, at) => {
    const result = lanUrls(host, 4533, addresses);
    expect(result.reachable).toBe(reachable);
    expect(result.targets.map((t) => t.address)).toEqual(at);
  });

  it('no LAN address at all: not reachable', () => {
    expect(lanUrls('0.0.0.0', 4533, []).reachable).toBe(false);
  });
});

describe('lanAccess', () => {
  it('gives each URL a QR code as an SVG image', async () => {
    const access = await lanAccess({
      host: '0.0.0.0',
      port: 4533,
      advertise: true,
      interfaces,
    });
    expect(access).toMatchObject({ reachable: true, advertised: true, note: null });
    expect(access.entries.map((e) => e.url)).toEqual([
      'http://192.168.1.20:4533/',
      'http://10.0.0.7:4533/',
    ]);
    for (const entry of access.entries) {
      const svg = Buffer.from(entry.qr.split(',')[1]!, 'base64').toString();
      expect(entry.qr.startsWith('data:image/svg+xml;base64,')).toBe(true);
      expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 (\d+) \1"/);
      expect(svg).toContain('<path');
    }
    const [first, second] = access.entries;
    expect(first!.qr).not.toBe(second!.qr);
  });

  it('on loopback: no URLs, no advertisement, and what to change', async () => {
    const access = await lanAccess({
      host: '127.0.0.1',
      port: 4533,
      advertise: true,
      interfaces,
    });
    expect(access).toMatchObject({ reachable: false, entries: [], advertised: false });
    expect(access.note).toContain('0.0.0.0');
  });

  it('the switch off: reachable, not advertised', async () => {
    const access = await lanAccess({
      host: '0.0.0.0',
      port: 80,
      advertise: false,
      interfaces,
    });
    expect(access).toMatchObject({ reachable: true, advertised: false });
  });
});
