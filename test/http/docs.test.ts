// docs/api.md documents every route of the route table, with its parameters
// and the response shape; this keeps the two from drifting apart. The
// README's flags and settings are checked against the real ones too.
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routeTable } from '../../server/http/app.js';
import { withRouteDocs } from '../../server/http/routes/docs.js';
import { cliOptions } from '../../server/settings/load.js';
import { settingsSchema } from '../../server/settings/schema.js';
import { startTestApp, type SignedInTestApp } from '../helpers/app.js';
import { repoRoot } from '../helpers/paths.js';

const file = path.join(repoRoot, 'docs', 'api.md');
const markdown = fs.readFileSync(file, 'utf8');

describe('docs/api.md', () => {
  test('its route reference matches the route table (npx tsx scripts/api-docs.ts)', async () => {
    const options = await prettier.resolveConfig(file);
    const expected = await prettier.format(withRouteDocs(markdown, routeTable()), {
      ...options,
      filepath: file,
    });
    expect(markdown).toBe(expected);
  });

  test('every /api route names a response shape that has its own section', () => {
    for (const spec of routeTable().filter((s) => s.path.startsWith('/api/'))) {
      expect(spec.response, `${spec.method} ${spec.path}`).toBeTruthy();
      for (const name of spec.response?.match(/[A-Z][A-Za-z]+/g) ?? []) {
        expect(markdown, `shape ${name}`).toContain(`\n### ${name}\n`);
      }
    }
  });

  test('every path parameter of a route is described by its input schema', () => {
    for (const spec of routeTable()) {
      const names = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const declared = Object.keys(spec.input?.params?.shape ?? {});
      expect(declared.sort(), `${spec.method} ${spec.path}`).toEqual(names.sort());
    }
  });
});

describe('docs/api.md body limits', () => {
  const KiB = 1024;
  const MiB = 1024 * KiB;
  // Each limit the conventions state, with a route that reads its body so.
  const limits = [
    { route: 'PUT /api/admin/settings', limit: 16 * KiB, words: '16 KiB' },
    { route: 'POST /api/playlists', limit: 2 * MiB, words: '2 MiB' },
    { route: 'POST /api/playlists/import', limit: 2 * MiB, words: '2 MiB' },
    { route: 'PUT /api/queue', limit: MiB, words: '1 MiB' },
  ];
  const bodies = markdown.split('\n- ').find((p) => p.startsWith('**Bodies.**')) ?? '';
  let app: SignedInTestApp;
  beforeAll(async () => {
    app = await startTestApp({ signIn: 'admin' });
  });
  afterAll(() => app.close());

  test.each(limits)('$route: $words, as the conventions say', async (spec) => {
    const flat = bodies.replace(/\s+/g, ' ');
    if (spec.limit === 16 * KiB) expect(flat).toContain('at most 16 KiB');
    else expect(flat).toMatch(new RegExp(`\`${spec.route}\`[^.]*? ${spec.words}`));

    // A body of exactly the limit is read (whatever it then says); one more
    // byte is refused before it is read.
    const [method, path] = spec.route.split(' ') as [string, string];
    const send = (size: number) =>
      app.account.fetch(path, {
        method,
        body: `{"pad":"${'x'.repeat(size - 10)}"}`,
      });
    expect((await send(spec.limit)).status).not.toBe(413);
    expect((await send(spec.limit + 1)).status).toBe(413);
  });
});

describe('README.md', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  // The server's part: everything before the tests and the installers.
  const serverPart = readme.slice(0, readme.indexOf('## Tests and benchmarks'));

  test('opens with the two commands for a fresh machine, then says how to start again', () => {
    const block = /^# Hearth\n\n```sh\n([^`]*)```/.exec(readme)?.[1] ?? '';
    const [serve, tests, ...rest] = block.trim().split('\n');
    // The first run saves its flags, so that `npm start` alone finds the library.
    expect(serve).toMatch(/^npm ci && npm run serve -- --music \S+ --save\b/);
    expect(tests).toMatch(/^npm ci && npm test\b/);
    expect(rest).toEqual([]);
    expect(serverPart).toContain('## Starting it again\n\n```sh\nnpm start\n```');
  });

  test('names only flags the server has', () => {
    const flags = [...serverPart.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map(
      (m) => m[1]!,
    );
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(cliOptions, `--${flag}`).toHaveProperty([flag]);
  });

  test('says how Subsonic apps sign in, with the real plain-password setting', () => {
    const paragraph = serverPart.split('\n\n').find((p) => p.includes('Subsonic apps'));
    expect(paragraph).toMatch(/username plus an app\s+password/);
    expect(paragraph).toMatch(/token/);
    expect(paragraph).toMatch(/API key/);
    expect(paragraph).toContain('`p=`');
    expect(paragraph).toContain('`subsonicPlainPassword`');
    expect(settingsSchema.shape).toHaveProperty('subsonicPlainPassword');
  });
});
