// A list of tracks, virtualized: a click plays the list from that track; each
// row can also go next in the queue, to its end, or into a playlist, and
// carries its star and rating.
import { formatDuration, type TrackSummary } from '../api.js';
import { t } from '../i18n.js';
import { addToPlaylist, playlists } from '../player/playlists.js';
import { currentTrack, enqueue, playNext, playNow } from '../player/queue.js';
import { Rating, StarButton } from './Marks.js';
import { VirtualList } from './Virtual.js';

interface Props {
  tracks: (TrackSummary | undefined)[];
  label?: string;
  /** Show the album number column (album pages). */
  numbers?: boolean;
  onMissing?: (index: number) => void;
}

/** The tracks loaded so far, for playing the list. */
const loaded = (tracks: (TrackSummary | undefined)[]) =>
  tracks.filter((track): track is TrackSummary => track !== undefined);

export function TrackRow(props: {
  track: TrackSummary;
  onPlay: () => void;
  numbers?: boolean;
}) {
  const { track } = props;
  const mine = playlists.value.filter((playlist) => playlist.mine);
  return (
    <div class={`track-row ${currentTrack.value?.id === track.id ? 'current' : ''}`}>
      {props.numbers && <span class="no">{track.trackNo ?? ''}</span>}
      {/* The name starts with "Play:" and holds the visible text, as axe asks. */}
      <button class="track" onClick={props.onPlay}>
        <span class="visually-hidden">{t('play')}: </span>
        <span class="title">{track.title}</span>
        <span class="artist">{track.artist}</span>
      </button>
      <span class="time">{formatDuration(track.duration)}</span>
      <StarButton kind="track" id={track.id} name={track.title} />
      <Rating kind="track" id={track.id} name={track.title} />
      <button
        class="icon"
        aria-label={`${t('playNext')}: ${track.title}`}
        title={t('playNext')}
        onClick={() => playNext([track])}
      >
        ⤵
      </button>
      <button
        class="icon"
        aria-label={`${t('addToQueue')}: ${track.title}`}
        title={t('addToQueue')}
        onClick={() => enqueue([track])}
      >
        +
      </button>
      {mine.length > 0 && (
        <select
          class="to-playlist"
          aria-label={`${t('addToPlaylist')}: ${track.title}`}
          value=""
          onChange={(e) => {
            const id = Number(e.currentTarget.value);
            e.currentTarget.value = '';
            if (id) void addToPlaylist(id, [track.id]);
          }}
        >
          <option value="">♫+</option>
          {mine.map((playlist) => (
            <option key={playlist.id} value={playlist.id}>
              {playlist.name}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

export function TrackList({ tracks, label, numbers, onMissing }: Props) {
  const play = (index: number) => {
    const list = loaded(tracks);
    const track = tracks[index];
    playNow(list, track ? list.indexOf(track) : 0);
  };
  return (
    <VirtualList
      items={tracks}
      rowHeight={44}
      label={label ?? t('tracks')}
      class="tracks"
      onMissing={onMissing}
      row={(track, index) =>
        track ? (
          <TrackRow track={track} numbers={numbers} onPlay={() => play(index)} />
        ) : (
          <div class="track-row placeholder" />
        )
      }
    />
  );
}
