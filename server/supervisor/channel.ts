// Request/response calls and one-way events over a process port. The same
// class runs on both ends: the supervisor holds one per worker, each worker
// holds one to the supervisor. The method maps in protocol.ts type both sides.
import { HearthError } from '../http/errors.js';
import type { CallMap, EventMap } from './protocol.js';

/** Anything that can carry JSON messages to the other side and back. */
export interface Port {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface CallEnvelope {
  hearth: 'call';
  id: number;
  method: string;
  params: unknown;
}
interface ResultEnvelope {
  hearth: 'result';
  id: number;
  value?: unknown;
  error?: { status: number | null; id: string; message: string };
}
interface EventEnvelope {
  hearth: 'event';
  name: string;
  data: unknown;
}
type Envelope = CallEnvelope | ResultEnvelope | EventEnvelope;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Raised on the calling side when the other side has gone or did not answer. */
export class ChannelClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelClosedError';
  }
}

function isEnvelope(message: unknown): message is Envelope {
  const tag = (message as { hearth?: unknown } | null)?.hearth;
  return tag === 'call' || tag === 'result' || tag === 'event';
}

/** Turns an error thrown by a handler into something that crosses the port. */
function serializeError(err: unknown): NonNullable<ResultEnvelope['error']> {
  if (err instanceof HearthError) {
    return { status: err.status, id: err.id, message: err.message };
  }
  return { status: null, id: 'internal', message: (err as Error)?.message ?? 'failed' };
}

/** Rebuilds a remote error: domain errors stay domain errors on this side. */
function deserializeError(error: NonNullable<ResultEnvelope['error']>): Error {
  if (error.status) return new HearthError(error.status, error.id, error.message);
  return new Error(error.message);
}

/**
 * One end of a typed conversation. `Out*` is what this end sends, `In*` what
 * it receives.
 */
export class Channel<
  OutCalls extends CallMap,
  InCalls extends CallMap,
  OutEvents extends EventMap,
  InEvents extends EventMap,
> {
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, (params: unknown) => unknown>();
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();

  constructor(private readonly port: Port) {
    port.onMessage((message) => this.receive(message));
  }

  /** Calls a method on the other side; rejects after `timeoutMs` without answer. */
  call<M extends keyof OutCalls & string>(
    method: M,
    params: OutCalls[M]['params'],
    timeoutMs = 5000,
  ): Promise<OutCalls[M]['result']> {
    if (this.closed) return Promise.reject(new ChannelClosedError('channel closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ChannelClosedError(`no answer to ${method} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ hearth: 'call', id, method, params });
    });
  }

  /** Answers calls of one method. A thrown HearthError reaches the caller as one. */
  handle<M extends keyof InCalls & string>(
    method: M,
    handler: (
      params: InCalls[M]['params'],
    ) => InCalls[M]['result'] | Promise<InCalls[M]['result']>,
  ): void {
    this.handlers.set(method, handler as (params: unknown) => unknown);
  }

  /** Sends a one-way event. */
  emit<E extends keyof OutEvents & string>(name: E, data: OutEvents[E]): void {
    this.send({ hearth: 'event', name, data });
  }

  /** Listens to one event; returns the function that stops listening. */
  on<E extends keyof InEvents & string>(
    name: E,
    listener: (data: InEvents[E]) => void,
  ): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    set.add(listener as (data: unknown) => void);
    return () => set.delete(listener as (data: unknown) => void);
  }

  /** The other side is gone: fail every call still waiting. */
  close(reason = 'channel closed'): void {
    this.closed = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new ChannelClosedError(reason));
      this.pending.delete(id);
    }
  }

  private send(envelope: Envelope): void {
    if (this.closed) return;
    try {
      this.port.post(envelope);
    } catch {
      // The process on the other side died between our check and the send;
      // its exit handler closes this channel.
    }
  }

  private receive(message: unknown): void {
    if (!isEnvelope(message)) return;
    if (message.hearth === 'event') this.dispatchEvent(message);
    else if (message.hearth === 'call') void this.answer(message);
    else this.settle(message);
  }

  private dispatchEvent(message: EventEnvelope): void {
    for (const listener of this.listeners.get(message.name) ?? []) listener(message.data);
  }

  private async answer(message: CallEnvelope): Promise<void> {
    const handler = this.handlers.get(message.method);
    try {
      if (!handler) throw new Error(`no handler for ${message.method}`);
      const value = await handler(message.params);
      this.send({ hearth: 'result', id: message.id, value });
    } catch (err) {
      this.send({ hearth: 'result', id: message.id, error: serializeError(err) });
    }
  }

  private settle(message: ResultEnvelope): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.error) pending.reject(deserializeError(message.error));
    else pending.resolve(message.value);
  }
}
