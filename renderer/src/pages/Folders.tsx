// The real folder tree: the music folders at the top, then one folder at a
// time with a breadcrumb, its subfolders and its tracks.
import { useEffect, useState } from 'preact/hooks';
import { api, type FolderDetail, type FolderSummary } from '../api.js';
import { t } from '../i18n.js';
import { TrackList } from '../ui/TrackList.js';

const folderHref = (id: string) => `#/folders/${encodeURIComponent(id)}`;

function FolderLinks({ folders }: { folders: FolderSummary[] }) {
  return (
    <ul class="plain" aria-label={t('folders')}>
      {folders.map((folder) => (
        <li key={folder.id}>
          <a class="row-link" href={folderHref(folder.id)}>
            <span class="title">📁 {folder.name}</span>
            <span class="facts">{folder.folderCount + folder.trackCount || ''}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function Folders({ id }: { id: string }) {
  const [top, setTop] = useState<FolderSummary[] | null>(null);
  const [folder, setFolder] = useState<FolderDetail | null>(null);
  useEffect(() => {
    if (id) void api.folder(id).then(setFolder);
    else void api.folders().then(({ folders }) => setTop(folders));
  }, [id]);

  if (!id) {
    return (
      <div>
        <h1>{t('folders')}</h1>
        {top ? <FolderLinks folders={top} /> : <p class="notice">{t('loading')}</p>}
      </div>
    );
  }
  if (!folder) return <p class="notice">{t('loading')}</p>;
  return (
    <div>
      <nav class="crumbs" aria-label={t('folders')}>
        <a href="#/folders">{t('folders')}</a>
        {folder.parents.map((parent) => (
          <span key={parent.id}>
            {' / '}
            <a href={folderHref(parent.id)}>{parent.name}</a>
          </span>
        ))}
      </nav>
      <h1>{folder.name}</h1>
      {folder.folders.length > 0 && <FolderLinks folders={folder.folders} />}
      {folder.tracks.length > 0 && <TrackList tracks={folder.tracks} />}
    </div>
  );
}
