// music-metadata options for a scan, shared with the benchmark's bare
// parseFile loop (bench/scan.ts) so the ceiling does the same parsing work.
// `duration: true` lets the parser read further when the headers alone do
// not give a length (Ogg's last page, VBR MP3 frames); it does not decode.
import type { IOptions } from 'music-metadata';

/** A fresh object per call: music-metadata writes into its options. */
export function parseOptions(): IOptions {
  return { duration: true };
}
