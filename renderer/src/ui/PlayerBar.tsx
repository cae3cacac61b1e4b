// The player bar: what plays, previous / play / next, the seek bar, shuffle
// and repeat, volume, and the buttons of the queue and lyrics panels.
import { api, formatDuration } from '../api.js';
import { t } from '../i18n.js';
import { duration, paused, seek, togglePlay } from '../player/engine.js';
import { volume } from '../player/prefs.js';
import {
  currentTrack,
  cycleRepeat,
  next,
  position,
  previous,
  repeat,
  shuffle,
} from '../player/queue.js';
import { Icon } from './Icons.js';
import { StarButton } from './Marks.js';
import { panel, togglePanel } from './panels.js';

const repeatWords = { off: 'repeatOff', all: 'repeatAll', one: 'repeatOne' } as const;

function NowPlaying() {
  const track = currentTrack.value;
  if (!track) return <div class="now facts">{t('nothingPlaying')}</div>;
  return (
    <div class="now">
      {track.hasCover && <img class="mini-cover" src={api.trackCover(track.id)} alt="" />}
      <div class="now-text">
        <a
          class="title"
          href={track.albumId ? `#/album/${encodeURIComponent(track.albumId)}` : '#/'}
        >
          {track.title}
        </a>
        <span class="artist">{track.artist}</span>
      </div>
      <StarButton kind="track" id={track.id} name={track.title} />
    </div>
  );
}

function Transport() {
  return (
    <div class="transport">
      <button
        class={`icon ${shuffle.value ? 'on' : ''}`}
        aria-pressed={shuffle.value}
        aria-label={t('shuffle')}
        onClick={() => (shuffle.value = !shuffle.value)}
      >
        <Icon name="shuffle" />
      </button>
      <button class="icon" aria-label={t('previous')} onClick={previous}>
        <Icon name="previous" />
      </button>
      <button
        class="play"
        aria-label={paused.value ? t('play') : t('pause')}
        onClick={() => togglePlay()}
      >
        <Icon name={paused.value ? 'play' : 'pause'} />
      </button>
      <button class="icon" aria-label={t('next')} onClick={next}>
        <Icon name="next" />
      </button>
      <button
        class={`icon ${repeat.value !== 'off' ? 'on' : ''}`}
        aria-label={t(repeatWords[repeat.value])}
        title={t(repeatWords[repeat.value])}
        onClick={cycleRepeat}
      >
        <Icon name="repeat" />
        {repeat.value === 'one' && <span class="badge">1</span>}
      </button>
    </div>
  );
}

export function PlayerBar() {
  const length = duration.value || currentTrack.value?.duration || 0;
  return (
    <section class="player" aria-label={t('player')}>
      <NowPlaying />
      <Transport />
      <div class="seekline">
        <span class="time">{formatDuration(position.value)}</span>
        <input
          class="seek"
          type="range"
          aria-label={t('seek')}
          min={0}
          max={Math.max(1, Math.floor(length))}
          step={1}
          value={Math.floor(position.value)}
          onInput={(e) => seek(Number(e.currentTarget.value))}
        />
        <span class="time">{formatDuration(length)}</span>
      </div>
      <div class="side">
        <input
          class="volume"
          type="range"
          aria-label={t('volume')}
          min={0}
          max={1}
          step={0.05}
          value={volume.value}
          onInput={(e) => (volume.value = Number(e.currentTarget.value))}
        />
        <button
          class="icon"
          aria-pressed={panel.value === 'lyrics'}
          aria-label={t('lyrics')}
          onClick={() => togglePanel('lyrics')}
        >
          ♪
        </button>
        <button
          class="icon"
          aria-pressed={panel.value === 'queue'}
          aria-label={t('queue')}
          onClick={() => togglePanel('queue')}
        >
          ☰
        </button>
      </div>
    </section>
  );
}
