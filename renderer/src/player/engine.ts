// The audio engine: two <audio> elements take turns. While one plays, the
// other loads the next track, so at "ended" the next one starts from memory
// with no network gap (gapless). It also applies volume and ReplayGain,
// reports "now playing" and plays (scrobbled at 50 % or 4 minutes), keeps
// the Media Session (lock screen, headset keys) in step, and saves the
// position now and then for resume on another device.
import { effect, signal } from '@preact/signals';
import { api, type TrackDetail, type TrackSummary } from '../api.js';
import { gainMode, quality, volume } from './prefs.js';
import {
  current,
  currentTrack,
  jump,
  next,
  nextIndex,
  playRequest,
  position,
  previous,
  queue,
  saveQueue,
  startAt,
} from './queue.js';

export const paused = signal(true);
export const duration = signal(0);

const details = new Map<string, Promise<TrackDetail | null>>();

/** A track's detail (ReplayGain), fetched once. */
function detailOf(id: string): Promise<TrackDetail | null> {
  let found = details.get(id);
  if (!found) {
    found = api.track(id).catch(() => null);
    details.set(id, found);
  }
  return found;
}

/** The stream URL for this device: raw when it plays the file, else a transcode. */
export function streamUrl(track: TrackSummary, probe: HTMLAudioElement): string {
  const choice = quality.value;
  if (choice === 'raw') return api.stream(track.id);
  if (choice !== 'auto') return api.stream(track.id, `format=${choice}`);
  if (probe.canPlayType(track.contentType) !== '') return api.stream(track.id);
  const formats = [
    ['opus', 'audio/ogg; codecs=opus'],
    ['mp3', 'audio/mpeg'],
    ['aac', 'audio/aac'],
  ]
    .filter(([, type]) => probe.canPlayType(type!) !== '')
    .map(([name]) => name);
  return api.stream(track.id, `formats=${formats.join(',')}`);
}

/** The volume factor of ReplayGain for a track, never above full scale. */
function gainFactor(detail: TrackDetail | null): number {
  const mode = gainMode.value;
  if (mode === 'off' || !detail) return 1;
  const rg = detail.replayGain;
  const gain = mode === 'album' ? (rg.albumGain ?? rg.trackGain) : rg.trackGain;
  const peak = mode === 'album' ? (rg.albumPeak ?? rg.trackPeak) : rg.trackPeak;
  if (gain === null) return 1;
  const factor = Math.pow(10, gain / 20);
  return Math.min(factor, peak ? 1 / peak : factor, 1);
}

interface Slot {
  element: HTMLAudioElement;
  trackId: string | null;
  /** The stream URL loaded: a new quality choice makes it stale. */
  url: string;
  /** The track's detail (ReplayGain) once fetched. */
  detail: TrackDetail | null;
}

let slots: [Slot, Slot];
let active = 0;
let scrobbled = false;

const activeSlot = () => slots[active]!;
const spareSlot = () => slots[1 - active]!;

/** The element playing now (for the seek bar). */
export function activeElement(): HTMLAudioElement | null {
  return slots ? activeSlot().element : null;
}

/** Marks the playing element (data-active), for styles and tests. */
function markActive(): void {
  slots.forEach((slot, i) => (slot.element.dataset.active = String(i === active)));
}

/** Volume times the ReplayGain of the slot's track in the current mode. */
function applyVolume(slot: Slot): void {
  const gain = gainFactor(slot.detail);
  slot.element.volume = Math.max(0, Math.min(1, volume.value * gain));
}

/** True when the slot has this track loaded at the quality chosen now. */
function holds(slot: Slot, track: TrackSummary): boolean {
  return slot.trackId === track.id && slot.url === streamUrl(track, slot.element);
}

/** Points a slot at a track and starts loading it. */
function load(slot: Slot, track: TrackSummary): void {
  slot.trackId = track.id;
  slot.detail = null;
  slot.url = streamUrl(track, slot.element);
  slot.element.src = slot.url;
  slot.element.preload = 'auto';
  slot.element.load();
  void detailOf(track.id).then((detail) => {
    if (slot.trackId !== track.id) return;
    slot.detail = detail;
    applyVolume(slot);
  });
}

/** Loads the track after the current one into the spare element. */
function preloadNext(): void {
  const index = nextIndex(true);
  const track = index === null ? null : queue.value[index];
  const spare = spareSlot();
  if (!track || holds(spare, track) || track.id === activeSlot().trackId) return;
  load(spare, track);
}

/** Starts the current track: from the spare element when it is already loaded. */
function startCurrent(play: boolean): void {
  const track = currentTrack.value;
  if (!track) {
    activeSlot().element.pause();
    return;
  }
  if (!holds(activeSlot(), track)) {
    activeSlot().element.pause();
    if (holds(spareSlot(), track)) active = 1 - active;
    else load(activeSlot(), track);
  }
  markActive();

  // A restart or a resume moves the position; a gapless hand-over does not.
  const element = activeSlot().element;
  if (Math.abs(element.currentTime - startAt.value) > 0.5) {
    element.currentTime = startAt.value;
  }
  scrobbled = false;
  duration.value = track.duration;
  spareSlot().element.pause();
  applyVolume(activeSlot());
  updateSession(track);
  if (play) {
    void element.play().catch(() => (paused.value = true));
    void api.nowPlaying(track.id).catch(() => undefined);
  }
}

/** At "ended": the next entry, already loaded in the spare element. */
function onEnded(slot: Slot): void {
  if (slot !== activeSlot()) return;
  const index = nextIndex(true);
  if (index === null) {
    paused.value = true;
    void saveQueue();
    return;
  }
  const spare = spareSlot();
  const track = queue.value[index];
  if (track && holds(spare, track) && index !== current.value) {
    // Start the preloaded element first, then tell the rest of the app.
    active = 1 - active;
    markActive();
    void spare.element.play();
  }
  jump(index);
}

function onTime(slot: Slot): void {
  if (slot !== activeSlot()) return;
  const element = slot.element;
  position.value = element.currentTime;
  const track = currentTrack.value;
  if (!track || scrobbled) return;
  const length = Number.isFinite(element.duration) ? element.duration : track.duration;
  if (element.currentTime >= Math.min(length / 2, 240)) {
    scrobbled = true;
    void api.played(track.id).catch(() => undefined);
  }
  if (element.currentTime > 0.5) preloadNext();
}

function updateSession(track: TrackSummary): void {
  if (!('mediaSession' in navigator)) return;
  navigator.mediaSession.metadata = new MediaMetadata({
    title: track.title,
    artist: track.artist,
    album: track.album ?? '',
    artwork: track.hasCover
      ? [{ src: api.trackCover(track.id), sizes: '512x512', type: 'image/jpeg' }]
      : [],
  });
}

function sessionHandlers(): void {
  if (!('mediaSession' in navigator)) return;
  const session = navigator.mediaSession;
  session.setActionHandler('play', () => togglePlay(true));
  session.setActionHandler('pause', () => togglePlay(false));
  session.setActionHandler('nexttrack', () => next());
  session.setActionHandler('previoustrack', () => previous());
  session.setActionHandler('seekto', (details) => seek(details.seekTime ?? 0));
}

/** Plays or pauses; with no argument, toggles. */
export function togglePlay(play = paused.value): void {
  const element = activeSlot().element;
  if (!currentTrack.value) return;
  if (play) {
    if (!holds(activeSlot(), currentTrack.value)) startCurrent(true);
    else void element.play();
  } else {
    element.pause();
    void saveQueue();
  }
}

export function seek(seconds: number): void {
  const element = activeSlot().element;
  element.currentTime = Math.max(0, seconds);
  position.value = element.currentTime;
}

/** Wires the two elements; returns the cleanup. */
export function startEngine(a: HTMLAudioElement, b: HTMLAudioElement): () => void {
  slots = [
    { element: a, trackId: null, url: '', detail: null },
    { element: b, trackId: null, url: '', detail: null },
  ];
  for (const slot of slots) {
    const element = slot.element;
    element.addEventListener('ended', () => onEnded(slot));
    element.addEventListener('timeupdate', () => onTime(slot));
    element.addEventListener(
      'play',
      () => slot === activeSlot() && (paused.value = false),
    );
    element.addEventListener(
      'pause',
      () => slot === activeSlot() && (paused.value = true),
    );
    element.addEventListener('durationchange', () => {
      if (slot === activeSlot() && Number.isFinite(element.duration)) {
        duration.value = element.duration;
      }
    });
  }
  sessionHandlers();

  // A play request (a click, next, the end of a track) or a new current
  // track (resume, removal) starts the current entry.
  let seen = playRequest.peek();
  let lastId: string | null = null;
  const stopPlay = effect(() => {
    const request = playRequest.value;
    const id = currentTrack.value?.id ?? null;
    if (request === seen && id === lastId) return;
    const wanted = request !== seen;
    seen = request;
    lastId = id;
    startCurrent(wanted || !paused.peek());
  });
  const stopVolume = effect(() => {
    void volume.value;
    void gainMode.value;
    for (const slot of slots) applyVolume(slot);
  });
  // The position is saved every 15 s while playing, and when the page hides.
  const interval = setInterval(() => !paused.value && void saveQueue(), 15_000);
  const onHide = () => void saveQueue();
  window.addEventListener('pagehide', onHide);
  return () => {
    stopPlay();
    stopVolume();
    clearInterval(interval);
    window.removeEventListener('pagehide', onHide);
  };
}
