// The few bytes the dispatcher writes on each connection to a worker before the
// client's own bytes: a line proving the connection comes from this run's
// dispatcher, then a PROXY protocol v1 line carrying the client's address.
//
//   HEARTH 9f2c...e1\r\n
//   PROXY TCP4 192.168.1.20 127.0.0.1 51234 4533\r\n
//
// Workers refuse any connection whose first line does not carry the secret.
import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';

/** Longest preamble a worker waits for before refusing the connection. */
export const maxPreambleBytes = 256;

export interface Endpoint {
  address: string;
  port: number;
}

export type PreambleParse =
  | { status: 'incomplete' }
  | { status: 'invalid'; why: string }
  | { status: 'ok'; client: Endpoint | null; length: number };

/** The preamble for one client connection. */
export function formatPreamble(
  secret: string,
  client: Endpoint,
  local: Endpoint,
): string {
  const family = net.isIPv6(client.address) ? 'TCP6' : 'TCP4';
  const proxy = net.isIP(client.address)
    ? `PROXY ${family} ${client.address} ${local.address} ${client.port} ${local.port}`
    : 'PROXY UNKNOWN';
  return `HEARTH ${secret}\r\n${proxy}\r\n`;
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads the PROXY v1 line; UNKNOWN means "no address to pass". */
function parseProxyLine(line: string): Endpoint | null | undefined {
  const parts = line.split(' ');
  if (parts[0] !== 'PROXY') return undefined;
  if (parts[1] === 'UNKNOWN') return null;
  const [, family, source, , sourcePort] = parts;
  const port = Number(sourcePort);
  const version = family === 'TCP4' ? 4 : family === 'TCP6' ? 6 : 0;
  if (parts.length !== 6 || net.isIP(source ?? '') !== version || !(port > 0)) {
    return undefined;
  }
  return { address: source!, port };
}

/** Parses the start of a connection's bytes; `length` is the preamble's size. */
export function parsePreamble(bytes: Buffer, secret: string): PreambleParse {
  const text = bytes.subarray(0, maxPreambleBytes).toString('latin1');
  const first = text.indexOf('\r\n');
  const second = first < 0 ? -1 : text.indexOf('\r\n', first + 2);
  if (second < 0) {
    return bytes.length >= maxPreambleBytes
      ? { status: 'invalid', why: 'preamble too long' }
      : { status: 'incomplete' };
  }
  const hello = text.slice(0, first).split(' ');
  if (hello.length !== 2 || hello[0] !== 'HEARTH' || !sameSecret(hello[1]!, secret)) {
    return { status: 'invalid', why: 'bad secret' };
  }
  const client = parseProxyLine(text.slice(first + 2, second));
  if (client === undefined) return { status: 'invalid', why: 'bad PROXY line' };
  return { status: 'ok', client, length: second + 2 };
}
