// Lyrics: embedded (ID3 USLT/SYLT, Vorbis LYRICS, MP4 ©lyr) or from an .lrc
// file beside the track. The scanner stores one text per track with a
// `synced` flag; synced text is LRC ("[mm:ss.xx]line"), which parseLrc turns
// into timed lines for clients (OpenSubsonic getLyricsBySongId, the player).
import type { Db } from '../db/index.js';

export interface Lyrics {
  text: string;
  synced: boolean;
}

export interface LyricLine {
  /** Milliseconds from the start of the track. */
  startMs: number;
  text: string;
}

const timeTag = /\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/g;
const hasTimeTag = /^\s*\[\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?\]/m;

/** Whether a lyrics text carries LRC time tags. */
export function isSyncedLyrics(text: string): boolean {
  return hasTimeTag.test(text);
}

/** LRC time tag for a position in milliseconds: [mm:ss.xx]. */
export function lrcTime(ms: number): string {
  const total = Math.max(0, Math.round(ms / 10));
  const minutes = Math.floor(total / 6000);
  const seconds = Math.floor((total % 6000) / 100);
  const hundredths = total % 100;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `[${pad(minutes)}:${pad(seconds)}.${pad(hundredths)}]`;
}

/**
 * Timed lines of an LRC text, in time order. A line with several tags
 * ("[00:12.00][01:30.00]chorus") appears once per tag; [offset:+/-ms] shifts
 * every line; other header tags ([ar:], [ti:]) are dropped.
 */
export function parseLrc(text: string): LyricLine[] {
  const offset = Number(/^\[offset:\s*([+-]?\d+)\s*\]/im.exec(text)?.[1] ?? 0);
  const lines: LyricLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const tags = [...raw.matchAll(timeTag)];
    if (tags.length === 0) continue;
    const words = raw.replace(timeTag, '').trim();
    for (const [, min, sec, frac] of tags) {
      const fraction = frac ? Number(frac.padEnd(3, '0')) : 0;
      const startMs = (Number(min) * 60 + Number(sec)) * 1000 + fraction - offset;
      lines.push({ startMs: Math.max(0, startMs), text: words });
    }
  }
  return lines.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Chooses between embedded and sidecar lyrics: synced beats unsynced, and
 * at equal kind the embedded text wins (it travels with the file).
 */
export function chooseLyrics(
  embedded: Lyrics | null,
  sidecar: Lyrics | null,
): Lyrics | null {
  if (embedded && sidecar && sidecar.synced && !embedded.synced) return sidecar;
  return embedded ?? sidecar;
}

/** A track's stored lyrics, or null when it has none (or no such track). */
export function readLyrics(db: Db, trackId: string): Lyrics | null {
  const row = db
    .prepare('SELECT lyrics, lyrics_synced FROM track WHERE id = ?')
    .get(trackId) as { lyrics: string | null; lyrics_synced: number } | undefined;
  if (!row?.lyrics) return null;
  return { text: row.lyrics, synced: row.lyrics_synced === 1 };
}
