// docs/api.md documents every route of the route table, with its parameters
// and the response shape; this keeps the two from drifting apart. The
// README's flags and settings are checked against the real ones too.
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { describe, expect, test } from 'vitest';
import { routeTable } from '../../server/http/app.js';
import { withRouteDocs } from '../../server/http/routes/docs.js';
import { cliOptions } from '../../server/settings/load.js';
import { settingsSchema } from '../../server/settings/schema.js';
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

describe('README.md', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  // The server's part: everything before the tests and the installers.
  const serverPart = readme.slice(0, readme.indexOf('## Tests and benchmarks'));

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
