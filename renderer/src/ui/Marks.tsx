// Stars and ratings. The marks of items on screen are fetched in batches
// (one request per kind for everything rendered in the same tick). Each item
// has its own signal, shared by every place showing it, so an answer
// re-renders only the rows whose marks it brings.
import { batch, signal, type Signal } from '@preact/signals';
import { api, type Annotation, type ItemKind } from '../api.js';
import { t } from '../i18n.js';

const marks = new Map<string, Signal<Annotation>>();
const pending: Record<ItemKind, Set<string>> = {
  track: new Set(),
  album: new Set(),
  artist: new Set(),
};
let flushing = false;

const keyOf = (kind: ItemKind, id: string) => `${kind}:${id}`;
const none: Annotation = { starredAt: null, rating: 0, playCount: 0, playedAt: null };

/** Asks for the pending items, 500 ids a request (the API's limit). */
function flush(): void {
  flushing = false;
  for (const kind of Object.keys(pending) as ItemKind[]) {
    const all = [...pending[kind]];
    pending[kind].clear();
    for (let at = 0; at < all.length; at += 500) {
      const ids = all.slice(at, at + 500);
      void api.annotations(kind, ids).then(({ annotations }) =>
        batch(() => {
          for (const id of ids)
            marks.get(keyOf(kind, id))!.value = annotations[id] ?? none;
        }),
      );
    }
  }
}

/** The marks of an item, asking the server the first time it is shown. */
function markOf(kind: ItemKind, id: string): Annotation {
  const key = keyOf(kind, id);
  let mark = marks.get(key);
  if (!mark) {
    mark = signal(none);
    marks.set(key, mark);
    pending[kind].add(id);
    if (!flushing) {
      flushing = true;
      queueMicrotask(flush);
    }
  }
  return mark.value;
}

function setMark(kind: ItemKind, id: string, change: Partial<Annotation>): void {
  const mark = marks.get(keyOf(kind, id));
  if (mark) mark.value = { ...mark.value, ...change };
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
