// Lyrics of the current track: timed lines from .lrc with the current line
// highlighted and kept in view, else the plain text.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Lyrics as LyricsBody } from '../api.js';
import { t } from '../i18n.js';
import { currentTrack, position } from '../player/queue.js';

/** The index of the last line that has started at `ms`; -1 before the first. */
export function lineAt(lines: { startMs: number }[], ms: number): number {
  let found = -1;
  for (let i = 0; i < lines.length && lines[i]!.startMs <= ms; i += 1) found = i;
  return found;
}

export function Lyrics() {
  const track = currentTrack.value;
  const [lyrics, setLyrics] = useState<LyricsBody | null>(null);
  const box = useRef<HTMLOListElement>(null);
  useEffect(() => {
    setLyrics(null);
    if (track) void api.lyrics(track.id).then(setLyrics, () => setLyrics(null));
  }, [track?.id]);

  const lines = lyrics?.lines ?? null;
  const at = lines ? lineAt(lines, position.value * 1000) : -1;
  useEffect(() => {
    box.current?.querySelector('.now-line')?.scrollIntoView({ block: 'center' });
  }, [at]);

  if (!lyrics || (!lines && !lyrics.text)) return <p class="notice">{t('noLyrics')}</p>;
  if (!lines) return <pre class="lyrics">{lyrics.text}</pre>;
  return (
    <ol class="lyrics synced" ref={box} aria-label={t('lyrics')}>
      {lines.map((line, i) => (
        <li
          key={i}
          class={i === at ? 'now-line' : ''}
          aria-current={i === at ? 'true' : undefined}
        >
          {line.text || '♪'}
        </li>
      ))}
    </ol>
  );
}
