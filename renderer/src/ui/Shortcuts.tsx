// Keyboard shortcuts, and their help overlay (?). Keys typed into a field
// are the field's, not shortcuts.
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t, type WordKey } from '../i18n.js';
import { seek, togglePlay } from '../player/engine.js';
import { volume } from '../player/prefs.js';
import { cycleRepeat, next, position, previous, shuffle } from '../player/queue.js';

const helpOpen = signal(false);

const keys: [string, WordKey][] = [
  ['Space', 'keyPlayPause'],
  ['N / P', 'keyNextPrev'],
  ['← / →', 'keySeek'],
  ['↑ / ↓', 'keyVolume'],
  ['S / R', 'keyShuffle'],
  ['/', 'keySearch'],
  ['?', 'keyHelp'],
];

const actions: Record<string, () => void> = {
  ' ': () => togglePlay(),
  n: next,
  p: previous,
  ArrowLeft: () => seek(position.value - 5),
  ArrowRight: () => seek(position.value + 5),
  ArrowUp: () => (volume.value = Math.min(1, volume.value + 0.05)),
  ArrowDown: () => (volume.value = Math.max(0, volume.value - 0.05)),
  s: () => (shuffle.value = !shuffle.value),
  r: cycleRepeat,
  '/': () => document.getElementById('search')?.focus(),
  '?': () => (helpOpen.value = !helpOpen.value),
  Escape: () => (helpOpen.value = false),
};

function onKey(event: KeyboardEvent): void {
  const target = event.target as HTMLElement;
  const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  // Space on a button presses that button.
  if (event.key === ' ' && target.tagName === 'BUTTON') return;
  const action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

export function Shortcuts() {
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!helpOpen.value) return null;
  return (
    <div class="overlay" onClick={() => (helpOpen.value = false)}>
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="shortcuts-title">{t('shortcuts')}</h2>
        <dl class="keys">
          {keys.map(([key, word]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(word)}</dd>
            </div>
          ))}
        </dl>
        <button autoFocus onClick={() => (helpOpen.value = false)}>
          {t('close')}
        </button>
      </div>
    </div>
  );
}
