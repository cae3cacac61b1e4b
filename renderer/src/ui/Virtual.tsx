// Virtualized lists: only the rows in and near the window are in the DOM,
// so a 10,000-track list scrolls like a short one. Rows have a fixed
// height; a grid is a list of rows of `columns` cells. Items are loaded a
// page at a time as the visible range reaches them.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Page } from '../api.js';

/** The first and last visible row of a list placed in the window's scroll. */
function useVisibleRows(rowHeight: number, rowCount: number, overscan = 4) {
  const box = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ first: 0, last: 30 });
  useLayoutEffect(() => {
    const update = () => {
      const top = box.current?.getBoundingClientRect().top ?? 0;
      const first = Math.max(0, Math.floor(-top / rowHeight) - overscan);
      const last = Math.min(
        rowCount - 1,
        Math.ceil((window.innerHeight - top) / rowHeight) + overscan,
      );
      setRange((old) =>
        old.first === first && old.last === last ? old : { first, last },
      );
    };
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [rowHeight, rowCount, overscan]);
  return { box, ...range };
}

interface ListProps<T> {
  items: (T | undefined)[];
  rowHeight: number;
  label: string;
  /** Called with the index of an item that is visible but not loaded yet. */
  onMissing?: (index: number) => void;
  row: (item: T | undefined, index: number) => ComponentChildren;
  class?: string;
}

/** A list of fixed-height rows; role=list with the label given. */
export function VirtualList<T>(props: ListProps<T>) {
  const { items, rowHeight, row } = props;
  const { box, first, last } = useVisibleRows(rowHeight, items.length);
  // Keys repeat every `pool` rows, so a row scrolled out is reused for the
  // row scrolled in: its elements are updated, not made again.
  const pool = last - first + 1;
  const shown: ComponentChildren[] = [];
  for (let i = first; i <= last; i += 1) {
    if (items[i] === undefined) props.onMissing?.(i);
    shown.push(
      <li key={i % pool} style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}>
        {row(items[i], i)}
      </li>,
    );
  }
  return (
    <div ref={box} class="virtual" style={{ height: `${items.length * rowHeight}px` }}>
      <ul class={`virtual-rows ${props.class ?? ''}`} aria-label={props.label}>
        {shown}
      </ul>
    </div>
  );
}

interface GridProps<T> extends Omit<ListProps<T>, 'rowHeight'> {
  /** Smallest cell width in pixels; the columns fill the width. */
  minCell: number;
  /** Height of a cell's text under its square cover. */
  caption: number;
}

/** A grid of square-ish cards, virtualized by rows. */
export function VirtualGrid<T>(props: GridProps<T>) {
  const outer = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useLayoutEffect(() => {
    const measure = () => setWidth(outer.current?.clientWidth ?? 800);
    measure();
    const observer = new ResizeObserver(measure);
    if (outer.current) observer.observe(outer.current);
    return () => observer.disconnect();
  }, []);
  const gap = 16;
  const columns = Math.max(1, Math.floor((width + gap) / (props.minCell + gap)));
  const cell = (width - gap * (columns - 1)) / columns;
  const rowHeight = Math.round(cell + props.caption + gap);
  const rows = Math.ceil(props.items.length / columns);
  const { box, first, last } = useVisibleRows(rowHeight, rows, 2);
  const shown: ComponentChildren[] = [];
  for (
    let i = first * columns;
    i < Math.min((last + 1) * columns, props.items.length);
    i += 1
  ) {
    if (props.items[i] === undefined) props.onMissing?.(i);
    const top = Math.floor(i / columns) * rowHeight;
    const left = (i % columns) * (cell + gap);
    shown.push(
      <li key={i} style={{ top: `${top}px`, left: `${left}px`, width: `${cell}px` }}>
        {props.row(props.items[i], i)}
      </li>,
    );
  }
  return (
    <div ref={outer}>
      <div ref={box} class="virtual" style={{ height: `${rows * rowHeight}px` }}>
        <ul class={`virtual-rows grid ${props.class ?? ''}`} aria-label={props.label}>
          {shown}
        </ul>
      </div>
    </div>
  );
}

/**
 * Items of a paged API, loaded as they are needed: the first page at once,
 * others when onMissing asks. Changing `key` starts again.
 */
export function usePaged<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  key: string,
  pageSize = 200,
) {
  const [items, setItems] = useState<(T | undefined)[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(new Set<number>());
  const generation = useRef(0);

  const loadPage = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      const mine = generation.current;
      fetchPage(page * pageSize, pageSize).then(
        (result) => {
          if (mine !== generation.current) return;
          setItems((old) => {
            const list =
              old && old.length === result.total ? [...old] : new Array(result.total);
            result.items.forEach((item, i) => (list[page * pageSize + i] = item));
            return list as (T | undefined)[];
          });
        },
        (err: Error) => setError(err.message),
      );
    },
    [key],
  );

  useEffect(() => {
    generation.current += 1;
    asked.current = new Set();
    setItems(null);
    loadPage(0);
  }, [key]);

  const onMissing = useCallback(
    (index: number) => queueMicrotask(() => loadPage(Math.floor(index / pageSize))),
    [loadPage],
  );
  return { items, error, onMissing };
}

interface ScrollProps {
  count: number;
  rowHeight: number;
  label: string;
  row: (index: number) => ComponentChildren;
}

/** A list that scrolls inside its own box (max-height set by CSS), virtualized. */
export function ScrollList({ count, rowHeight, label, row }: ScrollProps) {
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);
  const first = Math.max(0, Math.floor(top / rowHeight) - 4);
  const last = Math.min(count - 1, Math.ceil((top + height) / rowHeight) + 4);
  const shown: ComponentChildren[] = [];
  for (let i = first; i <= last; i += 1) {
    shown.push(
      <li key={i} style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}>
        {row(i)}
      </li>,
    );
  }
  return (
    <div
      class="scroll-list"
      onScroll={(e) => {
        setTop(e.currentTarget.scrollTop);
        setHeight(e.currentTarget.clientHeight);
      }}
    >
      <div class="virtual" style={{ height: `${count * rowHeight}px` }}>
        <ul class="virtual-rows" aria-label={label}>
          {shown}
        </ul>
      </div>
    </div>
  );
}
