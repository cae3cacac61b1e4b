// The contract every Spawner keeps (server/supervisor/spawner.ts). Written
// against the interface only, with a child that talks through the workers'
// own port adapter, so the same suite can run unchanged against the
// utilityProcess adapter (electron/spawner.ts) wherever Electron exists:
// call spawnerContract('utilityProcess', electronSpawner) there.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ChildHandle, Spawner } from '../../server/supervisor/spawner.js';
import { repoRoot } from '../helpers/paths.js';

/** The contract's child: echoes messages, exits or hangs on request. */
export const contractChild = path.join(
  repoRoot,
  'test',
  'fixtures',
  'contract-child.mjs',
);

interface Exit {
  code: number | null;
  signal: string | null;
}

function exited(child: ChildHandle): Promise<Exit> {
  return new Promise((resolve) => child.onExit(resolve));
}

function nextMessage(child: ChildHandle): Promise<unknown> {
  return new Promise((resolve) => child.onMessage(resolve));
}

function spawned(child: ChildHandle): Promise<void> {
  return new Promise((resolve) => child.onSpawn(resolve));
}

export function spawnerContract(name: string, spawn: Spawner): void {
  const start = (env: Record<string, string> = {}) =>
    spawn({ entry: contractChild, name: `contract ${name}`, env });

  describe(`spawner contract: ${name}`, () => {
    test('a child gets a pid once spawned, and messages go both ways', async () => {
      const child = start();
      await spawned(child);
      expect(child.pid).toBeGreaterThan(0);
      const answer = nextMessage(child);
      child.post({ echo: { n: 1, text: 'é' } });
      expect(await answer).toEqual({ echoed: { n: 1, text: 'é' } });
      child.kill('SIGKILL');
      await exited(child);
    });

    test('the environment reaches the child', async () => {
      const child = start({ HEARTH_CONTRACT: 'passed' });
      const answer = nextMessage(child);
      child.post({ env: 'HEARTH_CONTRACT' });
      expect(await answer).toEqual({ env: 'passed' });
      child.kill('SIGKILL');
      await exited(child);
    });

    test('an exit is reported once, with its code', async () => {
      const child = start();
      const calls: Exit[] = [];
      child.onExit((exit) => calls.push(exit));
      const exit = exited(child);
      child.post({ exit: 3 });
      expect(await exit).toMatchObject({ code: 3 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toHaveLength(1);
    });

    test('SIGTERM asks and SIGKILL ends a child that ignores it', async () => {
      const child = start();
      const ready = nextMessage(child);
      child.post({ ignoreTerm: true });
      expect(await ready).toEqual({ ignoring: 'SIGTERM' });
      const exit = exited(child);
      child.kill('SIGTERM');
      const early = await Promise.race([exit, sleep(300).then(() => 'alive')]);
      expect(early).toBe('alive');
      child.kill('SIGKILL');
      // Node reports the signal; utilityProcess only a non-zero code.
      const ended = await exit;
      expect(ended.signal !== null || (ended.code ?? 0) !== 0).toBe(true);
    });

    test('every method is safe after the child has exited', async () => {
      const child = start();
      const exit = exited(child);
      child.post({ exit: 0 });
      await exit;
      expect(() => child.post({ echo: 1 })).not.toThrow();
      expect(() => child.kill('SIGTERM')).not.toThrow();
      expect(() => child.kill('SIGKILL')).not.toThrow();
      // A late listener still hears about the exit.
      await expect(exited(child)).resolves.toMatchObject({ code: 0 });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
