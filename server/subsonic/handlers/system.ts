// System, users and scanning: ping, licence, extensions, music folders, the
// caller's (or, for admins, anyone's) account, and the library scan.
import { findUser, visibleLibraryIds } from '../../auth/users.js';
import { notAuthorized, notFound } from '../errors.js';
import { libraryNames } from '../catalog/folders.js';
import * as map from '../mapper.js';
import type { Call } from '../method.js';
import type { Payload } from '../render.js';

/** The OpenSubsonic extensions Hearth implements, with their versions. */
export const extensions = [
  { name: 'apiKeyAuthentication', versions: [1] },
  { name: 'formPost', versions: [1] },
  { name: 'transcodeOffset', versions: [1] },
  { name: 'songLyrics', versions: [1] },
];

export const ping = (): Payload => ({});

export const getLicense = (): Payload => ({ license: { valid: true } });

export const getOpenSubsonicExtensions = (): Payload => ({
  openSubsonicExtensions: extensions,
});

export function getMusicFolders({ deps, user }: Call): Payload {
  const ids = visibleLibraryIds(deps.db, user);
  const names = libraryNames(deps.db, ids);
  return map.musicFolders(ids.map((id) => ({ id, name: names.get(id) ?? String(id) })));
}

/** The caller's account; another user's only for admins. */
export function getUser({ deps, user, params }: Call): Payload {
  const name = params.required('username');
  if (name.toLowerCase() !== user.username.toLowerCase() && user.role !== 'admin') {
    throw notAuthorized('Only admins may read other users.');
  }
  const target = findUser(deps.db, name);
  if (!target) throw notFound('User');
  return map.userPayload(target, visibleLibraryIds(deps.db, target));
}

function scanStatus({ deps }: Call): Payload {
  const status = deps.scan.status();
  const { n } = deps.db.prepare('SELECT count(*) AS n FROM track').get() as { n: number };
  return {
    scanStatus: { scanning: status.running, count: status.running ? status.done : n },
  };
}

export const getScanStatus = scanStatus;

/** Starts a scan (admins only, by the route table) and reports the status. */
export function startScan(call: Call): Payload {
  const full = call.params.bool('fullScan', false);
  const { started } = call.deps.scan.start({ full });
  call.ctx.log.info({ started, full }, 'scan requested over subsonic');
  return scanStatus(call);
}
