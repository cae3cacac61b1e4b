// The Subsonic tests' library: real corpus files copied into nested folders
// of two music folders, a folder cover made with sharp, scanned by the real
// scanner into the app's database. Users: an admin and a user who sees only
// the first music folder, each with an app password and an API key; clients
// are the `subsonic-api` package, recording every JSON body it receives.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { SubsonicAPI } from 'subsonic-api';
import { createApiKey, setAppPassword } from '../../server/auth/credentials.js';
import { keyFile, loadKey } from '../../server/auth/secrets.js';
import { scanLibrary } from '../../server/library/scanner/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, type Account } from '../helpers/auth.js';
import { corpusDir, tempDir } from '../helpers/paths.js';

/** Where each corpus file goes: [music folder, path inside it, corpus name]. */
export const layout: [0 | 1, string, string][] = [
  [0, 'Dethklok/The Dethalbum/01 Dethklok.mp3', 'Dethklok-mergeTagHeaders.mp3'],
  [
    0,
    'Beth Hart/Sinner\u2019s Prayer/01 Prayer.mp3',
    "MusicBrainz - Beth Hart - Sinner's Prayer [id3v2.4].V2.mp3",
  ],
  [
    0,
    'Beth Hart/Sinner\u2019s Prayer/01 Prayer.flac',
    "MusicBrainz - Beth Hart - Sinner's Prayer.flac",
  ],
  [0, 'Santana/Shaman/CD2/01 Shaman.flac', 'issue-266.flac'],
  [0, 'Lyrics/Dance In The Game.flac', 'Dance In The Game - ZAQ - LRC.flac'],
  [0, 'Radio/Deep/Deeper/Recitation.ogg', 'issue_62.ogg'],
  [0, 'Radio/Deep/Long Wave.wav', 'issue-92.wav'],
  [0, 'Loose Track.mp3', '29 - Dominator.mp3'],
  [1, 'Pendulum/Blood Sugar/01 Blood Sugar.mp3', 'id3v1_Blood_Sugar.mp3'],
  [1, 'Elsewhere/Forty Seconds.mp3', 'issue-347.mp3'],
];

export interface SubsonicFixture {
  app: TestApp;
  /** The two music folders. */
  folders: [string, string];
  admin: Account & { appPassword: string; apiKey: string };
  /** Sees only the first music folder. */
  user: Account & { appPassword: string; apiKey: string };
  /** Every JSON body a client received, with its method, for schema checks. */
  received: { method: string; body: unknown }[];
  /** A client for an account: token auth by default, apiKey or formPost on request. */
  client(
    who: 'admin' | 'user',
    options?: { apiKey?: boolean; post?: boolean },
  ): SubsonicAPI;
  /** The track id of a file, by its path inside its music folder. */
  trackId(rel: string): string;
  close(): Promise<void>;
}

function copyLibrary(): [string, string] {
  const root = tempDir('hearth-subsonic-');
  const folders: [string, string] = [path.join(root, 'Music'), path.join(root, 'Other')];
  for (const [folder, rel, name] of layout) {
    const target = path.join(folders[folder], rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(corpusDir, name), target);
  }
  return folders;
}

/** A 600x400 orange folder image for the Dethklok album. */
async function makeCover(folder: string): Promise<void> {
  const file = path.join(folder, 'Dethklok/The Dethalbum/cover.jpg');
  const background = { r: 250, g: 120, b: 20 };
  await sharp({ create: { width: 600, height: 400, channels: 3, background } })
    .jpeg()
    .toFile(file);
}

async function account(app: TestApp, role: 'admin' | 'user', libraries?: number[]) {
  const made = await createAccount(app, role, { libraries: libraries ?? 'all' });
  const appPassword = `app-${made.username}`;
  setAppPassword(app.db, loadKey(keyFile(app.dataDir)), made.user.id, appPassword);
  const { key } = createApiKey(app.db, made.user.id, 'tests');
  return { ...made, appPassword, apiKey: key };
}

/** A fetch that records JSON bodies by method before handing them on. */
function recordingFetch(received: SubsonicFixture['received']): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(typeof input === 'string' ? input : (input as Request).url);
    const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : null;
    const format = body?.get('f') ?? url.searchParams.get('f');
    if (format === 'json' && res.headers.get('content-type')?.includes('json')) {
      const method = url.pathname
        .split('/')
        .pop()!
        .replace(/\.view$/, '');
      received.push({ method, body: await res.clone().json() });
    }
    return res;
  };
}

export async function startSubsonic(): Promise<SubsonicFixture> {
  const folders = copyLibrary();
  await makeCover(folders[0]);
  const app = await startTestApp({ settings: { musicFolders: folders } });
  await scanLibrary({ db: app.db, folders, threads: 2 });
  const first = app.db
    .prepare('SELECT id FROM library WHERE path = ?')
    .get(folders[0]) as {
    id: number;
  };
  const admin = await account(app, 'admin');
  const user = await account(app, 'user', [first.id]);
  const received: SubsonicFixture['received'] = [];
  const fetchFn = recordingFetch(received);
  return {
    app,
    folders,
    admin,
    user,
    received,
    client(who, options = {}) {
      const a = who === 'admin' ? admin : user;
      const auth = options.apiKey
        ? { apiKey: a.apiKey }
        : { username: a.username, password: a.appPassword };
      return new SubsonicAPI({ url: app.url, auth, post: options.post, fetch: fetchFn });
    },
    trackId(rel) {
      const row = app.db
        .prepare('SELECT id FROM track WHERE path IN (?, ?)')
        .get(path.join(folders[0], rel), path.join(folders[1], rel)) as
        { id: string } | undefined;
      if (!row) throw new Error(`no track at ${rel}`);
      return row.id;
    },
    close: () => app.close(),
  };
}

/** ffprobe's view of an audio file: codec, bitrate (kbit/s) and duration (s). */
export function probe(file: string): {
  codec: string;
  bitrate: number;
  duration: number;
} {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_name:format=duration,bit_rate',
    '-of',
    'json',
    file,
  ]).toString();
  const json = JSON.parse(out) as {
    streams: { codec_name: string }[];
    format: { duration: string; bit_rate: string };
  };
  return {
    codec: json.streams[0]?.codec_name ?? '',
    bitrate: Number(json.format.bit_rate) / 1000,
    duration: Number(json.format.duration),
  };
}
