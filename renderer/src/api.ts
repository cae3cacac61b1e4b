// The slice of Hearth's HTTP API the player uses (docs/api.md has all of it).
// Types mirror the server's response shapes. A 401 from any call means the
// session is gone: the handler set with onSignedOut() shows the login page.

export interface ArtistRef {
  id: string;
  name: string;
}

export interface ArtistSummary {
  id: string;
  name: string;
  albumCount: number;
  trackCount: number;
}

export interface ArtistDetail extends ArtistSummary {
  albums: AlbumSummary[];
  appearsOn: AlbumSummary[];
}

export interface AlbumSummary {
  id: string;
  name: string;
  artist: string;
  artists: ArtistRef[];
  year: number | null;
  trackCount: number;
  discCount: number;
  duration: number;
  hasCover: boolean;
}

export interface TrackSummary {
  id: string;
  title: string;
  artist: string;
  artists: ArtistRef[];
  album: string | null;
  albumId: string | null;
  trackNo: number | null;
  discNo: number | null;
  duration: number;
  suffix: string;
  contentType: string;
  hasCover: boolean;
}

export interface ReplayGain {
  trackGain: number | null;
  trackPeak: number | null;
  albumGain: number | null;
  albumPeak: number | null;
}

export interface TrackDetail extends TrackSummary {
  replayGain: ReplayGain;
  lyricsSynced: boolean;
}

export interface AlbumDetail extends AlbumSummary {
  genres: { id: string; name: string }[];
  tracks: TrackSummary[];
}

export interface Genre {
  id: string;
  name: string;
  trackCount: number;
  albumCount: number;
}

export interface FolderSummary {
  id: string;
  name: string;
  parentId: string | null;
  folderCount: number;
  trackCount: number;
}

export interface FolderDetail extends FolderSummary {
  parents: { id: string; name: string }[];
  folders: FolderSummary[];
  tracks: TrackSummary[];
}

export interface SearchResult {
  artists: ArtistSummary[];
  albums: AlbumSummary[];
  tracks: TrackSummary[];
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface Annotation {
  starredAt: number | null;
  rating: number;
  playCount: number;
  playedAt: number | null;
}

export interface PlaylistSummary {
  id: number;
  name: string;
  comment: string;
  public: boolean;
  owner: string;
  mine: boolean;
  trackCount: number;
  duration: number;
}

export interface PlaylistDetail extends PlaylistSummary {
  trackIds: string[];
  tracks: (TrackSummary & { position: number })[];
}

export interface SavedQueue {
  trackIds: string[];
  tracks: TrackSummary[];
  currentIndex: number | null;
  positionMs: number;
}

export interface Lyrics {
  synced: boolean;
  text: string | null;
  lines: { startMs: number; text: string }[] | null;
}

export interface ScanStatus {
  running: boolean;
  done: number;
  total: number;
}

export interface User {
  id: number;
  username: string;
  role: string;
  hasAppPassword?: boolean;
}

export interface SetupState {
  needed: boolean;
  tokenRequired: boolean;
}

export interface SessionInfo {
  current: boolean;
  createdAt: number;
  seenAt: number;
  ip: string;
  userAgent: string;
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export type ItemKind = 'track' | 'album' | 'artist';

/** An API error body turned into an exception. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message || id);
  }
}

let signedOut: () => void = () => undefined;

/** Sets what happens when a call answers 401. */
export function onSignedOut(handler: () => void): void {
  signedOut = handler;
}

/** Calls whose 401 means a wrong password, not a lost session. */
const quietPaths = new Set(['/api/auth/login', '/api/auth/password']);

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  // A string body is sent as it is (an M3U file); anything else as JSON.
  if (body !== undefined) {
    const text = typeof body === 'string';
    init.body = text ? body : JSON.stringify(body);
    const type = text ? 'text/plain; charset=utf-8' : 'application/json';
    init.headers = { ...init.headers, 'Content-Type': type };
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as Record<string, string>) : {};
  if (res.status === 401 && !quietPaths.has(path)) signedOut();
  if (!res.ok)
    throw new ApiError(res.status, parsed.error ?? 'error', parsed.message ?? '');
  return parsed as T;
}

const get = <T>(path: string) => call<T>('GET', path);
const enc = encodeURIComponent;
const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${enc(String(value))}`)
    .join('&');

export const api = {
  me: () => get<{ user: User }>('/api/auth/me'),
  login: (username: string, password: string) =>
    call<{ user: User }>('POST', '/api/auth/login', { username, password }),
  logout: () => call<void>('POST', '/api/auth/logout', {}),
  signOutOthers: () => call<void>('POST', '/api/auth/logout', { scope: 'others' }),
  setupState: () => get<SetupState>('/api/setup'),
  setup: (body: { username: string; password: string; setupToken?: string }) =>
    call<{ user: User }>('POST', '/api/setup', body),
  changePassword: (body: {
    currentPassword: string;
    newPassword: string;
    endOtherSessions: boolean;
  }) => call<void>('PUT', '/api/auth/password', body),
  sessions: () => get<{ sessions: SessionInfo[] }>('/api/auth/sessions'),
  appPasswordState: () => get<{ set: boolean }>('/api/auth/app-password'),
  createAppPassword: () =>
    call<{ appPassword: string }>('POST', '/api/auth/app-password', {}),
  revokeAppPassword: () => call<void>('DELETE', '/api/auth/app-password'),
  apiKeys: () => get<{ apiKeys: ApiKeyInfo[] }>('/api/auth/api-keys'),
  createApiKey: (name: string) =>
    call<{ apiKey: ApiKeyInfo & { key: string } }>('POST', '/api/auth/api-keys', {
      name,
    }),
  revokeApiKey: (id: number) => call<void>('DELETE', `/api/auth/api-keys/${id}`),

  albums: (p: { offset: number; limit: number; sort?: string; genre?: string }) =>
    get<Page<AlbumSummary>>(`/api/albums?${query(p)}`),
  album: (id: string) => get<AlbumDetail>(`/api/albums/${enc(id)}`),
  artists: (p: { offset: number; limit: number }) =>
    get<Page<ArtistSummary>>(`/api/artists?${query(p)}`),
  artist: (id: string) => get<ArtistDetail>(`/api/artists/${enc(id)}`),
  genres: () => get<{ genres: Genre[] }>('/api/genres'),
  folders: () => get<{ folders: FolderSummary[] }>('/api/folders'),
  folder: (id: string) => get<FolderDetail>(`/api/folders/${enc(id)}`),
  tracks: (p: { offset: number; limit: number; sort?: string }) =>
    get<Page<TrackSummary>>(`/api/tracks?${query(p)}`),
  track: (id: string) => get<TrackDetail>(`/api/tracks/${enc(id)}`),
  lyrics: (id: string) => get<Lyrics>(`/api/tracks/${enc(id)}/lyrics`),
  search: (q: string, limit = 20) =>
    get<SearchResult>(`/api/search?${query({ q, limit })}`),
  history: (what: 'albums' | 'tracks', order: 'recent' | 'frequent', limit = 12) =>
    get<Page<AlbumSummary>>(`/api/history/${what}?${query({ order, limit })}`),
  scan: () => get<ScanStatus>('/api/scan'),
  starred: () => get<SearchResult>('/api/starred'),

  annotations: (kind: ItemKind, ids: string[]) =>
    get<{ annotations: Record<string, Annotation> }>(
      `/api/annotations?${query({ kind, ids: ids.join(',') })}`,
    ),
  star: (kind: ItemKind, id: string, starred: boolean) =>
    call<void>('PUT', '/api/annotations/star', { items: [{ kind, id }], starred }),
  rate: (kind: ItemKind, id: string, rating: number) =>
    call<void>('PUT', '/api/annotations/rating', { kind, id, rating }),
  played: (trackId: string) => call<void>('POST', '/api/plays', { trackId }),
  nowPlaying: (trackId: string) =>
    call<void>('POST', '/api/now-playing', { trackId, player: 'web' }),

  playlists: () => get<{ playlists: PlaylistSummary[] }>('/api/playlists'),
  playlist: (id: number) => get<PlaylistDetail>(`/api/playlists/${id}`),
  createPlaylist: (name: string, trackIds: string[] = []) =>
    call<PlaylistDetail>('POST', '/api/playlists', { name, trackIds }),
  changePlaylist: (id: number, change: Record<string, unknown>) =>
    call<PlaylistDetail>('PATCH', `/api/playlists/${id}`, change),
  deletePlaylist: (id: number) => call<void>('DELETE', `/api/playlists/${id}`),
  importPlaylist: (text: string) =>
    call<{ playlist: PlaylistDetail; unmatched: string[] }>(
      'POST',
      '/api/playlists/import',
      text,
    ),
  playlistM3u: (id: number) => `/api/playlists/${id}/m3u`,

  queue: () => get<SavedQueue>('/api/queue'),
  saveQueue: (body: {
    trackIds: string[];
    currentIndex: number | null;
    positionMs: number;
  }) => call<void>('PUT', '/api/queue', { ...body, device: 'web' }),

  albumCover: (id: string) => `/api/albums/${enc(id)}/cover`,
  trackCover: (id: string) => `/api/tracks/${enc(id)}/cover`,
  stream: (id: string, format?: string) =>
    `/api/tracks/${enc(id)}/stream${format ? `?${format}` : ''}`,
};

/** 215.4 seconds as "3:35". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
