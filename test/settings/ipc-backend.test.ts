// The settings page's IPC backend, as it runs inside Electron's window, over
// a stand-in for the preload's `window.hearth` bridge: each call reaches its
// channel's function, a refused call becomes the same ApiError (id, status,
// per-field messages) the HTTP backend throws, and metrics arrive first from
// the snapshot and then from each pushed update.
import { afterEach, describe, expect, it } from 'vitest';
import type { HearthBridge, IpcResult } from '../../electron/ipc-channels.js';
import { createBackend } from '../../renderer/src/settings/backend.js';
import { ApiError, type MetricsSnapshot } from '../../renderer/src/settings/types.js';

const ok = <T>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });
const sample = (at: number) => ({ at }) as unknown as MetricsSnapshot;
const scope = globalThis as unknown as { window?: { hearth?: HearthBridge } };

/** A bridge whose calls are recorded; `apply` refuses a bad time limit. */
function fakeBridge(calls: string[], push: { listener?: (s: unknown) => void }) {
  const bridge: HearthBridge = {
    settings: {
      describe: () => (calls.push('describe'), ok({ fields: [], values: {} })),
      apply: (values) => {
        calls.push(`apply ${JSON.stringify(values)}`);
        if (values.limitTimeCpu === 0) {
          return Promise.resolve({
            ok: false,
            status: 400,
            error: 'invalid_input',
            message: 'invalid limitTimeCpu',
            fields: { limitTimeCpu: 'Too small: expected number to be >=1' },
          });
        }
        return ok({ change: {}, view: {} });
      },
      pickFolder: () => (calls.push('pickFolder'), ok('/home/me/Music')),
    },
    metrics: {
      snapshot: () => ok(sample(1)),
      onUpdate: (listener) => {
        push.listener = listener;
        return () => calls.push('unsubscribed');
      },
    },
    capacity: { context: () => (calls.push('capacity'), ok({ workers: 2 })) },
    lan: { info: () => (calls.push('lan'), ok({ entries: [] })) },
    app: {
      info: () =>
        ok({
          version: '0.1.0',
          platform: 'linux',
          startupError: { title: 'Port 4533 is in use', message: 'another program' },
        }),
      showLogs: () => ok(undefined),
    },
  };
  return bridge;
}

afterEach(() => {
  delete scope.window;
});

describe('the IPC backend', () => {
  it('is chosen when the preload bridge exists, and calls its channels', async () => {
    const calls: string[] = [];
    scope.window = { hearth: fakeBridge(calls, {}) };
    const backend = createBackend();
    expect(backend.kind).toBe('ipc');
    await backend.describe();
    await backend.apply({ workers: 3 });
    await backend.capacity();
    await backend.lan();
    expect(await backend.pickFolder?.()).toBe('/home/me/Music');
    expect(await backend.startupError()).toEqual({
      title: 'Port 4533 is in use',
      message: 'another program',
    });
    expect(calls).toEqual([
      'describe',
      'apply {"workers":3}',
      'capacity',
      'lan',
      'pickFolder',
    ]);
  });

  it('turns a refused call into an ApiError with the per-field messages', async () => {
    scope.window = { hearth: fakeBridge([], {}) };
    const error = await createBackend()
      .apply({ limitTimeCpu: 0 })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      id: 'invalid_input',
      message: 'invalid limitTimeCpu',
      fields: { limitTimeCpu: 'Too small: expected number to be >=1' },
    });
  });

  it('sends the snapshot, then each pushed sample, until unsubscribed', async () => {
    const calls: string[] = [];
    const push: { listener?: (s: unknown) => void } = {};
    scope.window = { hearth: fakeBridge(calls, push) };
    const seen: number[] = [];
    const stop = createBackend().watchMetrics((s) => seen.push(s.at));
    await new Promise((resolve) => setTimeout(resolve, 0));
    push.listener?.(sample(2));
    push.listener?.(sample(3));
    stop();
    expect(seen).toEqual([1, 2, 3]);
    expect(calls).toEqual(['unsubscribed']);
  });

  it('without the bridge, the page talks HTTP and has no folder picker', () => {
    scope.window = {};
    const backend = createBackend();
    expect(backend.kind).toBe('http');
    expect(backend.pickFolder).toBeUndefined();
  });
});
