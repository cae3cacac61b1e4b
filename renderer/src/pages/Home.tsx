// Home: shelves of recently added, most played, recently played and random
// albums.
import { useEffect, useState } from 'preact/hooks';
import { api, type AlbumSummary } from '../api.js';
import { t, type WordKey } from '../i18n.js';
import { AlbumShelf } from '../ui/AlbumGrid.js';

const shelves: [WordKey, () => Promise<{ items: AlbumSummary[] }>][] = [
  ['recentlyAdded', () => api.albums({ offset: 0, limit: 12, sort: 'recent' })],
  ['mostPlayed', () => api.history('albums', 'frequent')],
  ['recentlyPlayed', () => api.history('albums', 'recent')],
  ['random', () => api.albums({ offset: 0, limit: 12, sort: 'random' })],
];

export function Home() {
  const [lists, setLists] = useState<(AlbumSummary[] | null)[]>(shelves.map(() => null));
  useEffect(() => {
    shelves.forEach(
      ([, load], i) =>
        void load().then((page) =>
          setLists((old) => old.map((list, j) => (j === i ? page.items : list))),
        ),
    );
  }, []);
  return (
    <div class="home">
      <h1>{t('home')}</h1>
      {shelves.map(([title], i) => (
        <AlbumShelf key={title} title={t(title)} albums={lists[i] ?? []} />
      ))}
    </div>
  );
}
