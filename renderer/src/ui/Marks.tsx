// Stars and ratings. The marks of items on screen are fetched in batches
// (one request per kind for everything rendered in the same tick) into one
// signal, so every place showing an item shows the same star.
import { signal } from '@preact/signals';
import { api, type Annotation, type ItemKind } from '../api.js';
import { t } from '../i18n.js';

const marks = signal(new Map<string, Annotation>());
const pending: Record<ItemKind, Set<string>> = {
  track: new Set(),
  album: new Set(),
  artist: new Set(),
};
const known = new Set<string>();
let flushing = false;

const keyOf = (kind: ItemKind, id: string) => `${kind}:${id}`;
const none: Annotation = { starredAt: null, rating: 0, playCount: 0, playedAt: null };

function flush(): void {
  flushing = false;
  for (const kind of Object.keys(pending) as ItemKind[]) {
    const ids = [...pending[kind]].slice(0, 500);
    pending[kind].clear();
    if (!ids.length) continue;
    void api.annotations(kind, ids).then(({ annotations }) => {
      const next = new Map(marks.value);
      for (const id of ids) next.set(keyOf(kind, id), annotations[id] ?? none);
      marks.value = next;
    });
  }
}

/** The marks of an item, asking the server the first time it is shown. */
function markOf(kind: ItemKind, id: string): Annotation {
  const key = keyOf(kind, id);
  if (!known.has(key)) {
    known.add(key);
    pending[kind].add(id);
    if (!flushing) {
      flushing = true;
      queueMicrotask(flush);
    }
  }
  return marks.value.get(key) ?? none;
}

function setMark(kind: ItemKind, id: string, change: Partial<Annotation>): void {
  const next = new Map(marks.value);
  next.set(keyOf(kind, id), { ...(marks.value.get(keyOf(kind, id)) ?? none), ...change });
  marks.value = next;
}

interface ItemProps {
  kind: ItemKind;
  id: string;
  name: string;
}

export function StarButton({ kind, id, name }: ItemProps) {
  const starred = markOf(kind, id).starredAt !== null;
  const toggle = () => {
    setMark(kind, id, { starredAt: starred ? null : Date.now() });
    void api.star(kind, id, !starred);
  };
  return (
    <button
      class={`icon star ${starred ? 'on' : ''}`}
      aria-pressed={starred}
      aria-label={`${t('star')}: ${name}`}
      onClick={toggle}
    >
      {starred ? '★' : '☆'}
    </button>
  );
}

export function Rating({ kind, id, name }: ItemProps) {
  const rating = markOf(kind, id).rating;
  const rate = (value: number) => {
    const next = value === rating ? 0 : value;
    setMark(kind, id, { rating: next });
    void api.rate(kind, id, next);
  };
  return (
    <span class="rating" role="group" aria-label={`${t('rating')}: ${name}`}>
      {[1, 2, 3, 4, 5].map((value) => (
        <button
          key={value}
          class={`icon ${value <= rating ? 'on' : ''}`}
          aria-pressed={value <= rating}
          aria-label={`${t('rate')} ${value}`}
          onClick={() => rate(value)}
        >
          {value <= rating ? '●' : '○'}
        </button>
      ))}
    </span>
  );
}
