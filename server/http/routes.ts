// The route table. Every HTTP route is declared as data: method, path, who
// may call it, and the handler. The app mounts the table; the auth layer and
// its table-driven test read the same list, so no route escapes a decision.
import type { Context } from 'koa';
import type { ZodObject } from 'zod';
import type { AppDeps } from './deps.js';

export type Access = 'public' | 'user' | 'admin';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Schemas of a route's input; the handler parses with them, docs/api.md lists them. */
export interface RouteInput {
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodObject;
}

export interface RouteSpec {
  method: Method;
  path: string;
  access: Access;
  /** One line for docs/api.md and the route-table test. */
  summary: string;
  input?: RouteInput;
  /** Name of the response shape, described in docs/api.md. */
  response?: string;
  handler: (ctx: Context, deps: AppDeps) => Promise<void> | void;
}

/** Declares a route; a function so the table reads as a list of calls. */
export function route(spec: RouteSpec): RouteSpec {
  return spec;
}
