// What a source file is, in the words clients use to declare what they can
// play. The scanner stores the codec and container as the tag reader names
// them ("MPEG 1 Layer 3", "EBML/webm"...); this maps them, with the file
// suffix as a fallback, onto a small fixed vocabulary.

/** A playable-format token: one per codec, plus containers browsers reject. */
export type SourceFormat =
  | 'mp3'
  | 'mp2'
  | 'aac'
  | 'alac'
  | 'flac'
  | 'opus'
  | 'vorbis'
  | 'speex'
  | 'pcm'
  | 'adpcm'
  | 'aiff'
  | 'wma'
  | 'ape'
  | 'wavpack'
  | 'musepack'
  | 'dsd'
  | 'matroska'
  | 'unknown';

/** What every current browser plays in an <audio> element. */
export const browserFormats: ReadonlySet<SourceFormat> = new Set([
  'mp3',
  'aac',
  'flac',
  'opus',
  'vorbis',
  'pcm',
]);

export interface SourceDescription {
  codec?: string | null;
  container?: string | null;
  suffix?: string | null;
}

// Codec names, tried in order: the first pattern found in the codec names it.
const byCodec: [RegExp, SourceFormat][] = [
  [/layer\s*3|mp3/, 'mp3'],
  [/layer\s*[12]|mp2|mp1/, 'mp2'],
  [/alac|apple lossless/, 'alac'],
  [/aac|mp4a/, 'aac'],
  [/flac/, 'flac'],
  [/opus/, 'opus'],
  [/vorbis/, 'vorbis'],
  [/speex/, 'speex'],
  [/adpcm/, 'adpcm'],
  [/pcm|ieee_float|float|lpcm|alaw|mulaw|law/, 'pcm'],
  [/wma|windows media/, 'wma'],
  [/monkey|\bape\b/, 'ape'],
  [/wavpack/, 'wavpack'],
  [/musepack|mpc/, 'musepack'],
  [/dsd|dsf|dff/, 'dsd'],
];

// File suffixes, when the codec says nothing useful.
const bySuffix: Record<string, SourceFormat> = {
  mp3: 'mp3',
  mp2: 'mp2',
  m4a: 'aac',
  m4b: 'aac',
  mp4: 'aac',
  aac: 'aac',
  flac: 'flac',
  opus: 'opus',
  ogg: 'vorbis',
  oga: 'vorbis',
  spx: 'speex',
  wav: 'pcm',
  aif: 'aiff',
  aiff: 'aiff',
  aifc: 'aiff',
  wma: 'wma',
  asf: 'wma',
  ape: 'ape',
  wv: 'wavpack',
  mpc: 'musepack',
  dsf: 'dsd',
  dff: 'dsd',
  mka: 'matroska',
  mkv: 'matroska',
  webm: 'opus',
};

// Containers that decide the format whatever the codec says (a WavPack file
// reports "PCM", a Matroska file may hold anything browsers reject).
const byContainer: [RegExp, SourceFormat][] = [
  [/wavpack/, 'wavpack'],
  [/monkey/, 'ape'],
  [/musepack/, 'musepack'],
  [/\bdsf\b|dsdiff/, 'dsd'],
  [/\basf\b/, 'wma'],
  [/matroska/, 'matroska'],
];

/** Maps a track's codec, container and suffix onto a SourceFormat. Pure. */
export function sourceFormat(source: SourceDescription): SourceFormat {
  const codec = (source.codec ?? '').toLowerCase();
  const container = (source.container ?? '').toLowerCase();
  const suffix = (source.suffix ?? '').toLowerCase().replace(/^\./, '');
  const fromContainer = byContainer.find(([pattern]) => pattern.test(container))?.[1];
  if (fromContainer) return fromContainer;
  if (/^mk[av]$/.test(suffix)) return 'matroska';
  const fromCodec = byCodec.find(([pattern]) => pattern.test(codec))?.[1];
  const format = fromCodec ?? bySuffix[suffix] ?? 'unknown';
  // PCM in AIFF: browsers other than Safari reject the container.
  if (format === 'pcm' && (/aif/.test(container) || /^aif/.test(suffix))) return 'aiff';
  return format;
}

/** Parses a client's declared formats ("mp3,aac,opus"); unknown tokens are dropped. */
export function parseFormats(list: string): Set<SourceFormat> {
  const known = new Set<string>([
    ...Object.values(bySuffix),
    ...byCodec.map((e) => e[1]),
  ]);
  return new Set(
    list
      .split(/[\s,]+/)
      .map((token) => token.trim().toLowerCase())
      .filter((token): token is SourceFormat => known.has(token)),
  );
}
