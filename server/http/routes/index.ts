// Collects the route tables of each API area.
import type { RouteSpec } from '../routes.js';
import { adminRoutes } from './admin.js';
import { albumRoutes } from './albums.js';
import { artistRoutes } from './artists.js';
import { coverRoutes } from './covers.js';
import { folderRoutes } from './folders.js';
import { libraryRoutes } from './library.js';
import { searchRoutes } from './search.js';
import { streamRoutes } from './stream.js';
import { systemRoutes } from './system.js';
import { trackRoutes } from './tracks.js';

export const apiRoutes: RouteSpec[] = [
  ...systemRoutes,
  ...libraryRoutes,
  ...artistRoutes,
  ...albumRoutes,
  ...trackRoutes,
  ...streamRoutes,
  ...coverRoutes,
  ...folderRoutes,
  ...searchRoutes,
  ...adminRoutes,
];
