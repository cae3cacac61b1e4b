// Genres with their counts; each opens the album grid of that genre.
import { useEffect, useState } from 'preact/hooks';
import { api, type Genre } from '../api.js';
import { t } from '../i18n.js';

export function Genres() {
  const [genres, setGenres] = useState<Genre[] | null>(null);
  useEffect(() => {
    void api.genres().then(({ genres: list }) => setGenres(list));
  }, []);
  return (
    <div>
      <h1>{t('genres')}</h1>
      {!genres ? (
        <p class="notice">{t('loading')}</p>
      ) : (
        <ul class="plain" aria-label={t('genres')}>
          {genres.map((genre) => (
            <li key={genre.id}>
              <a
                class="row-link"
                href={`#/albums?sort=name&genre=${encodeURIComponent(genre.id)}`}
              >
                <span class="title">{genre.name}</span>
                <span class="facts">
                  {genre.albumCount} {t('albums').toLowerCase()} · {genre.trackCount}{' '}
                  {t('trackCount')}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
