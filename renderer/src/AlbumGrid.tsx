// All albums as a grid of covers, loaded a page at a time.
import { useEffect, useState } from 'preact/hooks';
import { api, type AlbumSummary } from './api.js';
import { Cover } from './Cover.js';

const pageSize = 100;

export function AlbumGrid() {
  const [albums, setAlbums] = useState<AlbumSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Load one page and append it; the button below asks for the next.
  const load = (offset: number) =>
    api
      .albums(offset, pageSize)
      .then((page) => {
        setAlbums((shown) => [...shown.slice(0, offset), ...page.items]);
        setTotal(page.total);
      })
      .catch((err: Error) => setError(err.message));
  useEffect(() => void load(0), []);

  if (error) return <p class="notice">Could not load albums: {error}</p>;
  if (total === 0) return <p class="notice">No albums yet. Is a scan running?</p>;
  return (
    <section>
      <ul class="grid" aria-label="Albums">
        {albums.map((album) => (
          <li key={album.id}>
            <a class="album-card" href={`#/album/${encodeURIComponent(album.id)}`}>
              <Cover album={album} />
              <span class="album-name">{album.name}</span>
              <span class="album-artist">{album.artist}</span>
            </a>
          </li>
        ))}
      </ul>
      {total !== null && albums.length < total && (
        <button class="more" onClick={() => load(albums.length)}>
          More albums
        </button>
      )}
    </section>
  );
}
