// All albums as a grid of covers, in the order chosen, optionally of one genre.
import { t, type WordKey } from '../i18n.js';
import { navigate } from '../router.js';
import { AlbumGrid } from '../ui/AlbumGrid.js';

const sorts: [string, WordKey][] = [
  ['name', 'name'],
  ['artist', 'artist'],
  ['year', 'year'],
  ['recent', 'recent'],
  ['random', 'random'],
];

export function Albums({ sort, genre }: { sort: string; genre: string | null }) {
  const choose = (next: string) =>
    navigate('albums', '', genre ? { sort: next, genre } : { sort: next });
  return (
    <div>
      <div class="page-head">
        <h1>{t('albums')}</h1>
        <label class="sort">
          {t('sortBy')}{' '}
          <select value={sort} onChange={(e) => choose(e.currentTarget.value)}>
            {sorts.map(([value, word]) => (
              <option key={value} value={value}>
                {t(word)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <AlbumGrid sort={sort} genre={genre ?? undefined} />
    </div>
  );
}
