// The audio engine: two <audio> elements take turns. While one plays, the
// other loads the next track, so at "ended" the next one starts from memory
// with no network gap (gapless). It also applies volume and ReplayGain,
// reports "now playing" and plays (scrobbled at 50 % or 4 minutes), keeps
// the Media Session (lock screen, headset keys) in step, and saves the
// position now and then for resume on another device.
//
// A first play of a transcode is a live stream the element cannot seek in
// past what it has buffered. A seek out of reach there reloads the element
// from the server with `timeOffset`, and the slot keeps that offset: the
// position, duration and scrobble stay in track time, not element time.
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
  /** Track seconds at the element's 0: a transcode reloaded with timeOffset. */
  offset: number;
}

let slots: [Slot, Slot];
let active = 0;
let scrobbled = false;
/** A reload for a seek, waiting for the slider to settle. */
let pendingSeek: ReturnType<typeof setTimeout> | undefined;

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

/** True for a transcode URL (a query string), false for the original file. */
const isTranscode = (url: string) => url.includes('?');

/** Seconds into the track the slot's element is at. */
const trackTime = (slot: Slot) => slot.offset + slot.element.currentTime;

/** The track's length: the element's when it starts at 0, else the known one. */
function lengthOf(slot: Slot, track: TrackSummary): number {
  const own = slot.element.duration;
  return slot.offset === 0 && Number.isFinite(own) ? own : track.duration;
}

/**
 * True when the element has this time (its own) buffered, or seekable in a
 * stream of known length: Chromium reports a live stream (duration
 * Infinity) seekable from 0 to Infinity, which it is not.
 */
function reachable(element: HTMLAudioElement, time: number): boolean {
  const within = (ranges: TimeRanges) =>
    Array.from({ length: ranges.length }).some(
      (_, i) => ranges.start(i) <= time && time <= ranges.end(i),
    );
  const sized = Number.isFinite(element.duration);
  return time >= 0 && (within(element.buffered) || (sized && within(element.seekable)));
}

/**
 * Points a slot at a track and starts loading it; a transcode starts `from`
 * seconds into the track.
 */
function load(slot: Slot, track: TrackSummary, from = 0): void {
  slot.trackId = track.id;
  slot.detail = null;
  slot.url = streamUrl(track, slot.element);
  // The server has nothing to send from the end on (416): a seek to the end
  // of a transcode starts it at the last second that begins before the end.
  const last = Math.max(0, Math.ceil(track.duration) - 1);
  slot.offset = isTranscode(slot.url) ? Math.min(Math.round(from), last) : 0;
  slot.element.src = slot.offset ? `${slot.url}&timeOffset=${slot.offset}` : slot.url;
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
  clearTimeout(pendingSeek);
  pendingSeek = undefined;
  if (!holds(activeSlot(), track)) {
    activeSlot().element.pause();
    if (holds(spareSlot(), track)) active = 1 - active;
    else load(activeSlot(), track, startAt.value);
  }
  markActive();

  // A restart or a resume moves the position; a gapless hand-over does not.
  const element = activeSlot().element;
  if (Math.abs(trackTime(activeSlot()) - startAt.value) > 0.5) {
    moveTo(activeSlot(), startAt.value);
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
  if (slot !== activeSlot() || pendingSeek !== undefined) return;
  const time = trackTime(slot);
  position.value = time;
  // The next track loads once this one plays (not behind the scrobble: a
  // seek past the scrobble point would skip it).
  if (slot.element.currentTime > 0.5) preloadNext();
  const track = currentTrack.value;
  if (!track || scrobbled) return;
  if (time >= Math.min(lengthOf(slot, track) / 2, 240)) {
    scrobbled = true;
    void api.played(track.id).catch(() => undefined);
  }
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

/** True when a seek to this track time needs the transcode reloaded from there. */
function needsReload(slot: Slot, seconds: number): boolean {
  return isTranscode(slot.url) && !reachable(slot.element, seconds - slot.offset);
}

/**
 * Moves the slot to a time in its track: by currentTime within reach of the
 * element (always for the original file), else by reloading the transcode
 * from there.
 */
function moveTo(slot: Slot, seconds: number): void {
  const track = currentTrack.value;
  if (!track || !needsReload(slot, seconds)) {
    slot.element.currentTime = Math.max(0, seconds - slot.offset);
    return;
  }
  const playing = !slot.element.paused;
  load(slot, track, seconds);
  if (playing) void slot.element.play().catch(() => (paused.value = true));
}

/**
 * Seeks the current track. A reload waits 200 ms for the slider to settle,
 * so a drag starts one transcode, not one per step; the position shows the
 * target meanwhile.
 */
export function seek(seconds: number): void {
  const slot = activeSlot();
  const length = currentTrack.value?.duration ?? seconds;
  const target = Math.max(0, Math.min(seconds, length));
  clearTimeout(pendingSeek);
  pendingSeek = undefined;
  position.value = target;
  if (!needsReload(slot, target)) {
    moveTo(slot, target);
    return;
  }
  pendingSeek = setTimeout(() => {
    pendingSeek = undefined;
    moveTo(slot, target);
  }, 200);
}

/** Wires the two elements; returns the cleanup. */
export function startEngine(a: HTMLAudioElement, b: HTMLAudioElement): () => void {
  slots = [
    { element: a, trackId: null, url: '', detail: null, offset: 0 },
    { element: b, trackId: null, url: '', detail: null, offset: 0 },
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
      const track = currentTrack.value;
      if (slot === activeSlot() && track) duration.value = lengthOf(slot, track);
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
