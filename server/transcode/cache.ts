// The transcode cache: finished transcodes kept as files in the data folder,
// bounded in size, evicted least recently used first. The folder itself is
// the index, so every worker process shares it without coordination:
// - a finished file is `<key>.<suffix>`; its mtime is its last use;
// - a transcode in progress writes `<key>.<pid>.<random>.part` and is renamed
//   into place when ffmpeg succeeds (rename is atomic; a reader keeps its
//   open handle across it);
// - eviction lists the folder, and deletes the oldest files until the total
//   fits. Two processes evicting at once only race to delete the same file.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../log.js';

const log = logger('transcode');

/** What identifies a source file's content: change any of it and the key changes. */
export interface CacheSource {
  /** The file's real path. */
  path: string;
  size: number;
  /** Modification time in milliseconds. */
  mtimeMs: number;
}

interface Entry {
  file: string;
  size: number;
  mtimeMs: number;
}

/** Version of the output arguments; bump it when a profile's ffmpeg arguments change. */
const argsVersion = 1;

/** Part files older than this whose writer is gone are leftovers of a crash. */
const orphanPartMs = 10 * 60 * 1000;

export class TranscodeCache {
  private evicting: Promise<void> = Promise.resolve();

  /**
   * @param dir folder of cached files (created on first write)
   * @param maxBytes size bound; 0 disables the cache
   */
  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The cache key of one source file in one profile. */
  static key(source: CacheSource, profileId: string): string {
    return createHash('sha256')
      .update(JSON.stringify([argsVersion, source.path, source.size, source.mtimeMs]))
      .update(profileId)
      .digest('hex')
      .slice(0, 40);
  }

  /** The finished file for a key, marking it used; null when absent. */
  async find(key: string, suffix: string): Promise<string | null> {
    if (!this.enabled) return null;
    const file = path.join(this.dir, `${key}.${suffix}`);
    try {
      const now = new Date();
      await fs.utimes(file, now, now);
      return file;
    } catch {
      return null;
    }
  }

  /** A fresh path for a transcode in progress. */
  partFile(key: string): string {
    const tag = randomBytes(4).toString('hex');
    return path.join(this.dir, `${key}.${process.pid}.${tag}.part`);
  }

  /** Moves a finished part file into the cache (or drops it when disabled). */
  async commit(part: string, key: string, suffix: string): Promise<string | null> {
    if (!this.enabled) {
      await fs.rm(part, { force: true });
      return null;
    }
    const file = path.join(this.dir, `${key}.${suffix}`);
    await fs.rename(part, file);
    await this.evict();
    return file;
  }

  /** Deletes least recently used files until the total fits; serialized per process. */
  evict(): Promise<void> {
    this.evicting = this.evicting
      .then(() => this.evictNow())
      .catch((err: unknown) => {
        log.warn({ err }, 'transcode cache eviction failed');
      });
    return this.evicting;
  }

  /** Finished files, oldest use first, and the total of their sizes. */
  async entries(): Promise<{ entries: Entry[]; total: number }> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const entries: Entry[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (!stat?.isFile()) continue;
      if (name.endsWith('.part')) {
        await this.dropOrphanPart(file, name, stat.mtimeMs);
        continue;
      }
      entries.push({ file, size: stat.size, mtimeMs: stat.mtimeMs });
    }
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    return { entries, total: entries.reduce((sum, e) => sum + e.size, 0) };
  }

  private async evictNow(): Promise<void> {
    const { entries, total } = await this.entries();
    let remaining = total;
    for (const entry of entries) {
      if (remaining <= this.maxBytes) break;
      await fs.rm(entry.file, { force: true });
      remaining -= entry.size;
      log.debug({ file: path.basename(entry.file), size: entry.size }, 'cache evicted');
    }
  }

  /** Removes a part file left by a process that is gone. */
  private async dropOrphanPart(file: string, name: string, mtimeMs: number) {
    const pid = Number(name.split('.')[1]);
    if (Date.now() - mtimeMs < orphanPartMs || isAlive(pid)) return;
    await fs.rm(file, { force: true });
  }
}

/** True when a process with this pid exists (signal 0 only checks). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
