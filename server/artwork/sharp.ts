// sharp, loaded on first use. libvips adds about 28 MB to a process's RSS,
// and most HTTP workers only serve thumbnails already in the artwork cache,
// so they never load it.
import type sharpModule from 'sharp';

let loaded: Promise<typeof sharpModule> | undefined;

export function loadSharp(): Promise<typeof sharpModule> {
  loaded ??= import('sharp').then((module) => module.default);
  return loaded;
}
