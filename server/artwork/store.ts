// Thumbnails on disk, in the data folder's artwork/ folder: one file per
// source key, size and format, written atomically so a reader in another
// process never sees half a file. The folder is bounded by artworkCacheMb:
// trim() removes the oldest files first (by modification time; a hit
// touches its file, so the order is least recently used).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../log.js';
import type { ThumbnailFormat, ThumbnailSize } from './sizes.js';

const log = logger('artwork');

export interface ThumbnailName {
  key: string;
  size: ThumbnailSize;
  format: ThumbnailFormat;
}

export class ArtworkStore {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly maxBytes: number,
  ) {
    this.dir = path.join(dataDir, 'artwork');
  }

  /** False when the cache is off (artworkCacheMb = 0). */
  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  fileOf({ key, size, format }: ThumbnailName): string {
    return path.join(this.dir, key.slice(0, 2), `${key}-${size}.${format}`);
  }

  /** A cached thumbnail, or null; a hit counts as a use for trim(). */
  async read(name: ThumbnailName): Promise<Buffer | null> {
    if (!this.enabled) return null;
    const file = this.fileOf(name);
    const data = await fs.promises.readFile(file).catch(() => null);
    if (data) {
      const now = new Date();
      fs.utimes(file, now, now, () => {});
    }
    return data;
  }

  has(name: ThumbnailName): boolean {
    return this.enabled && fs.existsSync(this.fileOf(name));
  }

  /** Writes then renames, so readers see the whole file or none. */
  write(name: ThumbnailName, data: Buffer): void {
    if (!this.enabled) return;
    const file = this.fileOf(name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  }

  /** Bytes held now. */
  size(): number {
    return this.files().reduce((sum, file) => sum + file.bytes, 0);
  }

  /** Removes the least recently used files until the folder fits its bound. */
  trim(): { removed: number; bytes: number } {
    const files = this.files().sort((a, b) => a.mtimeMs - b.mtimeMs);
    let bytes = files.reduce((sum, file) => sum + file.bytes, 0);
    let removed = 0;
    for (const file of files) {
      if (bytes <= this.maxBytes) break;
      fs.rmSync(file.path, { force: true });
      bytes -= file.bytes;
      removed++;
    }
    if (removed > 0) log.info({ removed, bytes }, 'artwork cache trimmed');
    return { removed, bytes };
  }

  private files(): { path: string; bytes: number; mtimeMs: number }[] {
    const found: { path: string; bytes: number; mtimeMs: number }[] = [];
    for (const shard of safeList(this.dir)) {
      for (const name of safeList(path.join(this.dir, shard))) {
        const file = path.join(this.dir, shard, name);
        try {
          const stat = fs.statSync(file);
          if (stat.isFile())
            found.push({ path: file, bytes: stat.size, mtimeMs: stat.mtimeMs });
        } catch {
          // Removed meanwhile by another process's trim.
        }
      }
    }
    return found;
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
