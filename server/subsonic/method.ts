// What a Subsonic method is: a name, who may call it, and a handler. The
// route table (routes.ts) is a list of these; an endpoint of the spec that
// Hearth does not build is listed with `planned` instead of a handler, so
// the gap is visible in one place and answers an explicit error.
import type { Context } from 'koa';
import type { User } from '../auth/users.js';
import type { AppDeps } from '../http/deps.js';
import type { Params } from './params.js';
import type { Payload } from './render.js';

/** The caller's view of the library: their id and the libraries they see. */
export interface Scope {
  userId: number;
  /** Library (music folder) ids the caller sees, narrowed by musicFolderId. */
  libraryIds: number[];
}

/** Everything a handler of an unauthenticated method gets. */
export interface PublicCall {
  ctx: Context;
  deps: AppDeps;
  params: Params;
  /** The client's name (the c parameter). */
  client: string;
}

/** Everything a handler of an authenticated method gets. */
export interface Call extends PublicCall {
  user: User;
  scope: Scope;
}

/** A handler returns the payload, or nothing when it wrote a binary body. */
type Result = Payload | void;

export type SubsonicMethod =
  | {
      name: string;
      access: 'public';
      handler: (call: PublicCall) => Result | Promise<Result>;
    }
  | {
      name: string;
      access: 'user' | 'admin';
      handler: (call: Call) => Result | Promise<Result>;
    }
  | { name: string; planned: string };

/** Declares a method; a function so the table reads as a list of calls. */
export function method(spec: SubsonicMethod): SubsonicMethod {
  return spec;
}
