// The page of the current route. Unknown routes show Home.
import { route } from '../router.js';
import { Account } from './Account.js';
import { AlbumPage } from './AlbumPage.js';
import { Albums } from './Albums.js';
import { ArtistPage } from './ArtistPage.js';
import { Artists } from './Artists.js';
import { Folders } from './Folders.js';
import { Genres } from './Genres.js';
import { Home } from './Home.js';
import { PlaylistPage } from './PlaylistPage.js';
import { Playlists } from './Playlists.js';
import { Search } from './Search.js';
import { Settings } from './Settings.js';
import { Starred } from './Starred.js';
import { Tracks } from './Tracks.js';

export function PageOf() {
  const { page, id, params } = route.value;
  switch (page) {
    case 'albums':
      return <Albums sort={params.get('sort') ?? 'name'} genre={params.get('genre')} />;
    case 'album':
      return <AlbumPage key={id} id={id} />;
    case 'artists':
      return <Artists />;
    case 'artist':
      return <ArtistPage key={id} id={id} />;
    case 'genres':
      return <Genres />;
    case 'folders':
      return <Folders key={id} id={id} />;
    case 'tracks':
      return <Tracks sort={params.get('sort') ?? 'title'} />;
    case 'playlists':
      return <Playlists />;
    case 'playlist':
      return <PlaylistPage key={id} id={Number(id)} />;
    case 'search':
      return <Search q={params.get('q') ?? ''} />;
    case 'starred':
      return <Starred />;
    case 'settings':
      return <Settings />;
    case 'account':
      return <Account />;
    default:
      return <Home />;
  }
}
