// Raw file serving: the original bytes of a track, or any trusted file, with
// Range, Accept-Ranges, Content-Length, ETag / Last-Modified and 304, all done
// by the `send` package. A track is served only when its real path (symlinks
// resolved) lies inside the real path of a configured music folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream';
import type { Context } from 'koa';
import send from 'send';
import { HearthError, InvalidInputError, NotFoundError } from '../http/errors.js';
import { isInside } from '../library/music-folders.js';

/** What sendRaw needs to know about a track. */
export interface RawTrack {
  path: string;
  suffix: string;
}

/** MIME types by file suffix, for formats whose generic lookup is wrong or absent. */
const audioTypes: Record<string, string> = {
  mp3: 'audio/mpeg',
  mp2: 'audio/mpeg',
  mpga: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  spx: 'audio/ogg',
  webm: 'audio/webm',
  weba: 'audio/webm',
  mka: 'audio/x-matroska',
  mkv: 'audio/x-matroska',
  m4a: 'audio/mp4',
  m4b: 'audio/mp4',
  m4p: 'audio/mp4',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  aifc: 'audio/aiff',
  wma: 'audio/x-ms-wma',
  asf: 'audio/x-ms-asf',
  ape: 'audio/x-ape',
  wv: 'audio/x-wavpack',
  mpc: 'audio/x-musepack',
  dsf: 'audio/x-dsf',
  dff: 'audio/x-dff',
};

/** The Content-Type Hearth announces for a file with this suffix. */
export function contentTypeFor(suffix: string): string {
  return (
    audioTypes[suffix.toLowerCase().replace(/^\./, '')] ?? 'application/octet-stream'
  );
}

/** Real paths of the folders that exist; a missing folder contains nothing. */
export async function realRoots(folders: readonly string[]): Promise<string[]> {
  const roots = await Promise.all(
    folders.map((folder) => fs.realpath(folder).catch(() => null)),
  );
  return roots.filter((root): root is string => root !== null);
}

/**
 * The real path of a regular file that lies inside one of the music folders,
 * or null: missing, not a file, unreadable name, or outside (a symlink that
 * leads out of the library counts as outside).
 */
export async function fileInside(
  file: string,
  musicFolders: readonly string[],
): Promise<string | null> {
  try {
    const real = await fs.realpath(file);
    const roots = await realRoots(musicFolders);
    if (!roots.some((root) => isInside(real, root))) return null;
    return (await fs.stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Turns an error from `send` into Hearth's named errors. */
function fromSend(err: { status?: number; headers?: Record<string, string> }): Error {
  switch (err.status) {
    case 400:
      return new InvalidInputError('malformed path');
    case 403:
    case 404:
      return new NotFoundError('file');
    case 412:
      return new HearthError(412, 'precondition_failed', 'precondition failed');
    case 416:
      return new HearthError(416, 'range_not_satisfiable', 'range not satisfiable', {
        ...err.headers,
      });
    default:
      return new HearthError(
        500,
        'file_unreadable',
        'file cannot be read',
        {},
        {
          cause: err,
        },
      );
  }
}

/** Headers send sets before it can still fail; cleared so an error body stands alone. */
const sendHeaders = [
  'Accept-Ranges',
  'Cache-Control',
  'Content-Length',
  'Content-Range',
  'Content-Type',
  'ETag',
  'Last-Modified',
];

/**
 * Lets a `send` stream write the response, and settles when the response is
 * over. Errors before the first byte become named errors for the JSON error
 * middleware; an error mid-body can only cut the connection.
 */
export function respondWithSend(ctx: Context, stream: send.SendStream): Promise<void> {
  return new Promise((resolve, reject) => {
    // Koa presets 404; send only sets 206 and 304 itself.
    ctx.status = 200;
    ctx.respond = false;

    stream.on('error', (err: { status?: number; headers?: Record<string, string> }) => {
      if (ctx.res.headersSent) {
        ctx.log.warn({ err }, 'file stream failed mid-body');
        ctx.res.destroy();
        return;
      }
      for (const name of sendHeaders) ctx.res.removeHeader(name);
      ctx.respond = true;
      reject(fromSend(err));
    });
    finished(ctx.res, () => resolve());
    stream.pipe(ctx.res);
  });
}

export interface SendFileOptions {
  /** Content-Type to announce; by default, from the file's extension. */
  contentType?: string;
  /** Cache-Control; by default private and revalidated by ETag every time. */
  cacheControl?: string;
}

/**
 * Serves one trusted file by absolute path: Range (206, suffix, open-ended,
 * 416), Accept-Ranges, Content-Length, ETag and Last-Modified with 304.
 * The caller vouches for the path (sendRaw checks it; a cache owns its files).
 */
export function sendFile(
  ctx: Context,
  file: string,
  options: SendFileOptions = {},
): Promise<void> {
  // send takes a URL path below a root; encoding the name keeps '%' and '#' literal.
  const stream = send(ctx.req, '/' + encodeURIComponent(path.basename(file)), {
    root: path.dirname(file),
    dotfiles: 'allow',
    index: false,
  });
  stream.on('headers', (res) => {
    res.setHeader('Cache-Control', options.cacheControl ?? 'private, max-age=0');
    if (options.contentType) res.setHeader('Content-Type', options.contentType);
  });
  return respondWithSend(ctx, stream);
}

/**
 * Serves a track's original file, only if it lies inside the music folders.
 * Anything else (missing file, symlink out of the library) is a 404.
 */
export async function sendRaw(
  ctx: Context,
  track: RawTrack,
  musicFolders: readonly string[],
): Promise<void> {
  const real = await fileInside(track.path, musicFolders);
  if (!real) {
    ctx.log.warn({ file: track.path }, 'track file missing or outside the library');
    throw new NotFoundError('file');
  }
  await sendFile(ctx, real, { contentType: contentTypeFor(track.suffix) });
}
