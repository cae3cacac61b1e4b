// One playlist: play it, rename it, export it as M3U, delete it; and, when
// it is the listener's, remove tracks and reorder them (drag, or the arrows).
import { useEffect, useState } from 'preact/hooks';
import { api, type PlaylistDetail } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { reloadPlaylists } from '../player/playlists.js';
import { playNow } from '../player/queue.js';
import { SortableTracks } from '../ui/SortableTracks.js';

function RenameForm({ list, onChange }: { list: PlaylistDetail; onChange: Change }) {
  const rename = (event: Event) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get('name'));
    if (name.trim()) void onChange({ name: name.trim() });
  };
  return (
    <form class="inline" onSubmit={rename}>
      <input name="name" aria-label={t('rename')} value={list.name} />
      <button type="submit">{t('rename')}</button>
    </form>
  );
}

type Change = (change: Record<string, unknown>) => Promise<void>;

export function PlaylistPage({ id }: { id: number }) {
  const [list, setList] = useState<PlaylistDetail | null>(null);
  useEffect(() => void api.playlist(id).then(setList), [id]);
  if (!list) return <p class="notice">{t('loading')}</p>;

  const change: Change = async (body) => {
    setList(await api.changePlaylist(id, body));
    await reloadPlaylists();
  };
  const remove = async () => {
    await api.deletePlaylist(id);
    await reloadPlaylists();
    navigate('playlists');
  };
  // Reordering sends the whole list, entries missing from the library kept.
  const reorder = (from: number, to: number) => {
    const next = [...list.trackIds];
    const [moved] = next.splice(list.tracks[from]!.position, 1);
    next.splice(list.tracks[to]!.position, 0, moved!);
    void change({ trackIds: next });
  };

  return (
    <div>
      <div class="page-head">
        <h1>{list.name}</h1>
      </div>
      <div class="actions">
        <button onClick={() => playNow(list.tracks)}>{t('playAll')}</button>
        <a class="button" href={api.playlistM3u(id)} download={`${list.name}.m3u`}>
          {t('exportM3u')}
        </a>
        {list.mine && <RenameForm list={list} onChange={change} />}
        {list.mine && <button onClick={() => void remove()}>{t('delete')}</button>}
      </div>
      <SortableTracks
        tracks={list.tracks}
        label={t('tracks')}
        editable={list.mine}
        onPlay={(index) => playNow(list.tracks, index)}
        onMove={reorder}
        onRemove={(index) =>
          void change({ removePositions: [list.tracks[index]!.position] })
        }
      />
    </div>
  );
}
