// What the dispatcher knows of HTTP: where a request starts and where its
// head (request line and headers) ends, so that it can refuse a head past
// the workers' limit itself. It parses nothing else; a request's start is
// recognised by its request line, so body bytes that follow an early
// answer (a 100 Continue, a 413) are not taken for a new request.
import http from 'node:http';

/**
 * The largest head a worker's HTTP parser accepts (Node's
 * --max-http-header-size, 16 KiB by default). Node counts fewer bytes of a
 * head than arrive (not the method, spaces or line ends), so a head the
 * dispatcher lets through never overflows a worker's parser.
 */
export const maxHeadBytes = http.maxHeaderSize;

const headEnd = Buffer.from('\r\n\r\n');
/** A method, then a target: "/path", "*", "http://..." or "host:port". */
const requestStart = /^[A-Z]{3,10} (?:\/|\*|[A-Za-z0-9.-]+:)/;

/** True when a chunk starts like a request: "GET /...", "OPTIONS *"... */
export function startsRequest(chunk: Buffer): boolean {
  return requestStart.test(chunk.toString('latin1', 0, 24));
}

/** A head still open: its bytes so far, and the last bytes to join to the next chunk. */
export interface OpenHead {
  bytes: number;
  tail: Buffer;
}

const noTail = Buffer.alloc(0);

/** A new head whose first chunk is still to be counted. */
export const newHead = (): OpenHead => ({ bytes: 0, tail: noTail });

/**
 * Counts one chunk of an open head. Returns the head's size when it ends in
 * this chunk, or null while it goes on (then `head` has the count so far).
 */
export function countHead(head: OpenHead, chunk: Buffer): number | null {
  const end = endIn(head.tail, chunk);
  if (end !== -1) return head.bytes + end;
  head.bytes += chunk.length;
  head.tail =
    chunk.length >= 3
      ? chunk.subarray(-3)
      : Buffer.concat([head.tail, chunk]).subarray(-3);
  return null;
}

/**
 * How many bytes of `chunk` belong to a head that ends in it, or -1. The
 * end, a blank line, may straddle the previous chunk's tail and this one.
 */
function endIn(tail: Buffer, chunk: Buffer): number {
  if (tail.length > 0) {
    const at = Buffer.concat([tail, chunk.subarray(0, 3)]).indexOf(headEnd);
    if (at !== -1) return at - tail.length + headEnd.length;
  }
  const at = chunk.indexOf(headEnd);
  return at === -1 ? -1 : at + headEnd.length;
}
