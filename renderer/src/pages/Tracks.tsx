// Every track of the library in one virtualized list, loaded as it scrolls.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { TrackList } from '../ui/TrackList.js';
import { usePaged } from '../ui/Virtual.js';

export function Tracks({ sort }: { sort: string }) {
  const { items, error, onMissing } = usePaged(
    (offset, limit) => api.tracks({ offset, limit, sort }),
    `tracks/${sort}`,
    500,
  );
  if (error) return <p class="notice">{error}</p>;
  return (
    <div>
      <h1>{t('tracks')}</h1>
      {!items ? (
        <p class="notice">{t('loading')}</p>
      ) : (
        <TrackList tracks={items} onMissing={onMissing} />
      )}
    </div>
  );
}
