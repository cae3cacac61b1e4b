// One album: cover, facts, marks, and its tracks in disc and track order.
import { useEffect, useState } from 'preact/hooks';
import { api, formatDuration, type AlbumDetail } from '../api.js';
import { t } from '../i18n.js';
import { enqueue, playNext, playNow } from '../player/queue.js';
import { Cover } from '../ui/Cover.js';
import { Rating, StarButton } from '../ui/Marks.js';
import { TrackList } from '../ui/TrackList.js';

export function AlbumPage({ id }: { id: string }) {
  const [album, setAlbum] = useState<AlbumDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.album(id).then(setAlbum, (err: Error) => setError(err.message));
  }, [id]);
  if (error) return <p class="notice">{error}</p>;
  if (!album) return <p class="notice">{t('loading')}</p>;
  return (
    <div>
      <div class="album-head">
        <Cover album={album} />
        <div>
          <h1>{album.name}</h1>
          <p class="facts">
            {album.artists.map((artist, i) => (
              <span key={artist.id}>
                {i > 0 && ', '}
                <a href={`#/artist/${encodeURIComponent(artist.id)}`}>{artist.name}</a>
              </span>
            ))}
            {album.year ? ` · ${album.year}` : ''} · {album.trackCount} {t('trackCount')}{' '}
            · {formatDuration(album.duration)}
          </p>
          <div class="actions">
            <button onClick={() => playNow(album.tracks)}>{t('playAll')}</button>
            <button onClick={() => playNext(album.tracks)}>{t('playNext')}</button>
            <button onClick={() => enqueue(album.tracks)}>{t('addToQueue')}</button>
            <StarButton kind="album" id={album.id} name={album.name} />
            <Rating kind="album" id={album.id} name={album.name} />
          </div>
        </div>
      </div>
      <TrackList tracks={album.tracks} numbers />
    </div>
  );
}
