// Collects the route tables of each API area.
import type { RouteSpec } from '../routes.js';
import { adminRoutes } from './admin.js';
import { albumRoutes } from './albums.js';
import { annotationRoutes } from './annotations.js';
import { artistRoutes } from './artists.js';
import { authRoutes } from './auth.js';
import { coverRoutes } from './covers.js';
import { folderRoutes } from './folders.js';
import { libraryRoutes } from './library.js';
import { playerListRoutes } from './player-lists.js';
import { playlistRoutes } from './playlists.js';
import { queueRoutes } from './queue.js';
import { scrobblingRoutes } from './scrobbling.js';
import { searchRoutes } from './search.js';
import { settingsRoutes } from './settings.js';
import { streamRoutes } from './stream.js';
import { systemRoutes } from './system.js';
import { trackRoutes } from './tracks.js';
import { userRoutes } from './users.js';

export const apiRoutes: RouteSpec[] = [
  ...systemRoutes,
  ...authRoutes,
  ...userRoutes,
  ...libraryRoutes,
  ...artistRoutes,
  ...albumRoutes,
  ...trackRoutes,
  ...streamRoutes,
  ...coverRoutes,
  ...folderRoutes,
  ...searchRoutes,
  ...playerListRoutes,
  ...annotationRoutes,
  ...scrobblingRoutes,
  ...playlistRoutes,
  ...queueRoutes,
  ...adminRoutes,
  ...settingsRoutes,
];
