// Hearth's version, from the package.json above this file: the repository's
// in the source tree and in dist/ alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

/** The version in Hearth's package.json, or "unknown" when none is found. */
export function hearthVersion(): string {
  version ??= readVersion(path.dirname(fileURLToPath(import.meta.url)));
  return version;
}

function readVersion(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'hearth' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
