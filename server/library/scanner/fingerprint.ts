// A cheap content fingerprint: the size plus a hash of the first and last
// 16 KiB. A file moved or renamed keeps it, so the scanner can give the moved
// file its old id (and its stars and playlist entries) instead of a new one.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

const chunk = 16 * 1024;

/** Fingerprint of an open-able file of known size. */
export async function fingerprint(file: string, size: number): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const hash = createHash('sha1').update(String(size));
    const head = Buffer.alloc(Math.min(chunk, size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (size > chunk) {
      const tail = Buffer.alloc(Math.min(chunk, size - chunk));
      await handle.read(tail, 0, tail.length, size - tail.length);
      hash.update(tail);
    }
    return hash.digest('base64url').slice(0, 22);
  } finally {
    await handle.close();
  }
}
