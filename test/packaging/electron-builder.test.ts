// The packaging check, offline: electron-builder.json must validate against
// electron-builder's own schema, and a real `--dir` build against a stub
// Electron must put ffmpeg and better-sqlite3's binding in app.asar.unpacked,
// where the packaged app looks for them. It builds from a temporary copy of
// the project so the real node_modules is never touched; when the optional
// ffmpeg-static is absent (no download here), the copy gets a stand-in.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/paths.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options?: object): string[];
  statFile(archive: string, file: string): { unpacked?: boolean };
  extractAll(archive: string, dest: string): void;
};

const config = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'electron-builder.json'), 'utf8'),
) as Record<string, unknown> & { asarUnpack: string[] };

describe('electron-builder.json', () => {
  it('validates against electron-builder’s schema', () => {
    const schema = JSON.parse(
      fs.readFileSync(
        path.join(repoRoot, 'node_modules/app-builder-lib/scheme.json'),
        'utf8',
      ),
    ) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema is strict: a misspelt key would have failed above.
    expect(validate({ ...config, asarUnpak: [] })).toBe(false);
  });

  it('asks for the installers, the tray-only Mac app and the unpacked binaries', () => {
    expect(config).toMatchObject({
      npmRebuild: false,
      mac: { target: ['dmg'], extendInfo: { LSUIElement: true } },
      win: { target: ['nsis'] },
      linux: { target: ['AppImage', 'deb'] },
    });
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/ffmpeg-static/**', '**/*.node']),
    );
  });
});

// ---------------------------------------------------------------------------
// The --dir build.

const ffmpegName = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';

/** Copies what the build reads; node_modules gets only the production closure. */
async function copyProject(dest: string): Promise<{ fakeFfmpeg: boolean }> {
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.json']) {
    fs.copyFileSync(path.join(repoRoot, file), path.join(dest, file));
  }
  fs.cpSync(path.join(repoRoot, 'build'), path.join(dest, 'build'), { recursive: true });
  for (const part of ['electron', 'server', 'renderer']) {
    fs.cpSync(path.join(repoRoot, 'dist', part), path.join(dest, 'dist', part), {
      recursive: true,
    });
  }

  // 1. Production packages, as npm sees them (nested ones come with their parent).
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: { stdout: string }) => err); // npm ls exits 1 for a missing optional
  const topLevel = stdout
    .split('\n')
    .map((line) => path.relative(repoRoot, line.trim()))
    .filter((rel) => /^node_modules[\\/](@[^\\/]+[\\/])?[^\\/]+$/.test(rel));
  for (const rel of topLevel) {
    fs.cpSync(path.join(repoRoot, rel), path.join(dest, rel), { recursive: true });
  }

  // 2. ffmpeg-static's stand-in: its layout (index.js exports the binary's path).
  const ffmpegDir = path.join(dest, 'node_modules', 'ffmpeg-static');
  if (fs.existsSync(ffmpegDir)) return { fakeFfmpeg: false };
  fs.mkdirSync(ffmpegDir, { recursive: true });
  const pkg = {
    name: 'ffmpeg-static',
    version: '5.3.0',
    main: 'index.js',
    license: 'GPL-3.0',
  };
  fs.writeFileSync(path.join(ffmpegDir, 'package.json'), JSON.stringify(pkg));
  fs.writeFileSync(
    path.join(ffmpegDir, 'index.js'),
    `module.exports = require('path').join(__dirname, '${ffmpegName}');\n`,
  );
  fs.writeFileSync(path.join(ffmpegDir, ffmpegName), '#!/bin/sh\necho "ffmpeg stub"\n', {
    mode: 0o755,
  });
  return { fakeFfmpeg: true };
}

/** A folder shaped like an unpacked Electron for Linux, with a fake binary. */
function stubElectron(dir: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stub');
  return dir;
}

const sha = (file: string) =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe.runIf(process.platform === 'linux')(
  'electron-builder --dir (stub Electron)',
  () => {
    let project: string;
    let resources: string;
    let archive: string;
    let fakeFfmpeg: boolean;

    beforeAll(async () => {
      expect(
        fs.existsSync(path.join(repoRoot, 'dist/electron/main.js')),
        'run npm run build first',
      ).toBe(true);
      project = tempDir('hearth-pack-');
      ({ fakeFfmpeg } = await copyProject(project));
      const electronDist = stubElectron(tempDir('hearth-electron-'));
      const cli = path.join(repoRoot, 'node_modules/electron-builder/cli.js');
      await run(
        process.execPath,
        [
          cli,
          ...[
            '--linux',
            'dir',
            '--projectDir',
            project,
            '--config',
            'electron-builder.json',
          ],
          `-c.electronDist=${electronDist}`,
          `-c.directories.output=${path.join(project, 'out')}`,
        ],
        { cwd: project, maxBuffer: 32 * 1024 * 1024, timeout: 110_000 },
      );
      resources = path.join(project, 'out/linux-unpacked/resources');
      archive = path.join(resources, 'app.asar');
    }, 120_000);

    it('packs the app entry, the preload and the server, without dev dependencies', () => {
      const files = asar.listPackage(archive, { isPack: false });
      expect(files).toEqual(
        expect.arrayContaining([
          '/package.json',
          '/dist/electron/main.js',
          '/dist/electron/preload.cjs',
          '/dist/server/cli.js',
        ]),
      );
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
      for (const dev of ['electron', 'vitest', 'electron-builder', 'typescript']) {
        expect(files).not.toContain(`/node_modules/${dev}`);
      }
      expect(files.some((f) => f.includes('/better-sqlite3/deps/'))).toBe(false);
      expect(fs.existsSync(path.join(project, 'out/linux-unpacked/hearth'))).toBe(true);
    });

    it('unpacks better_sqlite3.node, byte for byte', () => {
      const rel = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
      expect(asar.statFile(archive, rel).unpacked).toBe(true);
      const unpacked = path.join(resources, 'app.asar.unpacked', rel);
      expect(sha(unpacked)).toBe(sha(path.join(repoRoot, rel)));
    });

    it('unpacks the ffmpeg binary, still executable', () => {
      const rel = `node_modules/ffmpeg-static/${ffmpegName}`;
      expect(asar.statFile(archive, rel).unpacked).toBe(true);
      const unpacked = path.join(resources, 'app.asar.unpacked', rel);
      expect(fs.statSync(unpacked).mode & 0o111).not.toBe(0);
      if (fakeFfmpeg) expect(fs.readFileSync(unpacked, 'utf8')).toContain('ffmpeg stub');
    });

    it('ships the tray icons as resources', () => {
      for (const name of ['runningTemplate.png', 'error@2x.png', 'scanning.ico']) {
        expect(fs.existsSync(path.join(resources, 'tray', name))).toBe(true);
      }
    });

    it('finds ffmpeg and the SQLite binding from inside the app folder', async () => {
      // Electron reads app.asar as a folder; a folder of that name, beside the
      // build's app.asar.unpacked, stands in for it here.
      const layout = path.join(tempDir('hearth-asar-'), 'resources');
      asar.extractAll(archive, path.join(layout, 'app.asar'));
      fs.symlinkSync(
        path.join(resources, 'app.asar.unpacked'),
        path.join(layout, 'app.asar.unpacked'),
      );
      const inside = path.join(layout, 'app.asar');
      const script = [
        `const { ffmpegStaticPath } = await import(${JSON.stringify(
          path.join(inside, 'dist/server/transcode/ffmpeg.js'),
        )});`,
        `const Database = (await import('node:module')).createRequire(${JSON.stringify(
          path.join(inside, 'package.json'),
        )})('better-sqlite3');`,
        `const row = new Database(':memory:').prepare('SELECT 41 + 1 AS n').get();`,
        `console.log(JSON.stringify({ ffmpeg: ffmpegStaticPath(), n: row.n }));`,
      ].join('\n');
      const { stdout } = await run(
        process.execPath,
        ['--input-type=module', '-e', script],
        {
          cwd: project,
          env: { ...process.env, LOG_LEVEL: 'silent' },
        },
      );
      const found = JSON.parse(stdout.trim().split('\n').pop()!) as {
        ffmpeg: string;
        n: number;
      };
      expect(found.ffmpeg).toBe(
        path.join(layout, 'app.asar.unpacked/node_modules/ffmpeg-static', ffmpegName),
      );
      expect(found.n).toBe(42);
    });
  },
);
