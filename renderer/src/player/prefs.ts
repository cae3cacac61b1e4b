// Listening preferences kept per device in localStorage: volume, ReplayGain
// mode and stream quality (automatic, the original file, or a profile).
import { effect, signal } from '@preact/signals';

export type GainMode = 'off' | 'track' | 'album';

function stored<T>(key: string, fallback: T) {
  const raw = localStorage.getItem(`hearth.${key}`);
  const value = signal<T>(raw === null ? fallback : (JSON.parse(raw) as T));
  effect(() => localStorage.setItem(`hearth.${key}`, JSON.stringify(value.value)));
  return value;
}

export const volume = stored('volume', 1);
export const gainMode = stored<GainMode>('replayGain', 'track');
/** 'auto', 'raw', or a transcode profile id such as 'opus_128'. */
export const quality = stored('quality', 'auto');

export const qualityChoices = ['auto', 'raw', 'opus_128', 'mp3_192', 'aac_256'];
