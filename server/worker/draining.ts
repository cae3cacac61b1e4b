// Tells modules of an HTTP worker that it has begun to drain, so a response
// that never ends by itself (the metrics event stream) can end and let the
// worker exit. Its client reconnects through the dispatcher, which sends it
// to a worker that is not draining.

const listeners = new Set<() => void>();
let draining = false;

/** Calls `listener` once when the worker drains; returns the unsubscribe. */
export function onDrain(listener: () => void): () => void {
  if (draining) {
    queueMicrotask(listener);
    return () => undefined;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks this process as draining and tells every listener. */
export function announceDrain(): void {
  draining = true;
  for (const listener of [...listeners]) listener();
  listeners.clear();
}
