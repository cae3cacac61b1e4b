// The play queue: the tracks in order, the current entry, shuffle and
// repeat. Every change is saved to the server (debounced), so another device
// of the same user can resume it; resume() loads what was saved.
import { computed, effect, signal } from '@preact/signals';
import { api, type TrackSummary } from '../api.js';

export type Repeat = 'off' | 'all' | 'one';

export const queue = signal<TrackSummary[]>([]);
export const current = signal<number | null>(null);
export const shuffle = signal(false);
export const repeat = signal<Repeat>('off');
/** Seconds into the current track, updated by the engine. */
export const position = signal(0);
/** Where playback should start when the current track loads (resume). */
export const startAt = signal(0);
/** Bumped when the listener asks to play (not just to load). */
export const playRequest = signal(0);

export const currentTrack = computed(() =>
  current.value === null ? null : (queue.value[current.value] ?? null),
);

/** Replaces the queue and plays from `index`. */
export function playNow(tracks: TrackSummary[], index = 0): void {
  queue.value = [...tracks];
  jump(shuffle.value ? Math.floor(Math.random() * tracks.length) : index);
}

/** Plays the entry at `index`. */
export function jump(index: number): void {
  if (index < 0 || index >= queue.value.length) return;
  startAt.value = 0;
  position.value = 0;
  current.value = index;
  playRequest.value += 1;
}

/** Inserts tracks right after the current one. */
export function playNext(tracks: TrackSummary[]): void {
  const at = current.value === null ? queue.value.length : current.value + 1;
  queue.value = [...queue.value.slice(0, at), ...tracks, ...queue.value.slice(at)];
}

/** Appends tracks at the end. */
export function enqueue(tracks: TrackSummary[]): void {
  queue.value = [...queue.value, ...tracks];
}

/** Removes one entry, keeping the current one current. */
export function removeAt(index: number): void {
  const next = queue.value.filter((_, i) => i !== index);
  const now = current.value;
  if (now !== null && index < now) current.value = now - 1;
  if (now === index) current.value = next.length ? Math.min(now, next.length - 1) : null;
  queue.value = next;
}

/** Moves the entry at `from` to `to` (drag and drop, or up and down). */
export function move(from: number, to: number): void {
  const list = [...queue.value];
  const [item] = list.splice(from, 1);
  if (!item || to < 0 || to > list.length) return;
  list.splice(to, 0, item);
  const now = current.value;
  if (now === from) current.value = to;
  else if (now !== null && from < now && to >= now) current.value = now - 1;
  else if (now !== null && from > now && to <= now) current.value = now + 1;
  queue.value = list;
}

export function clearQueue(): void {
  queue.value = [];
  current.value = null;
}

/** The entry after the current one, following shuffle and repeat; null at the end. */
export function nextIndex(auto: boolean): number | null {
  const now = current.value;
  const length = queue.value.length;
  if (now === null || length === 0) return null;
  if (auto && repeat.value === 'one') return now;
  if (shuffle.value && length > 1) {
    const pick = Math.floor(Math.random() * (length - 1));
    return pick >= now ? pick + 1 : pick;
  }
  if (now + 1 < length) return now + 1;
  return repeat.value === 'off' ? null : 0;
}

export function next(): void {
  const index = nextIndex(false);
  if (index !== null) jump(index);
}

export function previous(): void {
  const now = current.value;
  if (now === null) return;
  // Past the first seconds, "previous" restarts the track, as players do.
  if (position.value > 3 || now === 0) jump(now);
  else jump(now - 1);
}

export function cycleRepeat(): void {
  const order: Repeat[] = ['off', 'all', 'one'];
  repeat.value = order[(order.indexOf(repeat.value) + 1) % order.length]!;
}

/** Loads the queue saved on the server, paused at its saved position. */
export async function resume(): Promise<void> {
  const saved = await api.queue();
  if (!saved.tracks.length) return;
  const byId = new Map(saved.tracks.map((track) => [track.id, track]));
  queue.value = saved.trackIds.flatMap((id) => byId.get(id) ?? []);
  startAt.value = saved.positionMs / 1000;
  position.value = startAt.value;
  current.value = saved.currentIndex;
  resumed = true;
}

let resumed = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Saves now: the queue, the current entry and the position. */
export function saveQueue(): Promise<void> {
  clearTimeout(timer);
  return api
    .saveQueue({
      trackIds: queue.value.map((track) => track.id),
      currentIndex: current.value,
      positionMs: Math.round(position.value * 1000),
    })
    .catch(() => undefined);
}

/** Saves a second after the last change of the queue or current entry. */
export function autoSave(): () => void {
  return effect(() => {
    void queue.value;
    void current.value;
    if (!resumed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void saveQueue(), 1000);
  });
}

/** Lets changes save from now on (after resume, so an empty start never wipes). */
export function allowSaving(): void {
  resumed = true;
}
