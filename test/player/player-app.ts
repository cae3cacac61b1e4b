// The app over the fixture library, scanned for real, with two plain users
// signed in over HTTP: what the player API tests run against.
import { signIn, type SignedIn } from '../helpers/auth.js';
import { startLibraryApp, trackIdOf, type LibraryApp } from '../http/library-app.js';

export interface PlayerApp extends LibraryApp {
  alice: SignedIn;
  bob: SignedIn;
  /** Track ids of Northern Lights in album order, and one more track. */
  ids: { dawn: string; morning: string; dusk: string; cafe: string };
}

export async function startPlayerApp(): Promise<PlayerApp> {
  const app = await startLibraryApp();
  const alice = await signIn(app, 'user');
  const bob = await signIn(app, 'user');
  const ids = {
    dawn: trackIdOf(app, 'Aurora Lane/Northern Lights/CD1/01 Dawn.flac'),
    morning: trackIdOf(app, 'Aurora Lane/Northern Lights/CD1/02 Morning.flac'),
    dusk: trackIdOf(app, 'Aurora Lane/Northern Lights/CD2/01 Dusk.flac'),
    cafe: trackIdOf(app, 'Björk Sæther/Éclair/01 Café Crème.mp3'),
  };
  return { ...app, alice, bob, ids };
}

/** JSON of a response, after checking its status (the body is in the message). */
export async function json<T = Record<string, unknown>>(
  res: Response,
  status = 200,
): Promise<T> {
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

/** A JSON request body with its method. */
export const send = (method: string, body: unknown): RequestInit => ({
  method,
  body: JSON.stringify(body),
});
