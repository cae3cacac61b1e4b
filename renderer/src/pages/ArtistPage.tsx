// One artist: their albums, then the albums they appear on.
import { useEffect, useState } from 'preact/hooks';
import { api, type ArtistDetail } from '../api.js';
import { t } from '../i18n.js';
import { AlbumShelf } from '../ui/AlbumGrid.js';
import { Rating, StarButton } from '../ui/Marks.js';

export function ArtistPage({ id }: { id: string }) {
  const [artist, setArtist] = useState<ArtistDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.artist(id).then(setArtist, (err: Error) => setError(err.message));
  }, [id]);
  if (error) return <p class="notice">{error}</p>;
  if (!artist) return <p class="notice">{t('loading')}</p>;
  return (
    <div>
      <div class="page-head">
        <h1>{artist.name}</h1>
        <StarButton kind="artist" id={artist.id} name={artist.name} />
        <Rating kind="artist" id={artist.id} name={artist.name} />
      </div>
      <AlbumShelf title={t('albums')} albums={artist.albums} wrap />
      {artist.appearsOn.length > 0 && (
        <AlbumShelf title={t('appearsOn')} albums={artist.appearsOn} wrap />
      )}
    </div>
  );
}
