// Which library items a user limited to some music folders may see, as SQL
// conditions the read queries add. A user who sees every folder gets no
// condition at all (`seenBy` undefined), so their queries are unchanged.
export type ItemKind = 'track' | 'album' | 'artist' | 'folder';

/**
 * SQL that is true when the item named by the SQL expression `id` lies in a
 * music folder the user named by `user` (an SQL expression too: a column,
 * `?` or `@user`) may see. `user` appears exactly once.
 */
export function visibleWhere(kind: ItemKind, id: string, user: string): string {
  // Aliases start with v so they never shadow the caller's (f, t, al, ar).
  const libraries = `vf.library_id IN (
    SELECT library_id FROM user_library WHERE user_id = ${user})`;
  const trackIn = `SELECT 1 FROM track vt JOIN folder vf ON vf.id = vt.folder_id
    WHERE ${libraries}`;
  switch (kind) {
    case 'track':
      return `EXISTS (${trackIn} AND vt.id = ${id})`;
    case 'album':
      return `EXISTS (${trackIn} AND vt.album_id = ${id})`;
    case 'artist':
      return `EXISTS (${trackIn} AND (
        EXISTS (SELECT 1 FROM track_artist vta
                WHERE vta.track_id = vt.id AND vta.artist_id = ${id})
        OR EXISTS (SELECT 1 FROM album_artist vaa
                   WHERE vaa.album_id = vt.album_id AND vaa.artist_id = ${id})))`;
    case 'folder':
      return `EXISTS (SELECT 1 FROM folder vf WHERE ${libraries} AND vf.id = ${id})`;
  }
}
