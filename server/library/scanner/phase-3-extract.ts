// Phase 3, extract: the rest of a track's row. Duration and stream facts come
// from the headers (no decoding); lyrics are chosen between the embedded text
// and an .lrc sidecar; the embedded cover is noted here, while folder images
// (cover/folder/front.jpg|png) are a folder's property found by the walk.
// Album covers are resolved when albums are refreshed: embedded first.
import { extensionOf } from '../formats.js';
import { chooseLyrics } from '../lyrics.js';
import { searchableText } from '../search.js';
import type { GroupedTrack } from './phase-2-group.js';

export interface TrackRow extends GroupedTrack {
  suffix: string;
  duration: number;
  hasCover: boolean;
  lyrics: string | null;
  lyricsSynced: boolean;
  /** Text the search index holds for this track. */
  searchText: string;
}

/** Completes a grouped track into the row the store writes. */
export function extractTrack(grouped: GroupedTrack): TrackRow {
  const { parsed, file } = grouped.item;
  const lyrics = chooseLyrics(parsed.lyrics, parsed.sidecarLyrics);
  return {
    ...grouped,
    suffix: extensionOf(file.path) || containerSuffix(parsed.audio.container),
    duration: parsed.audio.duration ?? 0,
    hasCover: parsed.hasCover,
    lyrics: lyrics?.text ?? null,
    lyricsSynced: lyrics?.synced ?? false,
    searchText: searchableText(
      [grouped.title, grouped.artistName, grouped.album.name].join(' '),
    ),
  };
}

/** A suffix for a file without an extension, from its container. */
function containerSuffix(container: string | null): string {
  const c = (container ?? '').toLowerCase();
  if (c.startsWith('mpeg')) return 'mp3';
  if (c.startsWith('flac')) return 'flac';
  if (c.startsWith('ogg')) return 'ogg';
  if (c.includes('m4a') || c.includes('mp4') || c.includes('isom')) return 'm4a';
  if (c.startsWith('wave')) return 'wav';
  return c.replace(/[^a-z0-9]/g, '').slice(0, 8);
}
