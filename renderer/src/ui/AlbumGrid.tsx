// Albums as a virtualized grid of covers, loaded a page at a time, in the
// order asked (name, artist, year, newest, random) and optionally of a genre.
import { api, type AlbumSummary } from '../api.js';
import { t } from '../i18n.js';
import { Cover } from './Cover.js';
import { usePaged, VirtualGrid } from './Virtual.js';

export function AlbumCard({ album }: { album: AlbumSummary }) {
  return (
    <a class="album-card" href={`#/album/${encodeURIComponent(album.id)}`}>
      <Cover album={album} />
      <span class="album-name">{album.name}</span>
      <span class="album-artist">{album.artist}</span>
    </a>
  );
}

export function AlbumGrid({ sort, genre }: { sort: string; genre?: string }) {
  const { items, error, onMissing } = usePaged(
    (offset, limit) => api.albums({ offset, limit, sort, genre }),
    `${sort}/${genre ?? ''}`,
  );
  if (error) return <p class="notice">{error}</p>;
  if (!items) return <p class="notice">{t('loading')}</p>;
  if (items.length === 0) return <p class="notice">{t('nothing')}</p>;
  return (
    <VirtualGrid
      items={items}
      label={t('albums')}
      minCell={150}
      caption={44}
      onMissing={onMissing}
      row={(album) =>
        album ? <AlbumCard album={album} /> : <div class="cover placeholder" />
      }
    />
  );
}

/** A short row of albums (home shelves, artist pages); not virtualized. */
export function AlbumShelf(props: {
  title: string;
  albums: AlbumSummary[];
  wrap?: boolean;
}) {
  const { title, albums } = props;
  return (
    <section class="shelf">
      <h2>{title}</h2>
      {albums.length === 0 ? (
        <p class="notice">{t('nothing')}</p>
      ) : (
        <ul class={props.wrap ? 'shelf-wrap' : 'shelf-row'} aria-label={title}>
          {albums.map((album) => (
            <li key={album.id}>
              <AlbumCard album={album} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
