// The caller's playlists, loaded once and reloaded after each change, so
// every "add to playlist" menu lists the same ones.
import { signal } from '@preact/signals';
import { api, type PlaylistSummary } from '../api.js';

export const playlists = signal<PlaylistSummary[]>([]);

export async function reloadPlaylists(): Promise<void> {
  playlists.value = (await api.playlists()).playlists;
}

/** Appends tracks to a playlist the caller owns. */
export async function addToPlaylist(id: number, trackIds: string[]): Promise<void> {
  await api.changePlaylist(id, { append: trackIds });
  await reloadPlaylists();
}
