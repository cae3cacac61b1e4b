// One album: cover, facts, and its tracks by disc; a click plays a track.
import { useEffect, useState } from 'preact/hooks';
import { api, formatDuration, type AlbumDetail, type TrackSummary } from './api.js';
import { Cover } from './Cover.js';

interface Props {
  id: string;
  playing: TrackSummary | null;
  onPlay: (track: TrackSummary) => void;
}

export function AlbumPage({ id, playing, onPlay }: Props) {
  const [album, setAlbum] = useState<AlbumDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAlbum(null);
    api.album(id).then(setAlbum, (err: Error) => setError(err.message));
  }, [id]);

  if (error) return <p class="notice">Could not load this album: {error}</p>;
  if (!album) return <p class="notice">Loading…</p>;
  return (
    <article class="album">
      <header class="album-head">
        <Cover album={album} />
        <div>
          <h1>{album.name}</h1>
          <p class="album-artist">{album.artist}</p>
          <p class="facts">
            {[album.year, `${album.trackCount} tracks`, formatDuration(album.duration)]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
      </header>
      <ol class="tracks" aria-label="Tracks">
        {album.tracks.map((track) => (
          <li key={track.id} class={playing?.id === track.id ? 'current' : ''}>
            <button class="track" onClick={() => onPlay(track)}>
              <span class="no">
                {album.discCount > 1 && track.discNo ? `${track.discNo}-` : ''}
                {track.trackNo ?? ''}
              </span>
              <span class="title">{track.title}</span>
              <span class="artist">
                {track.artist !== album.artist ? track.artist : ''}
              </span>
              <span class="time">{formatDuration(track.duration)}</span>
            </button>
          </li>
        ))}
      </ol>
    </article>
  );
}
