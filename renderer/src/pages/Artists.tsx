// All album artists, a virtualized list loaded a page at a time.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { usePaged, VirtualList } from '../ui/Virtual.js';

export function Artists() {
  const { items, error, onMissing } = usePaged(
    (offset, limit) => api.artists({ offset, limit }),
    'artists',
  );
  if (error) return <p class="notice">{error}</p>;
  return (
    <div>
      <h1>{t('artists')}</h1>
      {!items ? (
        <p class="notice">{t('loading')}</p>
      ) : (
        <VirtualList
          items={items}
          rowHeight={44}
          label={t('artists')}
          class="rows"
          onMissing={onMissing}
          row={(artist) =>
            artist ? (
              <a class="row-link" href={`#/artist/${encodeURIComponent(artist.id)}`}>
                <span class="title">{artist.name}</span>
                <span class="facts">
                  {artist.albumCount} {t('albums').toLowerCase()}
                </span>
              </a>
            ) : null
          }
        />
      )}
    </div>
  );
}
