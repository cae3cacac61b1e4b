// The first player: an album grid, an album page, and a player bar. The
// location hash is the route (#/ and #/album/<id>), so any path serves one
// index.html and the back button works.
import { useEffect, useState } from 'preact/hooks';
import type { TrackSummary } from './api.js';
import { AlbumGrid } from './AlbumGrid.js';
import { AlbumPage } from './AlbumPage.js';
import { PlayerBar } from './PlayerBar.js';

type Route = { page: 'albums' } | { page: 'album'; id: string };

function parseRoute(hash: string): Route {
  const match = /^#\/album\/([^/]+)$/.exec(hash);
  return match?.[1]
    ? { page: 'album', id: decodeURIComponent(match[1]) }
    : { page: 'albums' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App() {
  const route = useRoute();
  const [playing, setPlaying] = useState<TrackSummary | null>(null);

  return (
    <div class="app">
      <header class="top">
        <a href="#/" class="brand">
          Hearth
        </a>
      </header>
      <main>
        {route.page === 'album' ? (
          <AlbumPage id={route.id} playing={playing} onPlay={setPlaying} />
        ) : (
          <AlbumGrid />
        )}
      </main>
      <PlayerBar track={playing} />
    </div>
  );
}
