// The player bar: an <audio> element on the raw stream, play/pause, and a
// seek slider. The server answers Range requests, so seeking anywhere works.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, formatDuration, type TrackSummary } from './api.js';

export function PlayerBar({ track }: { track: TrackSummary | null }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [paused, setPaused] = useState(true);

  // A new track: load its stream and start playing.
  useEffect(() => {
    const element = audio.current;
    if (!element || !track) return;
    element.src = api.stream(track.id);
    setTime(0);
    setDuration(track.duration);
    void element.play().catch(() => setPaused(true));
  }, [track?.id]);

  const element = audio.current;
  return (
    <footer class="player" aria-label="Player">
      <audio
        ref={audio}
        preload="auto"
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onDurationChange={(e) => {
          const value = e.currentTarget.duration;
          if (Number.isFinite(value)) setDuration(value);
        }}
        onPlay={() => setPaused(false)}
        onPause={() => setPaused(true)}
      />
      <button
        class="play"
        disabled={!track}
        aria-label={paused ? 'Play' : 'Pause'}
        onClick={() => (paused ? element?.play() : element?.pause())}
      >
        {paused ? '▶' : '❚❚'}
      </button>
      <div class="now">
        <span class="title">{track ? track.title : 'Nothing playing'}</span>
        <span class="artist">{track?.artist ?? ''}</span>
      </div>
      <span class="time">{formatDuration(time)}</span>
      <input
        class="seek"
        type="range"
        aria-label="Seek"
        min={0}
        max={duration || 0}
        step={0.1}
        value={time}
        disabled={!track}
        onInput={(e) => {
          const to = Number(e.currentTarget.value);
          if (element) element.currentTime = to;
          setTime(to);
        }}
      />
      <span class="time">{formatDuration(duration)}</span>
    </footer>
  );
}
