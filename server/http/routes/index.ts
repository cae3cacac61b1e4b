// Collects the route tables of each API area.
import type { RouteSpec } from '../routes.js';
import { systemRoutes } from './system.js';

export const apiRoutes: RouteSpec[] = [...systemRoutes];
