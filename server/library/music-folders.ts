// The music folders as they are on disk now. One that is missing or cannot
// be listed does not stop the server (a USB disk may be unplugged): it is
// named in a warning at start, and every scan records it as a failure until
// it is back. Nothing outside them is indexed or served: a path counts as
// inside by its real path (symlinks resolved).
import fs from 'node:fs';
import path from 'node:path';
import { logger, type Logger } from '../log.js';

const reasons: Record<string, string> = {
  ENOENT: 'music folder does not exist',
  ENOTDIR: 'music folder is not a folder',
  EACCES: 'music folder cannot be read: permission denied',
  EPERM: 'music folder cannot be read: permission denied',
};

/** Why a music folder could not be listed, from the file-system error. */
export function musicFolderReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return reasons[code] ?? `music folder cannot be read: ${code || String(err)}`;
}

/** True when `real` is `root` itself or lies below it (both already real paths). */
export function isInside(real: string, root: string): boolean {
  const rel = path.relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Real paths of the music folders that exist now. */
export function realMusicFolders(folders: readonly string[]): string[] {
  return folders.flatMap((folder) => {
    try {
      return [fs.realpathSync.native(folder)];
    } catch {
      return [];
    }
  });
}

/** Why the scanner cannot list this music folder now, or null when it can. */
export function musicFolderProblem(dir: string): string | null {
  try {
    if (!fs.statSync(dir).isDirectory()) return musicFolderReason({ code: 'ENOTDIR' });
    fs.opendirSync(dir).closeSync();
    return null;
  } catch (err) {
    return musicFolderReason(err);
  }
}

/** Logs a warning for each music folder that cannot be scanned now. */
export function warnAboutMusicFolders(
  folders: readonly string[],
  log: Logger = logger('scanner'),
): void {
  for (const dir of folders) {
    const reason = musicFolderProblem(dir);
    if (reason) log.warn({ path: dir, reason }, 'music folder cannot be scanned');
  }
}
