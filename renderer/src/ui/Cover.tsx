// An album's cover, or a quiet placeholder with its initial.
import { useState } from 'preact/hooks';
import { api, type AlbumSummary } from '../api.js';

export function Cover({
  album,
}: {
  album: Pick<AlbumSummary, 'id' | 'name' | 'hasCover'>;
}) {
  const [failed, setFailed] = useState(false);
  if (!album.hasCover || failed) {
    return (
      <div class="cover placeholder" aria-hidden="true">
        {album.name.slice(0, 1).toUpperCase()}
      </div>
    );
  }
  return (
    <img
      class="cover"
      src={api.albumCover(album.id)}
      alt=""
      loading="lazy"
      onError={() => setFailed(true)}
    />
  );
}
