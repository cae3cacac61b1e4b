// The fixture library of the HTTP tests, plus a synced .lrc beside "Dawn",
// served by the real app on a real port with an admin signed in.
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp } from '../helpers/app.js';
import { buildLibrary } from '../http/fixture.js';
import type { LibraryApp } from '../http/library-app.js';
import { scanLibrary } from '../../server/library/scanner/index.js';

export const dawnLyrics = [
  '[00:00.00]First light on the lane',
  '[00:02.00]The hills wake slowly',
  '[00:04.00]Morning is coming',
  '[00:06.00]Here it is',
].join('\n');

export async function startPlayerLibrary(): Promise<LibraryApp> {
  const lib = buildLibrary();
  const dawn = path.join(lib.musicDir, 'Aurora Lane/Northern Lights/CD1/01 Dawn.lrc');
  fs.writeFileSync(dawn, dawnLyrics + '\n');
  const app = await startTestApp({
    settings: { musicFolders: [lib.musicDir] },
    signIn: 'admin',
  });
  await scanLibrary({ db: app.db, folders: [lib.musicDir], threads: 2 });
  return { ...app, lib };
}
