// A list of tracks the listener can reorder (drag a row onto another, or use
// the arrow buttons) and remove from: the queue and playlists. It scrolls
// inside its own box and renders only the rows in view, so a queue of the
// whole library stays light.
import { useState } from 'preact/hooks';
import { formatDuration, type TrackSummary } from '../api.js';
import { t } from '../i18n.js';
import { ScrollList } from './Virtual.js';

interface Props {
  tracks: TrackSummary[];
  label: string;
  editable: boolean;
  current?: number | null;
  onPlay: (index: number) => void;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}

function Row(props: Props & { index: number; dragging: Drag }) {
  const { index, tracks, dragging } = props;
  const track = tracks[index]!;
  const last = tracks.length - 1;
  return (
    <div
      class={`track-row sortable ${props.current === index ? 'current' : ''}`}
      draggable={props.editable}
      data-index={index}
      onDragStart={(e) => {
        dragging.set(index);
        e.dataTransfer?.setData('text/plain', String(index));
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const from = dragging.get() ?? Number(e.dataTransfer?.getData('text/plain'));
        if (Number.isInteger(from) && from !== index) props.onMove(from, index);
        dragging.set(null);
      }}
    >
      <button class="track" onClick={() => props.onPlay(index)}>
        <span class="title">{track.title}</span>
        <span class="artist">{track.artist}</span>
      </button>
      <span class="time">{formatDuration(track.duration)}</span>
      {props.editable && (
        <>
          <button
            class="icon"
            aria-label={`${t('moveUp')}: ${track.title}`}
            disabled={index === 0}
            onClick={() => props.onMove(index, index - 1)}
          >
            ↑
          </button>
          <button
            class="icon"
            aria-label={`${t('moveDown')}: ${track.title}`}
            disabled={index === last}
            onClick={() => props.onMove(index, index + 1)}
          >
            ↓
          </button>
          <button
            class="icon"
            aria-label={`${t('remove')}: ${track.title}`}
            onClick={() => props.onRemove(index)}
          >
            ✕
          </button>
        </>
      )}
    </div>
  );
}

interface Drag {
  get: () => number | null;
  set: (index: number | null) => void;
}

export function SortableTracks(props: Props) {
  const [from, setFrom] = useState<number | null>(null);
  const dragging: Drag = { get: () => from, set: setFrom };
  return (
    <ScrollList
      count={props.tracks.length}
      rowHeight={44}
      label={props.label}
      row={(index) => <Row {...props} index={index} dragging={dragging} />}
    />
  );
}
