// The slice of Hearth's HTTP API the first player uses (docs/api.md has all
// of it). Types mirror the server's response shapes.

export interface ArtistRef {
  id: string;
  name: string;
}

export interface AlbumSummary {
  id: string;
  name: string;
  artist: string;
  artists: ArtistRef[];
  year: number | null;
  trackCount: number;
  duration: number;
  hasCover: boolean;
}

export interface TrackSummary {
  id: string;
  title: string;
  artist: string;
  album: string | null;
  albumId: string | null;
  trackNo: number | null;
  discNo: number | null;
  duration: number;
  hasCover: boolean;
}

export interface AlbumDetail extends AlbumSummary {
  discCount: number;
  tracks: TrackSummary[];
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** An API error body turned into an exception. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.error ?? 'error', body.message ?? '');
  return body as T;
}

export const api = {
  albums: (offset: number, limit: number, sort = 'name') =>
    getJson<Page<AlbumSummary>>(
      `/api/albums?sort=${sort}&offset=${offset}&limit=${limit}`,
    ),
  album: (id: string) => getJson<AlbumDetail>(`/api/albums/${encodeURIComponent(id)}`),
  albumCover: (id: string) => `/api/albums/${encodeURIComponent(id)}/cover`,
  stream: (id: string) => `/api/tracks/${encodeURIComponent(id)}/stream`,
};

/** 215.4 seconds as "3:35". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
