// The side panel: the queue (play an entry, drag to reorder, remove, clear)
// or the lyrics of the current track.
import { t } from '../i18n.js';
import { clearQueue, current, jump, move, queue, removeAt } from '../player/queue.js';
import { Lyrics } from './Lyrics.js';
import { panel } from './panels.js';
import { SortableTracks } from './SortableTracks.js';

function Queue() {
  return (
    <>
      <div class="panel-head">
        <h2>{t('queue')}</h2>
        <button onClick={clearQueue} disabled={!queue.value.length}>
          {t('clear')}
        </button>
      </div>
      {queue.value.length === 0 ? (
        <p class="notice">{t('emptyQueue')}</p>
      ) : (
        <SortableTracks
          tracks={queue.value}
          label={t('queue')}
          editable
          current={current.value}
          onPlay={jump}
          onMove={move}
          onRemove={removeAt}
        />
      )}
    </>
  );
}

export function QueuePanel() {
  if (!panel.value) return null;
  return (
    <aside class="panel" aria-label={panel.value === 'queue' ? t('queue') : t('lyrics')}>
      <button
        class="icon close"
        aria-label={t('close')}
        onClick={() => (panel.value = null)}
      >
        ✕
      </button>
      {panel.value === 'queue' ? <Queue /> : <Lyrics />}
    </aside>
  );
}
