// What the listener starred: artists, albums and tracks.
import { useEffect, useState } from 'preact/hooks';
import { api, type SearchResult } from '../api.js';
import { t } from '../i18n.js';
import { AlbumShelf } from '../ui/AlbumGrid.js';
import { TrackList } from '../ui/TrackList.js';

export function Starred() {
  const [starred, setStarred] = useState<SearchResult | null>(null);
  useEffect(() => {
    void api.starred().then(setStarred);
  }, []);
  if (!starred) return <p class="notice">{t('loading')}</p>;
  return (
    <div>
      <h1>{t('starred')}</h1>
      <section>
        <h2>{t('artists')}</h2>
        <ul class="plain" aria-label={t('artists')}>
          {starred.artists.map((artist) => (
            <li key={artist.id}>
              <a class="row-link" href={`#/artist/${encodeURIComponent(artist.id)}`}>
                {artist.name}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <AlbumShelf title={t('albums')} albums={starred.albums} wrap />
      <section>
        <h2>{t('tracks')}</h2>
        <TrackList tracks={starred.tracks} />
      </section>
    </div>
  );
}
