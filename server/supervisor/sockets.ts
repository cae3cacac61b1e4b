// Where HTTP workers listen for the dispatcher: a Unix domain socket in a
// folder only this user can open (a named pipe on Windows), never a TCP port.
//
// Why not 127.0.0.1: the kernel sizes a loopback TCP connection's buffers
// itself, and a worker streaming to a paused player filled them to about
// 1 MB per listener (452 MB for 500 raw listeners, measured with ss), enough
// to push the machine's TCP memory into pressure, where every stream slows
// down at once. A Unix socket's buffer stays at the system default (about
// 200 KiB) and is not TCP memory at all; it also costs less CPU per byte,
// and nothing on the network, or any other user, can reach it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logger } from '../log.js';
import { processAlive } from '../pids.js';

const log = logger('supervisor');

/** The longest Unix socket path every platform takes (macOS: 104 bytes). */
const maxPathBytes = 100;
const windows = process.platform === 'win32';

/** The folder (or pipe-name prefix) one supervisor's workers listen in. */
export interface SocketPlace {
  readonly base: string;
  /** Removes the folder and any socket left in it. */
  remove(): void;
}

// Each folder is named after its supervisor (hearth-sock-<pid>-XXXXXX), so
// the folder of a supervisor that died without removing it (kill -9) is
// known for what it is, and removed by the next supervisor that starts.
const folderPrefix = 'hearth-sock-';
const folderOfPid = /^hearth-sock-(\d+)-/;

/** Removes the socket folders in `root` whose supervisor is gone. */
export function removeDeadSocketFolders(root: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(folderOfPid.exec(name)?.[1] ?? 0);
    if (!pid || processAlive(pid)) continue;
    const folder = path.join(root, name);
    try {
      // Only this user's: another user's folder is theirs to clean up.
      if (fs.lstatSync(folder).uid !== process.getuid?.()) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      log.info({ path: folder, pid }, 'socket folder of a stopped supervisor removed');
    } catch {
      // Gone already, or not ours to remove: either way not this run's concern.
    }
  }
}

/** Makes a new private place for this run's worker sockets. */
export function makeSocketPlace(): SocketPlace {
  if (windows) {
    const base = `\\\\.\\pipe\\hearth-${randomBytes(8).toString('hex')}`;
    return { base, remove: () => undefined };
  }
  // The folder's path plus a worker's socket name (about 50 bytes) must fit.
  const roots = [os.tmpdir(), '/tmp'];
  const root = roots.find((dir) => dir.length + 50 < maxPathBytes) ?? '/tmp';
  removeDeadSocketFolders(root);
  // mkdtemp creates the folder 0700: only this user can connect inside it.
  const base = fs.mkdtempSync(path.join(root, `${folderPrefix}${process.pid}-`));
  return { base, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/**
 * Removes a socket file left by a process that died with the same pid. A
 * named pipe on Windows is no file and vanishes with its server.
 */
export function clearStaleSocket(socket: string): void {
  if (!windows) fs.rmSync(socket, { force: true });
}

/** The socket one worker process listens on (its pid: old and new never clash). */
export function workerSocketPath(base: string, slot: string, pid: number): string {
  if (windows) return `${base}-${slot}-${pid}`;
  return path.join(base, `${slot}-${pid}.sock`);
}
