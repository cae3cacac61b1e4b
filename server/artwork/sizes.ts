// The thumbnail sizes and formats the artwork cache keeps. A client asking
// for another size gets the next cached size up (the largest when it asks
// for more), so a handful of files per cover serves every client.

/** Longest edge, in pixels, of each cached thumbnail. */
export const thumbnailSizes = [64, 300, 600, 1200] as const;

export const thumbnailFormats = ['webp', 'jpeg'] as const;

export type ThumbnailSize = (typeof thumbnailSizes)[number];
export type ThumbnailFormat = (typeof thumbnailFormats)[number];

/** The cached size for a requested one: rounded up, at most the largest. */
export function thumbnailSizeFor(requested: number): ThumbnailSize {
  const fits = thumbnailSizes.find((size) => size >= requested);
  return fits ?? thumbnailSizes[thumbnailSizes.length - 1]!;
}

export const thumbnailMime: Record<ThumbnailFormat, string> = {
  webp: 'image/webp',
  jpeg: 'image/jpeg',
};
