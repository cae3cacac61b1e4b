// A cheap content fingerprint: the size plus a hash of the first and last
// 16 KiB. A file moved or renamed keeps it, so the scanner can give the moved
// file its old id (and its stars and playlist entries) instead of a new one.
import { createHash } from 'node:crypto';
import type { AudioFile } from './audio-file.js';

const chunk = 16 * 1024;

/** Fingerprint of an open file. */
export function fingerprint(file: AudioFile): string {
  const { size } = file;
  const hash = createHash('sha1').update(String(size));
  hash.update(file.read(0, Math.min(chunk, size)));
  if (size > chunk) {
    const tail = Math.min(chunk, size - chunk);
    hash.update(file.read(size - tail, tail));
  }
  return hash.digest('base64url').slice(0, 22);
}
