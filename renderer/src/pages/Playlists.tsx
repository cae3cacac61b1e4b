// The listener's playlists and the public ones: create an empty one, or
// import an M3U file (entries that match no track are listed).
import { useEffect, useState } from 'preact/hooks';
import { api, formatDuration } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { playlists, reloadPlaylists } from '../player/playlists.js';

function CreateForm() {
  const create = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name')).trim();
    if (!name) return;
    const created = await api.createPlaylist(name);
    form.reset();
    await reloadPlaylists();
    navigate('playlist', String(created.id));
  };
  return (
    <form class="inline" onSubmit={(e) => void create(e)}>
      <input name="name" aria-label={t('newPlaylist')} placeholder={t('newPlaylist')} />
      <button type="submit">{t('create')}</button>
    </form>
  );
}

function ImportButton({ onUnmatched }: { onUnmatched: (list: string[]) => void }) {
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const { playlist, unmatched } = await api.importPlaylist(await file.text());
    input.value = '';
    onUnmatched(unmatched);
    await reloadPlaylists();
    if (!unmatched.length) navigate('playlist', String(playlist.id));
  };
  return (
    <label class="button">
      {t('importM3u')}
      <input
        type="file"
        accept=".m3u,.m3u8,audio/x-mpegurl"
        class="visually-hidden"
        onChange={(e) => void pick(e.currentTarget)}
      />
    </label>
  );
}

export function Playlists() {
  const [unmatched, setUnmatched] = useState<string[]>([]);
  useEffect(() => void reloadPlaylists(), []);
  return (
    <div>
      <h1>{t('playlists')}</h1>
      <div class="actions">
        <CreateForm />
        <ImportButton onUnmatched={setUnmatched} />
      </div>
      {unmatched.length > 0 && (
        <div role="alert">
          <p>{t('unmatched')}</p>
          <ul>
            {unmatched.map((entry) => (
              <li key={entry}>{entry}</li>
            ))}
          </ul>
        </div>
      )}
      <ul class="plain" aria-label={t('playlists')}>
        {playlists.value.map((playlist) => (
          <li key={playlist.id}>
            <a class="row-link" href={`#/playlist/${playlist.id}`}>
              <span class="title">{playlist.name}</span>
              <span class="facts">
                {playlist.trackCount} {t('trackCount')} ·{' '}
                {formatDuration(playlist.duration)}
                {playlist.mine ? '' : ` · ${playlist.owner}`}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
