// The top bar: the brand, the main views, search as you type, the scan
// indicator, and the way out. On a phone the views scroll sideways.
import { api, type User } from '../api.js';
import { t, type WordKey } from '../i18n.js';
import { navigate, route } from '../router.js';
import { ScanIndicator } from './ScanIndicator.js';

const views: [string, WordKey][] = [
  ['', 'home'],
  ['albums', 'albums'],
  ['artists', 'artists'],
  ['genres', 'genres'],
  ['folders', 'folders'],
  ['tracks', 'tracks'],
  ['playlists', 'playlists'],
  ['starred', 'starred'],
  ['settings', 'settings'],
  ['account', 'account'],
];

function SearchBox() {
  const q = route.value.page === 'search' ? (route.value.params.get('q') ?? '') : '';
  return (
    <form class="search" role="search" onSubmit={(e) => e.preventDefault()}>
      <input
        id="search"
        type="search"
        aria-label={t('search')}
        placeholder={t('searchHint')}
        value={q}
        onInput={(e) => navigate('search', '', { q: e.currentTarget.value })}
      />
    </form>
  );
}

export function Nav(props: { user: User; onSignOut: () => void }) {
  const page = route.value.page;
  const signOut = async () => {
    await api.logout().catch(() => undefined);
    props.onSignOut();
  };
  return (
    <header class="top">
      <a href="#/" class="brand">
        Hearth
      </a>
      <nav aria-label={t('mainNav')}>
        <ul class="views">
          {views.map(([path, word]) => (
            <li key={path}>
              <a href={`#/${path}`} aria-current={page === path ? 'page' : undefined}>
                {t(word)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <SearchBox />
      <ScanIndicator />
      <button class="link" onClick={() => void signOut()} title={props.user.username}>
        {t('signOut')}
      </button>
    </header>
  );
}
