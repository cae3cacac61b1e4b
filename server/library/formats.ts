// Which files the scanner treats as audio, which images are folder covers,
// and which sidecars belong to a track. Data, not code: a new format is one
// more line here.
import path from 'node:path';

/**
 * Extensions (lower case, no dot) read as audio, with their MIME type.
 * Anything else is skipped without a record, except files with no extension,
 * which are sniffed by content (a few libraries have them).
 */
export const audioFormats: Record<string, string> = {
  mp3: 'audio/mpeg',
  mp2: 'audio/mpeg',
  mp1: 'audio/mpeg',
  mpga: 'audio/mpeg',
  m4a: 'audio/mp4',
  m4b: 'audio/mp4',
  m4p: 'audio/mp4',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  adts: 'audio/aac',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  spx: 'audio/ogg',
  wav: 'audio/wav',
  wave: 'audio/wav',
  bwf: 'audio/wav',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  aifc: 'audio/aiff',
  wma: 'audio/x-ms-wma',
  asf: 'audio/x-ms-wma',
  ape: 'audio/x-ape',
  wv: 'audio/x-wavpack',
  mpc: 'audio/x-musepack',
  dsf: 'audio/x-dsf',
  dff: 'audio/x-dff',
  mka: 'audio/x-matroska',
  mkv: 'video/x-matroska',
  webm: 'audio/webm',
};

/** Lower-case extension without the dot ('' when there is none). */
export function extensionOf(file: string): string {
  const ext = path.extname(file);
  return ext.length > 1 ? ext.slice(1).toLowerCase() : '';
}

/** How the scanner treats a file name: audio, sniff by content, or skip. */
export function audioCandidate(name: string): 'audio' | 'sniff' | 'skip' {
  if (name.startsWith('.')) return 'skip';
  const ext = extensionOf(name);
  if (ext === '') return 'sniff';
  return ext in audioFormats ? 'audio' : 'skip';
}

/** Leading bytes of the audio containers music-metadata reads. */
const audioMagic: Array<{ offset: number; bytes: string }> = [
  { offset: 0, bytes: 'ID3' },
  { offset: 0, bytes: 'fLaC' },
  { offset: 0, bytes: 'OggS' },
  { offset: 0, bytes: 'RIFF' },
  { offset: 0, bytes: 'FORM' },
  { offset: 4, bytes: 'ftyp' },
  { offset: 0, bytes: 'MAC ' },
  { offset: 0, bytes: 'wvpk' },
  { offset: 0, bytes: 'MPCK' },
  { offset: 0, bytes: 'MP+' },
  { offset: 0, bytes: 'DSD ' },
  { offset: 0, bytes: 'FRM8' },
  { offset: 0, bytes: '\x30\x26\xb2\x75' },
  { offset: 0, bytes: '\x1a\x45\xdf\xa3' },
];

/** Whether the first bytes of a file look like audio (MPEG sync included). */
export function looksLikeAudio(head: Uint8Array): boolean {
  const text = Buffer.from(head).toString('latin1');
  if (audioMagic.some((m) => text.startsWith(m.bytes, m.offset))) return true;
  return head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0;
}

/** Folder cover names, best first; matched case-insensitively. */
export const folderImageNames = ['cover', 'folder', 'front'];
export const folderImageExtensions = ['jpg', 'jpeg', 'png'];

/** MIME type of a folder image by extension. */
export function imageMime(file: string): string {
  return extensionOf(file) === 'png' ? 'image/png' : 'image/jpeg';
}

/** The best folder cover among a folder's file names, or null. */
export function pickFolderImage(names: string[]): string | null {
  let best: { name: string; rank: number } | null = null;
  for (const name of names) {
    const ext = extensionOf(name);
    if (!folderImageExtensions.includes(ext)) continue;
    const base = name.slice(0, name.length - ext.length - 1).toLowerCase();
    const rank = folderImageNames.indexOf(base);
    if (rank >= 0 && (!best || rank < best.rank)) best = { name, rank };
  }
  return best?.name ?? null;
}

/** Folder names that hold one disc of an album (CD1, Disc 2, disk 03 ...). */
export const discFolderPattern = /^(?:cd|dis[ck])[\s._-]*\d+\b/i;

/** The sidecar lyrics extension. */
export const lyricsExtension = 'lrc';
