// The app over the real corpus, scanned by the real scanner, with an admin
// signed in: what the route-table walk and the fuzzer run against.
import { scanLibrary } from '../../server/library/scanner/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import type { SignedIn } from '../helpers/auth.js';
import { corpusDir } from '../helpers/paths.js';

export interface CorpusApp extends TestApp {
  admin: SignedIn;
  /** One real id of each kind, from the scanned library. */
  ids: {
    track: string;
    album: string;
    artist: string;
    folder: string;
    genre: string;
    /** An album and a track that have cover art. */
    coverAlbum: string;
    coverTrack: string;
  };
}

function firstId(app: TestApp, table: string): string {
  const row = app.db.prepare(`SELECT id FROM ${table} ORDER BY id LIMIT 1`).get() as
    { id: string } | undefined;
  if (!row) throw new Error(`the scan found no ${table}`);
  return row.id;
}

/** Starts the app on the corpus, scans it, and signs an admin in. */
export async function startCorpusApp(): Promise<CorpusApp> {
  const app = await startTestApp({
    settings: { musicFolders: [corpusDir] },
    signIn: 'admin',
  });
  const scan = await scanLibrary({ db: app.db, folders: [corpusDir], threads: 2 });
  const mp3 = app.db
    .prepare("SELECT id FROM track WHERE suffix = 'mp3' ORDER BY id LIMIT 1")
    .get() as { id: string } | undefined;
  if (!mp3) throw new Error(`the scan found no mp3: ${JSON.stringify(scan)}`);
  const track = mp3.id;
  const ids = {
    track,
    album: firstId(app, 'album'),
    artist: firstId(app, 'artist'),
    folder: firstId(app, 'folder'),
    genre: firstId(app, 'genre'),
    coverAlbum: firstId(app, 'album WHERE cover_track_id IS NOT NULL'),
    coverTrack: firstId(app, 'track WHERE has_cover = 1'),
  };
  return { ...app, admin: app.account, ids };
}
