// Browsing by folder: the roots, then one folder at a time.
import { seenBy } from '../../auth/visibility.js';
import { NotFoundError } from '../errors.js';
import { folderDetail, rootFolders } from '../queries/folders.js';
import { route } from '../routes.js';
import { idParams } from './input.js';

export const folderRoutes = [
  route({
    method: 'GET',
    path: '/api/folders',
    access: 'user',
    summary: 'The top folder of each music folder.',
    response: 'FolderList',
    handler: (ctx, deps) => {
      ctx.body = { folders: rootFolders(deps.db, seenBy(ctx)) };
    },
  }),
  route({
    method: 'GET',
    path: '/api/folders/:id',
    access: 'user',
    summary: 'One folder: its parents, subfolders and tracks (by file name).',
    input: { params: idParams },
    response: 'FolderDetail',
    handler: (ctx, deps) => {
      const folder = folderDetail(deps.db, idParams.parse(ctx.params).id);
      if (!folder) throw new NotFoundError('folder');
      ctx.body = folder;
    },
  }),
];
