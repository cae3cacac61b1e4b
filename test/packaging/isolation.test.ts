// Electron stays inside electron/: the lint rule refuses it anywhere else, the
// bundled preload needs nothing but Electron itself, and main answers every
// IPC channel the preload can call.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { allChannels, ipcChannels } from '../../electron/ipc-channels.js';
import { repoRoot } from '../helpers/paths.js';

const importElectron = "import { app } from 'electron';\nexport const x = app;\n";

describe('electron isolation', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const ruleHits = async (file: string) => {
    const [result] = await eslint.lintText(importElectron, { filePath: file });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
  };

  it.each([
    'server/tray/menu.ts',
    'renderer/src/x.ts',
    'test/tray/x.test.ts',
    'bench/x.ts',
  ])('lint refuses electron in %s', async (file) => {
    const hits = await ruleHits(path.join(repoRoot, file));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toContain('Only electron/ may import electron.');
  });

  it('lint allows electron in electron/', async () => {
    expect(await ruleHits(path.join(repoRoot, 'electron/tray.ts'))).toEqual([]);
  });

  it('the shared channel module imports nothing from Electron', () => {
    const source = fs.readFileSync(
      path.join(repoRoot, 'electron/ipc-channels.ts'),
      'utf8',
    );
    expect(source).not.toMatch(/from ['"]electron['"]/);
  });

  it('the bundled preload requires only electron', () => {
    const bundle = path.join(repoRoot, 'dist/electron/preload.cjs');
    expect(fs.existsSync(bundle), 'run npm run build first').toBe(true);
    const required = [
      ...fs.readFileSync(bundle, 'utf8').matchAll(/require\(["']([^"']+)/g),
    ];
    expect(new Set(required.map((m) => m[1]))).toEqual(new Set(['electron']));
  });

  it('main registers a handler for every invoke channel', () => {
    const source = fs.readFileSync(
      path.join(repoRoot, 'electron/ipc-handlers.ts'),
      'utf8',
    );
    const pushed = new Set<string>([ipcChannels.metrics.update]);
    for (const [group, names] of Object.entries(ipcChannels)) {
      for (const [name, channel] of Object.entries(names)) {
        if (pushed.has(channel)) continue;
        const registered = new RegExp(`answer\\(\\s*ch\\.${group}\\.${name},`);
        expect(source, channel).toMatch(registered);
      }
    }
    expect(new Set(allChannels()).size).toBe(allChannels().length);
  });
});
