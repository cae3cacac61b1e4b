// Search as you type: the query is the route (#/search?q=...), and results
// come 150 ms after the last keystroke. An answer to an older query that
// arrives late is dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type SearchResult } from '../api.js';
import { t } from '../i18n.js';
import { AlbumShelf } from '../ui/AlbumGrid.js';
import { TrackList } from '../ui/TrackList.js';

export function Search({ q }: { q: string }) {
  const [result, setResult] = useState<SearchResult | null>(null);
  const latest = useRef('');
  useEffect(() => {
    latest.current = q;
    if (!q.trim()) {
      setResult(null);
      return;
    }
    const timer = setTimeout(() => {
      void api.search(q).then((found) => latest.current === q && setResult(found));
    }, 150);
    return () => clearTimeout(timer);
  }, [q]);

  if (!result) return <h1>{t('search')}</h1>;
  const empty = !result.artists.length && !result.albums.length && !result.tracks.length;
  return (
    <div>
      <h1>{t('search')}</h1>
      {empty && <p class="notice">{t('nothing')}</p>}
      {result.artists.length > 0 && (
        <section>
          <h2>{t('artists')}</h2>
          <ul class="plain" aria-label={t('artists')}>
            {result.artists.map((artist) => (
              <li key={artist.id}>
                <a class="row-link" href={`#/artist/${encodeURIComponent(artist.id)}`}>
                  {artist.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {result.albums.length > 0 && (
        <AlbumShelf title={t('albums')} albums={result.albums} wrap />
      )}
      {result.tracks.length > 0 && (
        <section>
          <h2>{t('tracks')}</h2>
          <TrackList tracks={result.tracks} />
        </section>
      )}
    </div>
  );
}
